"""The Phidias configuration source (docs/phidias.md P2-P10): the hypervisor part,
then each guest's part, rendered by `cfile`. The same generator serves both
iterations; in iteration 1 the values not laid out yet read as 0."""

from __future__ import annotations

from lxml import etree

from schism.cbi.phidias import cfile
from schism.cbi.phidias.guests import GuestPart, guest_definitions
from schism.cbi.phidias.hypervisor import HypervisorPart
from schism.cbi.phidias.model import Scenario


def generate(tree: etree._ElementTree, iteration: int) -> str:
    del iteration  # the input file already says which values are known
    sc = Scenario(tree)
    guests = [GuestPart(sc, g) for g in sc.guests]
    vcpus_on = [[ref for g in guests if (ref := g.vcpu_ref(i)) is not None]
                for i in range(sc.ncpus)]
    hypervisor = HypervisorPart(sc, vcpus_on)
    definitions = hypervisor.definitions()  # assigns the slots ref_slot reads
    definitions += guest_definitions(guests, hypervisor.ref_slot)
    return cfile.render(definitions)
