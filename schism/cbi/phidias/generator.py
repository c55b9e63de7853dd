"""The Phidias configuration source (docs/phidias.md P2-P10): the hypervisor part,
then each guest's part, rendered by `cfile`. The same generator serves both
iterations (in iteration 1 the values not laid out yet read as 0) and every
Phidias version: what differs comes from its `Interface`."""

from __future__ import annotations

from lxml import etree

from schism.cbi.phidias import cfile
from schism.cbi.phidias.interface import SEED, Interface
from schism.cbi.phidias.model import Scenario


def generate(tree: etree._ElementTree, iteration: int, iface: Interface = SEED) -> str:
    del iteration  # the input file already says which values are known
    sc = Scenario(tree)
    guests = [iface.guest_part(iface, sc, g, n) for n, g in enumerate(sc.guests, 1)]
    vcpus_on: list[list[str]] = [[] for _ in range(sc.ncpus)]
    for g in guests:
        for host, ref in g.vcpu_refs(sc.ncpus):
            vcpus_on[host].append(ref)
    hypervisor = iface.hypervisor_part(iface, sc, vcpus_on)
    definitions = iface.hypervisor_definitions(hypervisor)  # assigns the slots ref_slot reads
    definitions += iface.guest_definitions(guests, hypervisor.ref_slot)
    return cfile.render(definitions, iface.file_layout(sc))
