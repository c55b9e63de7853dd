"""The hypervisor part of the configuration: `_specification`, per-CPU
descriptors, memareas and their trees, the vCPU lists (docs/phidias.md P3, P4).

What a Phidias version does differently (slot numbers, how a map's offset
moves a memarea, the specification's fields, the definition order) comes
from its `Interface` (schism/cbi/phidias/interface.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schism import cbi
from schism.cbi.phidias.cfile import RO, ROH, RW, RWS, Definition, array, block, definition, inline
from schism.cbi.phidias.model import Map, Scenario, table_get
from schism.errors import at
from schism.ext.values import attribute, format_hex, shared_table

if TYPE_CHECKING:
    from schism.cbi.phidias.interface import Interface

EMPTY_SLOT = "{ 0, 0, 0, 0, NULL }"


class HypervisorPart:
    """Slots of every CPU. Each map keeps the slot it got for the last CPU it
    applies to; guest memareas refer to that one (`ref_slot`, a quirk kept)."""

    def __init__(self, iface: Interface, sc: Scenario, vcpus_on: list[list[str]]):
        self.iface = iface
        self.sc = sc
        # per host CPU: one `vm_<g>_cpus + <j>` entry per guest that runs there
        self.vcpus_on = vcpus_on
        self.mmu_base = attribute(sc.hv_mmu, "base", shared_table, None)
        self._slot_cache: dict[int, tuple[list[str], list[tuple[int, int]]]] = {}
        self._on: list[list[Map]] | None = None

    def ref_slot(self, xref: str) -> int | None:
        """The slot a guest memarea of `xref` refers to: that of the first
        hypervisor map of `xref` (None: no such map, the ref is NULL)."""
        m = self.sc.hv_map_by_xref.get(xref)
        if m is None:
            return None
        return 0 if m.index is None else m.index

    def definitions(self) -> list[Definition]:
        """The seed's order: specification, CPU descriptors, every CPU's
        memareas and tree, then the vCPU lists, then the placeholders."""
        per_cpu = [d for i in range(self.sc.ncpus) for d in self.memareas(i)]
        lists = [d for i in range(self.sc.ncpus) if (d := self.vm_cpus(i)) is not None]
        return [self.specification(), self.specification_cpus(), *per_cpu, *lists,
                *self.placeholders()]

    def specification_cpus(self) -> Definition:
        lines = []
        for i in range(self.sc.ncpus):
            vcpus = self.vcpus_on[i]
            guests = f"{len(vcpus)}, cpu{i}_vm_cpus" if vcpus else "0, NULL"
            lines.append(inline([
                format_hex(table_get(self.mmu_base, i)), str(len(self._slots(i)[0])),
                f"cpu{i}_memareas", f"&cpu{i}_memtree", guests, "{}",
            ]))
        return definition((RO, "specification_cpu", f"_specification_cpus[{self.sc.ncpus}]",
                           array(lines)))

    def memareas(self, cpu: int) -> list[Definition]:
        """`cpu<i>_memareas` and its tree."""
        lines, entries = self._slots(cpu)
        defs = [definition((RO, "memarea", f"cpu{cpu}_memareas[{len(lines)}]", array(lines)))]
        return defs + self.iface.tree("tree_memarea", f"cpu{cpu}_memtree", f"cpu{cpu}_memareas",
                                      entries)

    def vm_cpus(self, cpu: int, always: bool = False) -> Definition | None:
        """`cpu<i>_vm_cpus`; None when no guest runs there, unless `always`."""
        vcpus = self.vcpus_on[cpu]
        if not vcpus and not always:
            return None
        return definition((RO, "vm_cpu *", f"cpu{cpu}_vm_cpus[{len(vcpus)}]", array(vcpus)))

    def placeholders(self) -> list[Definition]:
        ctype, rw, rws = self.iface.placeholders
        return [definition((RW, ctype, "__placeholder_rw", rw)),
                definition((RWS, ctype, "__placeholder_rws", rws))]

    def _slots(self, cpu: int) -> tuple[list[str], list[tuple[int, int]]]:
        """The memarea lines of `cpu` and the tree entries (map base, slot)
        in mmu order; computed once per CPU (it assigns the maps' slots)."""
        if cpu in self._slot_cache:
            return self._slot_cache[cpu]
        fixed = self.iface.fixed_slots
        memarea = self.iface.memarea
        lines = [EMPTY_SLOT] * self.iface.first_free
        entries: list[tuple[int, int]] = []
        for m in self._maps_on(cpu):
            line, key = memarea(m, cpu)
            slot = fixed.get(m.xref)
            if slot is None:
                slot = len(lines)
                lines.append(line)
            else:
                lines[slot] = line  # maps sharing a fixed slot: the later map wins
            m.index = slot
            entries.append((key, slot))
        self._slot_cache[cpu] = (lines, entries)
        return lines, entries

    def _maps_on(self, cpu: int) -> list[Map]:
        """The hypervisor maps that apply to `cpu`, in mmu order: sorted out
        for every CPU in one pass over the maps, not in one pass per CPU."""
        if self._on is None:
            on: list[list[Map]] = [[] for _ in range(self.sc.ncpus)]
            for m in self.sc.hv_maps:
                if m.cpumap is None:
                    for maps in on:
                        maps.append(m)
                    continue
                for c in m.cpumap:
                    if c < len(on) and (not on[c] or on[c][-1] is not m):  # once per CPU
                        on[c].append(m)
            self._on = on
        if 0 <= cpu < len(self._on):
            return self._on[cpu]
        return [m for m in self.sc.hv_maps if m.applies_to(cpu)]

    def config_r(self) -> tuple[int, int]:
        """PA and VA of the configuration (`config_r` memreq and map)."""
        sc = self.sc
        config_r = sc.ids.get("config_r")
        if config_r is None or config_r.tag != "memreq":
            raise at(sc.hypervisor, f"hypervisor memreq: no memreq 'config_r' (the default "
                                    f"hypervisor of the {self.iface.name} CBI provides it)")
        pa = table_get(attribute(config_r, "base", shared_table, None), 0)
        va = sc.hv_map("config_r", sc.hv_mmu, "map").va(0)
        return pa, va

    def specification(self) -> Definition:
        pa, va = self.config_r()
        fields = [
            '"PHIDSPEC"', format_hex(pa), format_hex(va),
            format_hex(table_get(self.mmu_base, -1)), str(self.sc.ncpus), "_specification_cpus",
            *self.iface.specification_extra, f'"{cbi.build_time()}"',
        ]
        return definition((ROH, "specification", "_specification", block([", ".join(fields)])))
