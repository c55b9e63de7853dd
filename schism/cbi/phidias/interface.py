"""The configuration binary interface a Phidias generator writes for.

`Interface` is the seed generator's (docs/phidias.md P1-P10, the `phidias` CBI):
every point where Phidias versions are known to differ is an attribute or a
method here, with the seed's answer. A later Phidias subclasses it and
overrides only what differs (schism/cbi/phidias_v0010/interface.py), so the
generator modules (hypervisor.py, guests.py, vdevs.py, trees.py, cfile.py)
hold what the versions share."""

from __future__ import annotations

from collections.abc import Callable

from schism.cbi.phidias import cfile, trees, vdevs
from schism.cbi.phidias.cfile import Definition
from schism.cbi.phidias.guests import GuestPart
from schism.cbi.phidias.hypervisor import HypervisorPart
from schism.cbi.phidias.model import Map, Scenario, memarea_flags

# the hypervisor's own memareas, the same slots in every Phidias known
CORE_SLOTS = {
    "core_rx": 0, "core_r": 1, "core_rw": 2, "core_rws": 3, "core_rwt": 4,
    "pagetables": 5, "blob": 6, "stack": 7, "config_r": 8, "config_rw": 9,
    "config_rws": 10, "config_rwt": 11,
}


class Interface:
    """The seed's interface."""

    name = "phidias"
    layout: cfile.Layout = cfile.SEED
    tree_order = trees.PRE_ORDER
    # memarea slots Phidias finds by number; other maps follow from first_free on
    fixed_slots: dict[str, int] = {
        **CORE_SLOTS, "trace": 12, "serial": 16, "mpcore": 17, "cs7a": 24, "mbox": 24, "irqc": 25,
    }
    first_free = 32
    kinds = vdevs.KINDS
    capability_types = {"ipc": "CAPABILITY_IPC"}
    # placeholder type, rw value, rws value
    placeholders = ("uint32_t", "0xbeef", "0x7ee1beef")
    # _specification fields between `_specification_cpus` and the timestamp
    specification_extra: tuple[str, ...] = ()
    hypervisor_part: type[HypervisorPart] = HypervisorPart
    guest_part: type[GuestPart] = GuestPart

    def memarea(self, m: Map, cpu: int, ref: str = "NULL") -> tuple[str, int]:
        """A memarea initializer and its tree key for `cpu`. Quirk 4: the
        map's offset moves both PA and VA (unlike the page tables), subsize
        replaces the size, and the tree key is the map base without offset."""
        va = m.va(cpu)
        offset = m.offset
        size = m.target_size if m.subsize is None else m.subsize  # `m.size()`
        # hex() is format_hex for these sums of parsed HEX values, never negative
        return (f"{{ {hex(m.pa(cpu) + offset)}, {hex(va + offset)}, {hex(size)}, "
                f"{memarea_flags(m.flags)}, {ref} }}"), va

    def guest_memarea_cpu(self, vcpu: int, host: int) -> int:
        """The CPU index a guest memarea of vCPU `vcpu` (on host CPU `host`)
        is read with: quirks 2 and 15, the vCPU number."""
        del host
        return vcpu

    def file_layout(self, sc: Scenario) -> cfile.Layout:
        """The file layout for this scenario (the seed: always the same)."""
        del sc
        return self.layout

    def tree(self, ctype: str, top: str, array: str,
             entries: list[tuple[int, int]]) -> list[Definition]:
        return trees.tree(ctype, top, array, entries, self.tree_order)

    def hypervisor_definitions(self, hv: HypervisorPart) -> list[Definition]:
        return hv.definitions()

    def guest_definitions(self, guests: list[GuestPart],
                          ref_slot: Callable[[str], int | None]) -> list[Definition]:
        """The guest part kind by kind, each kind for every guest before the
        next (the original ran one pass over the guests per kind; a single
        guest reads as docs/phidias.md P5 lists it)."""
        # loops, not comprehensions, per guest: most guests have one vCPU
        defs = [g.vm() for g in guests]
        for g in guests:
            defs.append(g.vcpus())
            for j in range(len(g.cpumap)):
                defs.append(g.scheds(j))
        for g in guests:
            for j in range(len(g.cpumap)):
                defs += g.memareas(j, ref_slot)
        defs += [g.capabilities() for g in guests]
        defs += [g.copyins() for g in guests]
        for g in guests:
            # every vCPU's emulate array, then every vCPU's tree (the
            # original built the trees in a second pass over the vCPUs)
            nodes = []
            for j in range(len(g.cpumap)):
                emulates, tree = g.emulates(j)
                defs.append(emulates)
                nodes += tree
            defs += nodes
        for g in guests:
            defs += g.vdev_objects()
        return defs


SEED = Interface()
