"""The hypervisor part of the configuration: `_specification`, per-CPU
descriptors, memareas and their trees, the vCPU lists (docs/phidias.md P3, P4)."""

from __future__ import annotations

from schism import cbi
from schism.cbi.phidias.cfile import RO, ROH, RW, RWS, Definition, array, block, inline
from schism.cbi.phidias.model import Map, Scenario, memarea_flags, table_attr, table_get
from schism.cbi.phidias.trees import tree
from schism.errors import at
from schism.ext.values import format_hex

# Memarea slots Phidias finds by number; other maps follow from FIRST_FREE on.
FIXED_SLOTS: dict[str, int] = {
    "core_rx": 0, "core_r": 1, "core_rw": 2, "core_rws": 3, "core_rwt": 4,
    "pagetables": 5, "blob": 6, "stack": 7, "config_r": 8, "config_rw": 9,
    "config_rws": 10, "config_rwt": 11, "trace": 12, "serial": 16, "mpcore": 17,
    "cs7a": 24, "mbox": 24, "irqc": 25,
}
FIRST_FREE = 32
EMPTY_SLOT = "{ 0, 0, 0, 0, NULL }"


def memarea(m: Map, cpu: int, pa_cpu: int | None = None, ref: str = "NULL") -> tuple[str, int]:
    """A memarea initializer and its tree key. The map's offset moves both PA
    and VA (unlike the page tables), but the original sorted the tree by the
    map base without it. `pa_cpu`: the index the memreq base is read with."""
    pa = m.pa(cpu if pa_cpu is None else pa_cpu) + m.offset
    va = m.va(cpu) + m.offset
    fields = [format_hex(pa), format_hex(va), format_hex(m.size()), memarea_flags(m.flags), ref]
    return inline(fields), m.va(cpu)


class HypervisorPart:
    """Slots of every CPU. Each map keeps the slot it got for the last CPU it
    applies to; guest memareas refer to that one (`ref_slot`, a quirk kept)."""

    def __init__(self, sc: Scenario, vcpus_on: list[list[str]]):
        self.sc = sc
        # per host CPU: one `vm_<g>_cpus + <j>` entry per guest that runs there
        self.vcpus_on = vcpus_on

    def ref_slot(self, xref: str) -> int | None:
        """The slot a guest memarea of `xref` refers to: that of the first
        hypervisor map of `xref` (None: no such map, the ref is NULL)."""
        m = self.sc.hv_map_by_xref.get(xref)
        if m is None:
            return None
        return 0 if m.index is None else m.index

    def definitions(self) -> list[Definition]:
        sc = self.sc
        per_cpu: list[Definition] = []
        cpu_lines = []
        mmu_base = table_attr(sc.hv_mmu, "base")
        for i in range(sc.ncpus):
            lines, entries = self._slots(i)
            per_cpu.append(Definition(RO, "memarea", f"cpu{i}_memareas[{len(lines)}]",
                                      array(lines)))
            per_cpu += tree("tree_memarea", f"cpu{i}_memtree", f"cpu{i}_memareas", entries)
            vcpus = self.vcpus_on[i]
            guests = f"{len(vcpus)}, cpu{i}_vm_cpus" if vcpus else "0, NULL"
            cpu_lines.append(inline([
                format_hex(table_get(mmu_base, i)), str(len(lines)), f"cpu{i}_memareas",
                f"&cpu{i}_memtree", guests, "{}",
            ]))
        defs = [self._specification(mmu_base),
                Definition(RO, "specification_cpu", f"_specification_cpus[{sc.ncpus}]",
                           array(cpu_lines))]
        defs += per_cpu
        for i, vcpus in enumerate(self.vcpus_on):
            if vcpus:
                defs.append(Definition(RO, "vm_cpu *", f"cpu{i}_vm_cpus[{len(vcpus)}]",
                                       array(vcpus)))
        defs.append(Definition(RW, "uint32_t", "__placeholder_rw", "0xbeef"))
        defs.append(Definition(RWS, "uint32_t", "__placeholder_rws", "0x7ee1beef"))
        return defs

    def _slots(self, cpu: int) -> tuple[list[str], list[tuple[int, int]]]:
        lines = [EMPTY_SLOT] * FIRST_FREE
        entries: list[tuple[int, int]] = []  # (map base, slot) in mmu order
        for m in self.sc.hv_maps:
            if not m.applies_to(cpu):
                continue
            line, key = memarea(m, cpu)
            slot = FIXED_SLOTS.get(m.xref)
            if slot is None:
                slot = len(lines)
                lines.append(line)
            else:
                lines[slot] = line  # cs7a and mbox share 24: the later map wins
            m.index = slot
            entries.append((key, slot))
        return lines, entries

    def _specification(self, mmu_base) -> Definition:
        sc = self.sc
        config_r = sc.ids.get("config_r")
        if config_r is None or config_r.tag != "memreq":
            raise at(sc.hypervisor, "hypervisor memreq: no memreq 'config_r' (the default "
                                    "hypervisor of the phidias CBI provides it)")
        pa = table_get(table_attr(config_r, "base"), 0)
        va = sc.hv_map("config_r", sc.hv_mmu, "map").va(0)
        fields = [
            '"PHIDSPEC"', format_hex(pa), format_hex(va), format_hex(table_get(mmu_base, -1)),
            str(sc.ncpus), "_specification_cpus", f'"{cbi.build_time()}"',
        ]
        return Definition(ROH, "specification", "_specification", block([", ".join(fields)]))
