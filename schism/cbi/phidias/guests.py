"""The guest part of the configuration (docs/phidias.md P5): vm,
vCPUs, schedulers, memareas, capabilities, copy-ins, emulate slots and the
vdevs' own objects. Each method returns one kind of definition; the
`Interface` (schism/cbi/phidias/interface.py) puts them in its generator's
order and says what its Phidias version does differently."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lxml import etree

from schism.cbi.phidias import vdevs
from schism.cbi.phidias.cfile import (
    RO,
    RW,
    Definition,
    array,
    block,
    definition,
    identifier_part,
    inline,
)
from schism.cbi.phidias.hypervisor import EMPTY_SLOT
from schism.cbi.phidias.model import (
    Scenario,
    children,
    guest_cpumap,
    table_get,
)
from schism.errors import at
from schism.ext.values import attribute, format_hex, parse_hex, parsed, shared_table

if TYPE_CHECKING:
    from schism.cbi.phidias.interface import Interface

# vm_cpu master fields, in their order: vdev type whose first `master` vdev it names
MASTER_TYPES = ("vtlb", "irq_controller", "serial")


class GuestPart:
    """One guest, checked up front (vdev kinds, mmu, init) so that an error
    stops generation before anything is written. What the definitions read
    more than once (children, emulate slots, master slots) is found once."""

    def __init__(self, iface: Interface, sc: Scenario, element: etree._Element, number: int):
        self.iface = iface
        self.sc = sc
        self.element = element
        self.number = number  # the guest's position in the scenario, from 1
        self.ident = identifier_part(element, "id", "vm_")
        self.cpumap = guest_cpumap(element, sc.ncpus)
        self.info = vdevs.Guest(self.ident, self.cpumap)
        found = children(element)
        self.vdevs = [vdevs.vdev(v, k, iface.kinds) for k, v in enumerate(found.get("vdev", ()))]
        self.mmu = _first(found, "mmu")
        if self.mmu is None:
            raise at(element, f"guest mmu: guest '{self.ident}' has no <mmu>")
        self.maps = [sc.map(m, sc.ncpus) for m in self.mmu if m.tag == "map"]
        self.init = _first(found, "init")
        if self.init is None:
            raise at(element, f"guest init: guest '{self.ident}' has no <init>")
        # texts the vCPUs read, taken while their elements are at hand (and
        # in the cache); parsed and looked up, with their errors, per vCPU
        self._pt_base = self.mmu.get("base")
        self._arch_page = self.init.get("arch_page", "")
        self.entry = _first(found, "entry")
        if self.entry is not None:
            self._bp = (self.entry.get("bp_xref", ""), self.entry.get("bp_offset"))
        in_init = children(self.init)
        self.caps = self._capabilities(in_init.get("cap", []))
        self.copies = self._copyins(in_init.get("copy", []))
        self._slots = _slot_count(self.vdevs)
        self._master_slots: tuple[int | None, ...] | None = None

    def vcpu_refs(self, ncpus: int) -> list[tuple[int, str]]:
        """(host, `vm_<g>_cpus + <j>`) for each host CPU below `ncpus` that
        runs a vCPU of this guest, j its first vCPU there, in cpumap order:
        the original lists each guest once per host CPU, however many of its
        vCPUs run there."""
        refs = {}
        for j, host in enumerate(self.cpumap):
            if host not in refs and host < ncpus:
                refs[host] = f"vm_{self.ident}_cpus + {j}"
        return list(refs.items())

    def vm(self) -> Definition:
        g = self.ident
        return definition((RO, "vm", f"vm_{g}", block([
            f"{len(self.cpumap)}, vm_{g}_cpus,",
            f"{len(self.caps)}, vm_{g}_capabilities,",
            f"{len(self.copies)}, vm_{g}_copyins,",
            format_hex(self._entry()),
        ])))

    def vcpus(self) -> Definition:
        """`vm_<g>_cpus`."""
        lines = [self.vcpu(j, host) for j, host in enumerate(self.cpumap)]
        return definition((RW, "vm_cpu", f"vm_{self.ident}_cpus[{len(self.cpumap)}]",
                           block(lines)))

    def capabilities(self) -> Definition:
        return definition((RO, "capability", f"vm_{self.ident}_capabilities[{len(self.caps)}]",
                           array(self.caps)))

    def copyins(self) -> Definition:
        return definition((RO, "vm_copyin", f"vm_{self.ident}_copyins[{len(self.copies)}]",
                           array(self.copies)))

    def vdev_objects(self) -> list[Definition]:
        defs: list[Definition] = []
        for v in self.vdevs:
            defs += v.kind.define(self.sc, self.info, v)
        return defs

    # --- vm and vCPUs ------------------------------------------------------------

    def _entry(self) -> int:
        entry = self.entry
        if entry is None:
            raise at(self.element, f"guest entry: guest '{self.ident}' has no <entry>")
        xref, offset = self._bp
        for m in self.maps:
            if m.xref == xref:
                va = m.va(0) + parsed(entry, "bp_offset", offset, parse_hex, 0)
                if va >> self.sc.word_bits:  # the C constant would not fit
                    arch = self.sc.root.find("platform/arch")
                    raise at(entry, f"entry bp_offset: the entry point {hex(va)} of guest "
                                    f"'{self.ident}' lies above the {self.sc.word_bits}-bit "
                                    f"addresses of arch "
                                    f"'{arch.get('id') if arch is not None else ''}'")
                return va
        raise at(entry, f"entry bp_xref: guest '{self.ident}' has no map of '{xref}'")

    def masters(self, j: int) -> list[str]:
        """The vtlb, irq and uart master emulate slots of vCPU j (or NULL):
        `emulates + <the vdev's master_index>`."""
        if self._master_slots is None:  # the same for every vCPU
            self._master_slots = tuple(self._master_slot(vtype) for vtype in MASTER_TYPES)
        vtlb, irq, uart = self._master_slots  # not a comprehension's frame per vCPU
        emulates = f"vm_{self.ident}_cpu{j}_emulates + "
        return [f"{emulates}{vtlb}" if vtlb is not None else "NULL",
                f"{emulates}{irq}" if irq is not None else "NULL",
                f"{emulates}{uart}" if uart is not None else "NULL"]

    def _master_slot(self, vtype: str) -> int | None:
        """The master_index of the first `master` vdev of `vtype` (None: none)."""
        for v in self.vdevs:
            if v.kind.type == vtype and v.master:
                return self.master_index(v)
        return None

    def master_index(self, vdev: vdevs.Vdev) -> int:
        """Quirk 1: the seed counted the vdev's position, not its emulate slot."""
        return vdev.position

    def emulate_slot(self, vdev: vdevs.Vdev) -> int:
        """The first emulate slot of `vdev`."""
        return _slot_count(self.vdevs[:vdev.position])

    def arch_page_va(self, host: int) -> int:
        return self.sc.hv_map(self._arch_page, self.init, "arch_page").va(host)

    def pt_base(self, j: int) -> int:
        """The base of vCPU j's page table (0: not laid out yet): `<mmu base>`
        as `attribute(self.mmu, "base", shared_table, None)` reads it."""
        return table_get(parsed(self.mmu, "base", self._pt_base, shared_table), j)

    def vcpu(self, j: int, host: int) -> str:
        """vCPU j's `vm_cpu` initializer (seed layout)."""
        g = self.ident
        c = f"vm_{g}_cpu{j}"
        vtlb, irq, uart = self.masters(j)
        return (
            f"{{ &vm_{g}, (vm_cpu_state *){hex(self.arch_page_va(host))},\n"  # never negative
            f"    {hex(self.pt_base(j))}, 0,\n"
            f"    {len(self.maps)}, {c}_memareas, &{c}_memtree,\n"
            f"    {self._emulate_count()}, {c}_emulates, &{c}_emulatetree,\n"
            f"    {vtlb},\n    {irq},\n    {uart},\n"
            f"    1, {c}_scheds }},"
        )

    def scheds(self, j: int) -> Definition:
        """vCPU j's scheduler entities: quirk 6, one fair-share entity of share 100."""
        g = self.ident
        entity = (f"{{ vm_{g}_cpus + {j}, SCHEDULER_CLASS_FAIR_SHARE, 0, 0, 100, "
                  "SCHEDULER_STATE_READY, NULL }")
        return definition((RW, "scheduler_entity", f"vm_{g}_cpu{j}_scheds[1]", block([entity])))

    # --- memareas ----------------------------------------------------------------

    def memareas(self, j: int, ref_slot: Callable[[str], int | None]) -> list[Definition]:
        """vCPU j's memareas, then their tree. The CPU index that selects the
        map's cpumap, PA, VA and referenced `cpu<n>_memareas` is the
        interface's `guest_memarea_cpu` (the seed: j, quirks 2 and 15)."""
        c = f"vm_{self.ident}_cpu{j}"
        n = self.iface.guest_memarea_cpu(j, self.cpumap[j])
        memarea = self.iface.memarea
        lines = []
        entries = []
        for slot, m in enumerate(self.maps):
            if m.cpumap is not None and n not in m.cpumap:  # `m.applies_to(n)`
                lines.append(EMPTY_SLOT)
                continue
            hv_slot = ref_slot(m.xref)
            line, key = memarea(m, n, f"cpu{n}_memareas + {hv_slot}"
                                if hv_slot is not None else "NULL")
            lines.append(line)
            entries.append((key, slot))
        defs = [definition((RO, "memarea", f"{c}_memareas[{len(lines)}]", array(lines)))]
        defs += self.iface.tree("tree_memarea", f"{c}_memtree", f"{c}_memareas", entries)
        return defs

    # --- capabilities and copy-ins -----------------------------------------------

    def _capabilities(self, found: list[etree._Element]) -> list[str]:
        """The `<cap>` children `found` of `<init>` as initializers."""
        caps = []
        types = self.iface.capability_types
        for cap in found:
            ctype = cap.get("type", "")
            if ctype not in types:
                raise at(cap, f"cap type: unknown capability type '{ctype}' "
                              f"(known: {', '.join(types)})")
            target = self.sc.element(cap.get("target_xref", ""), cap, "target_xref", "guest")
            caps.append(inline([f"&vm_{target.get('id')}", types[ctype],
                                format_hex(attribute(cap, "param", parse_hex, 0))]))
        return caps

    def _copyins(self, found: list[etree._Element]) -> list[str]:
        """The `<copy>` children `found` of `<init>` as initializers."""
        copies: list[str] = []
        if not found:
            return copies
        blob = self.sc.hv_map("blob", self.init, "copy")
        host = self.cpumap[0]
        for copy in found:
            dest = self.sc.hv_map(copy.get("dref", ""), copy, "dref")
            file = self.sc.element(copy.get("xref", ""), copy, "xref", "file")
            into = attribute(copy, "offset", parse_hex, 0)
            to = dest.va(host) + into
            offset, size = self.sc.file_extent(file)
            if into + size > dest.target_size:  # the copy-in would run past the memreq
                raise at(copy, self._overrun(copy, file, into, size, dest.target_size))
            if to + size > 1 << self.sc.word_bits:  # the C constant would not fit
                arch = self.sc.root.find("platform/arch")
                raise at(copy, f"copy offset: the copy of '{copy.get('xref')}' to "
                               f"[{hex(to)},{hex(to + size)}) ends above the "
                               f"{self.sc.word_bits}-bit addresses of arch "
                               f"'{'' if arch is None else arch.get('id')}'")
            # `inline` of the three, written out; hex() is format_hex for
            # these sums of parsed HEX values, never negative
            copies.append(f"{{ {hex(to)}, {hex(blob.va(host) + offset)}, {hex(size)} }}")
        return copies

    @staticmethod
    def _overrun(copy: etree._Element, file: etree._Element, into: int, size: int,
                 room: int) -> str:
        """A copy-in that does not fit its `dref` memreq: the hypervisor would
        copy past the memreq's end, over whatever lies behind it (the
        original did not check). Iteration 1 knows no file size yet."""
        what = f"the copy of '{copy.get('xref')}'"
        where = f"the end of memreq '{copy.get('dref')}' ({hex(room)} bytes)"
        if file.get("size") is None:
            return f"copy offset: {what} at offset {hex(into)} starts past {where}"
        return (f"copy offset: {what} ({hex(size)} bytes at offset {hex(into)}) ends at "
                f"{hex(into + size)}, past {where}")

    # --- emulates ----------------------------------------------------------------

    def _emulate_count(self) -> int:
        return self._slots

    def emulates(self, j: int) -> tuple[Definition, list[Definition]]:
        """vCPU j's emulate array and its tree."""
        c = f"vm_{self.ident}_cpu{j}"
        lines = []
        entries = []
        for v in self.vdevs:
            # `inline` of (base, size, type, { &object }, n), written out
            tail = f"{v.kind.emulate_type}, {{ &{v.name(j)} }}"
            if not v.emulates:  # one slot, not in the tree
                lines.append(f"{{ 0, 0, {tail}, 0 }}")
                continue
            for n, (e, base_text, size_text) in enumerate(v.emulates):
                base = parsed(e, "base", base_text, parse_hex, 0)
                entries.append((base, len(lines)))
                size = parsed(e, "size", size_text, parse_hex, 0)
                lines.append(f"{{ {hex(base)}, {hex(size)}, {tail}, {n} }}")  # never negative
        # fix: every vCPU's array is closed (the original closed only the last)
        emulates = definition((RO, "emulate", f"{c}_emulates[{len(lines)}]", array(lines)))
        return emulates, self.iface.tree("tree_emulate", f"{c}_emulatetree", f"{c}_emulates",
                                         entries)


def _slot_count(vdevs_: list[vdevs.Vdev]) -> int:
    """Emulate slots of `vdevs_`: one per <emulate>, one for a vdev without."""
    return sum(len(v.emulates) or 1 for v in vdevs_)


def _first(found: dict[str, list[etree._Element]], tag: str) -> etree._Element | None:
    """The first child of tag `tag` among `children(...)` `found`."""
    same = found.get(tag)
    return same[0] if same else None
