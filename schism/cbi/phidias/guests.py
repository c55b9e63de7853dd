"""The guest part of the configuration (docs/phidias.md P5): vm,
vCPUs, schedulers, memareas, capabilities, copy-ins, emulate slots and the
vdevs' own objects, emitted kind by kind over all guests as the original did."""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from schism.cbi.phidias import vdevs
from schism.cbi.phidias.cfile import RO, RW, Definition, array, block, inline
from schism.cbi.phidias.hypervisor import EMPTY_SLOT, memarea
from schism.cbi.phidias.model import Scenario, guest_cpumap, hex_attr, table_attr, table_get
from schism.cbi.phidias.trees import tree
from schism.errors import at
from schism.ext.values import format_hex

# vm_cpu master fields, in their order: vdev type whose first `master` vdev it names
MASTER_TYPES = ("vtlb", "irq_controller", "serial")
CAPABILITY_TYPES = {"ipc": "CAPABILITY_IPC"}


class GuestPart:
    """One guest, checked up front (vdev kinds, mmu, init) so that an error
    stops generation before anything is written. Each method returns one kind
    of definition; `guest_definitions` puts them in the original's order."""

    def __init__(self, sc: Scenario, element: etree._Element):
        self.sc = sc
        self.element = element
        self.ident = element.get("id", "")
        self.cpumap = guest_cpumap(element, sc.ncpus)
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
        self.caps = self._capabilities()
        self.copies = self._copyins()

    def vcpu_ref(self, host: int) -> str | None:
        """`vm_<g>_cpus + <j>` for the first vCPU j on host CPU `host`: the
        original lists each guest once per host CPU, however many of its vCPUs
        run there."""
        if host not in self.cpumap:
            return None
        return f"vm_{self.ident}_cpus + {self.cpumap.index(host)}"

    def vm(self) -> Definition:
        g = self.ident
        return Definition(RO, "vm", f"vm_{g}", block([
            f"{len(self.cpumap)}, vm_{g}_cpus,",
            f"{len(self.caps)}, vm_{g}_capabilities,",
            f"{len(self.copies)}, vm_{g}_copyins,",
            format_hex(self._entry()),
        ]))

    def vcpus(self) -> list[Definition]:
        """`vm_<g>_cpus`, then every vCPU's scheduler entities."""
        g = self.ident
        defs = [Definition(RW, "vm_cpu", f"vm_{g}_cpus[{len(self.cpumap)}]", block(self._vcpus()))]
        return defs + [self._scheds(j) for j in range(len(self.cpumap))]

    def memareas(self, ref_slot: Callable[[str], int | None]) -> list[Definition]:
        """Per vCPU: its memareas, then their tree."""
        defs: list[Definition] = []
        for j in range(len(self.cpumap)):
            defs += self._memareas(j, ref_slot)
        return defs

    def capabilities(self) -> Definition:
        return Definition(RO, "capability", f"vm_{self.ident}_capabilities[{len(self.caps)}]",
                          array(self.caps))

    def copyins(self) -> Definition:
        return Definition(RO, "vm_copyin", f"vm_{self.ident}_copyins[{len(self.copies)}]",
                          array(self.copies))

    def emulates(self) -> list[Definition]:
        """Every vCPU's emulate array, then every vCPU's tree (the original
        built the trees in a second pass over the vCPUs)."""
        pairs = [self._emulates(j) for j in range(len(self.cpumap))]
        return [a for a, _ in pairs] + [node for _, nodes in pairs for node in nodes]

    def vdev_objects(self) -> list[Definition]:
        defs: list[Definition] = []
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

    def _memareas(self, j: int, ref_slot: Callable[[str], int | None]) -> list[Definition]:
        c = f"vm_{self.ident}_cpu{j}"
        lines = []
        entries = []
        for slot, m in enumerate(self.maps):
            if not m.applies_to(j):  # quirk: a map's cpumap is matched against j
                lines.append(EMPTY_SLOT)
                continue
            hv_slot = ref_slot(m.xref)
            # quirk: cpu<j> and the memreq base index are the vCPU number
            ref = f"cpu{j}_memareas + {hv_slot}" if hv_slot is not None else "NULL"
            line, key = memarea(m, j, pa_cpu=j, ref=ref)
            lines.append(line)
            entries.append((key, slot))
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

    def _emulates(self, j: int) -> tuple[Definition, list[Definition]]:
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
        emulates = Definition(RO, "emulate", f"{c}_emulates[{len(lines)}]", array(lines))
        return emulates, tree("tree_emulate", f"{c}_emulatetree", f"{c}_emulates", entries)


def guest_definitions(guests: list[GuestPart],
                      ref_slot: Callable[[str], int | None]) -> list[Definition]:
    """The guest part in the original's order: each kind of definition for
    every guest before the next kind (the original ran one pass over the
    guests per kind; a single guest reads as docs/phidias.md P5 lists it)."""
    defs = [g.vm() for g in guests]
    for g in guests:
        defs += g.vcpus()
    for g in guests:
        defs += g.memareas(ref_slot)
    defs += [g.capabilities() for g in guests]
    defs += [g.copyins() for g in guests]
    for g in guests:
        defs += g.emulates()
    for g in guests:
        defs += g.vdev_objects()
    return defs
