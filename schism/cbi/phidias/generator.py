"""The Phidias configuration source (docs/phidias.md P2-P10): the hypervisor part,
then each guest's part, rendered by `cfile`. The same generator serves both
iterations (in iteration 1 the values not laid out yet read as 0) and every
Phidias version: what differs comes from its `Interface`."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from lxml import etree

from schism.cbi.phidias import cfile
from schism.cbi.phidias.interface import SEED, Interface
from schism.cbi.phidias.model import Scenario


def generate(tree: etree._ElementTree, iteration: int, iface: Interface = SEED) -> str:
    del iteration  # the input file already says which values are known
    with _collector_paused():
        return _generate(tree, iface)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Generation makes a few hundred thousand tuples, lists and strings that
    live until the text is written, and no reference cycles: the cyclic
    collector's passes over them (a twentieth of the time at 6400 guests,
    even at the stage process's pace) would find nothing to free."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _generate(tree: etree._ElementTree, iface: Interface) -> str:
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
