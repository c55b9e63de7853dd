"""The guest part of the configuration, one guest at a time (PHIDIAS-CBI.md
"Guest part"): vm, vCPUs, schedulers, memareas, capabilities, copy-ins,
emulate slots and the vdevs' own objects."""

from __future__ import annotations

from lxml import etree

from schism.cbi.phidias import vdevs
from schism.cbi.phidias.cfile import RO, RW, Definition, array, block, inline
from schism.cbi.phidias.hypervisor import memarea
from schism.cbi.phidias.model import (
    Scenario,
    dec_attr,
    guest_cpumap,
    hex_attr,
    table_attr,
    table_get,
)
from schism.cbi.phidias.trees import tree
from schism.errors import at
from schism.ext.values import format_hex

# vm_cpu master fields, in their order: vdev type whose first `master` vdev it names
MASTER_TYPES = ("vtlb", "irq_controller", "serial")
CAPABILITY_TYPES = {"ipc": "CAPABILITY_IPC"}


class GuestPart:
    """One guest, checked up front (vdev kinds, mmu, init) so that an error
    stops generation before anything is written."""

    def __init__(self, sc: Scenario, element: etree._Element):
        self.sc = sc
        self.element = element
        self.ident = element.get("id", "")
        ncpus = dec_attr(element, "ncpus")
        self.cpumap = guest_cpumap(element, ncpus, sc.ncpus)[:ncpus]
        self.info = vdevs.Guest(self.ident, self.cpumap)
        self.vdevs = [
            vdevs.Vdev(v, v.get("id", ""), k, vdevs.kind_of(v))
            for k, v in enumerate(element.findall("vdev"))
        ]
        self.mmu = element.find("mmu")
        if self.mmu is None:
            raise at(element, f"guest mmu: guest '{self.ident}' has no <mmu>")
        self.maps = [sc.map(m, sc.ncpus) for m in self.mmu.findall("map")]
        self.init = element.find("init")
        if self.init is None:
            raise at(element, f"guest init: guest '{self.ident}' has no <init>")

    def vcpu_refs(self, host: int) -> list[str]:
        """`vm_<g>_cpus + <j>` for every vCPU j that runs on host CPU `host`."""
        return [f"vm_{self.ident}_cpus + {j}" for j, p in enumerate(self.cpumap) if p == host]

    def definitions(self, slot_of: dict[str, int]) -> list[Definition]:
        g = self.ident
        n = len(self.cpumap)
        caps = self._capabilities()
        copies = self._copyins()
        defs = [
            Definition(RO, "vm", f"vm_{g}", block([
                f"{n}, vm_{g}_cpus,",
                f"{len(caps)}, vm_{g}_capabilities,",
                f"{len(copies)}, vm_{g}_copyins,",
                format_hex(self._entry()),
            ])),
            Definition(RW, "vm_cpu", f"vm_{g}_cpus[{n}]", block(self._vcpus())),
        ]
        defs += [self._scheds(j) for j in range(n)]
        for j in range(n):
            defs += self._memareas(j, slot_of)
        defs.append(Definition(RO, "capability", f"vm_{g}_capabilities[{len(caps)}]",
                               array(caps)))
        defs.append(Definition(RO, "vm_copyin", f"vm_{g}_copyins[{len(copies)}]",
                               array(copies)))
        for j in range(n):
            defs += self._emulates(j)
        for v in self.vdevs:
            defs += v.kind.define(self.sc, self.info, v)
        return defs

    # --- vm and vCPUs ------------------------------------------------------------

    def _entry(self) -> int:
        entry = self.element.find("entry")
        if entry is None:
            raise at(self.element, f"guest entry: guest '{self.ident}' has no <entry>")
        xref = entry.get("bp_xref", "")
        for m in self.maps:
            if m.xref == xref:
                return m.va(0) + hex_attr(entry, "bp_offset")
        raise at(entry, f"entry bp_xref: guest '{self.ident}' has no map of '{xref}'")

    def _masters(self, j: int) -> list[str]:
        found = []
        for vtype in MASTER_TYPES:
            first = next((v for v in self.vdevs
                          if v.kind.type == vtype and v.element.get("master") is not None), None)
            # quirk: k is the vdev's position, not its emulate slot
            found.append(f"vm_{self.ident}_cpu{j}_emulates + {first.position}" if first else "NULL")
        return found

    def _vcpus(self) -> list[str]:
        g = self.ident
        arch_page = self.init.get("arch_page", "")
        arch_map = self.sc.hv_map(arch_page, self.init, "arch_page")
        mmu_base = table_attr(self.mmu, "base")
        nmaps = len(self.maps)
        nemulates = self._emulate_count()
        lines = []
        for j, host in enumerate(self.cpumap):
            c = f"vm_{g}_cpu{j}"
            vtlb, irq, uart = self._masters(j)
            lines.append(
                f"{{ &vm_{g}, (vm_cpu_state *){format_hex(arch_map.va(host))},\n"
                f"    {format_hex(table_get(mmu_base, j))}, 0,\n"
                f"    {nmaps}, {c}_memareas, &{c}_memtree,\n"
                f"    {nemulates}, {c}_emulates, &{c}_emulatetree,\n"
                f"    {vtlb},\n    {irq},\n    {uart},\n"
                f"    1, {c}_scheds }},"
            )
        return lines

    def _scheds(self, j: int) -> Definition:
        g = self.ident
        entity = inline([f"vm_{g}_cpus + {j}", "SCHEDULER_CLASS_FAIR_SHARE", "0", "0", "100",
                         "SCHEDULER_STATE_READY", "NULL"])
        return Definition(RW, "scheduler_entity", f"vm_{g}_cpu{j}_scheds[1]", block([entity]))

    # --- memareas ----------------------------------------------------------------

    def _memareas(self, j: int, slot_of: dict[str, int]) -> list[Definition]:
        c = f"vm_{self.ident}_cpu{j}"
        lines = []
        entries = []
        for slot, m in enumerate(self.maps):
            hv_slot = slot_of.get(m.xref)
            # quirk: cpu<j> and the memreq base index are the vCPU number
            ref = f"cpu{j}_memareas + {hv_slot}" if hv_slot is not None else "NULL"
            line, va = memarea(m, j, pa_cpu=j, ref=ref)
            lines.append(line)
            entries.append((va, slot))
        defs = [Definition(RO, "memarea", f"{c}_memareas[{len(lines)}]", array(lines))]
        defs += tree("tree_memarea", f"{c}_memtree", f"{c}_memareas", entries)
        return defs

    # --- capabilities and copy-ins -----------------------------------------------

    def _capabilities(self) -> list[str]:
        caps = []
        for cap in self.init.findall("cap"):
            ctype = cap.get("type", "")
            if ctype not in CAPABILITY_TYPES:
                raise at(cap, f"cap type: unknown capability type '{ctype}' "
                              f"(known: {', '.join(CAPABILITY_TYPES)})")
            target = self.sc.element(cap.get("target_xref", ""), cap, "target_xref", "guest")
            caps.append(inline([f"&vm_{target.get('id')}", CAPABILITY_TYPES[ctype],
                                format_hex(hex_attr(cap, "param"))]))
        return caps

    def _copyins(self) -> list[str]:
        copies = []
        if not self.init.findall("copy"):
            return copies
        blob = self.sc.hv_map("blob", self.init, "copy")
        host = self.cpumap[0]
        for copy in self.init.findall("copy"):
            dest = self.sc.hv_map(copy.get("dref", ""), copy, "dref")
            file = self.sc.element(copy.get("xref", ""), copy, "xref", "file")
            copies.append(inline([
                format_hex(dest.va(host) + hex_attr(copy, "offset")),
                format_hex(blob.va(host) + hex_attr(file, "offset")),
                format_hex(hex_attr(file, "size")),
            ]))
        return copies

    # --- emulates ----------------------------------------------------------------

    def _emulate_count(self) -> int:
        return sum(max(1, len(v.element.findall("emulate"))) for v in self.vdevs)

    def _emulates(self, j: int) -> list[Definition]:
        c = f"vm_{self.ident}_cpu{j}"
        lines = []
        entries = []
        for v in self.vdevs:
            ref = f"{{ &{v.name(j)} }}"
            emulates = v.element.findall("emulate")
            if not emulates:  # one slot, not in the tree
                lines.append(inline(["0", "0", v.kind.emulate_type, ref, "0"]))
                continue
            for n, e in enumerate(emulates):
                base = hex_attr(e, "base")
                entries.append((base, len(lines)))
                lines.append(inline([format_hex(base), format_hex(hex_attr(e, "size")),
                                     v.kind.emulate_type, ref, str(n)]))
        # fix: every vCPU's array is closed (the original closed only the last)
        defs = [Definition(RO, "emulate", f"{c}_emulates[{len(lines)}]", array(lines))]
        defs += tree("tree_emulate", f"{c}_emulatetree", f"{c}_emulates", entries)
        return defs
