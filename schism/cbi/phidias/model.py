"""The scenario as the Phidias generator reads it: IDs indexed once, attribute
values parsed once through `schism.ext.values`. Values a stage has not
computed yet (iteration 1) read as 0 (docs/phidias.md "Rules", docs/cbi.md 3.1)."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from schism.errors import at
from schism.ext import values
from schism.ext.values import (
    MAX_BITS,
    ValueSyntaxError,
    attribute,
    parse_dec,
    parse_hex,
    parse_list,
    shared_table,
)

MEMAREA_FLAGS = (
    ("r", "MEMAREA_FLAG_R"),
    ("w", "MEMAREA_FLAG_W"),
    ("x", "MEMAREA_FLAG_X"),
    ("g", "MEMAREA_FLAG_G"),
    ("d", "MEMAREA_FLAG_D"),
    ("u", "MEMAREA_FLAG_U"),
    ("s", "MEMAREA_FLAG_S"),
)


_flag_texts: dict[str, str] = {}


def memarea_flags(flags: str) -> str:
    """`MEMAREA_FLAG_R|...` in rwxgdus order, or `0`."""
    text = _flag_texts.get(flags)
    if text is None:
        names = [name for letter, name in MEMAREA_FLAGS if letter in flags]
        text = _flag_texts[flags] = "|".join(names) if names else "0"
    return text


# --- values --------------------------------------------------------------------
#
# Attributes are read with `values.attribute`: HEX values a stage has not
# computed yet read as 0 (`attribute(el, name, parse_hex, 0)`), TABLEs as
# None (`attribute(el, name, shared_table, None)`, shared by the elements
# that repeat a text: the generator only reads them). Where thousands of
# elements are read, the text is parsed directly (`values.parsed`, `Scenario.map`)
# and only a bad one goes through `attribute`, for its message.


def children(element: etree._Element) -> dict[str, list[etree._Element]]:
    """The children of `element` by tag, in document order, in one pass
    (each `iterchildren(tag)` walks them all again; a guest is read for five
    tags). Comments and processing instructions land under their non-string
    tags, which no caller asks for."""
    found: dict = {}
    for c in element:
        tag = c.tag
        same = found.get(tag)
        if same is None:
            found[tag] = [c]
        else:
            same.append(c)
    return found


def table_get(table: values.Table | None, cpu: int) -> int:
    """A TABLE value for `cpu`; 0 when not (yet) known."""
    if table is None:
        return 0
    found = table.get(cpu)
    return 0 if found is None else found


# --- maps ----------------------------------------------------------------------

_MAP_TARGETS = ("memreq", "device")  # what a map's xref may name
# a map target, its base (a memreq's table, a device's base as uniform) and size
_Target = tuple[etree._Element, "values.Table | None", int]


@dataclass(slots=True)
class Map:
    """A `<map>` with its target (memreq or device) resolved."""

    element: etree._Element
    xref: str
    target: etree._Element
    base: values.Table | None
    cpumap: list[int] | None
    offset: int
    subsize: int | None
    flags: str
    target_base: values.Table | None  # memreq base table / device base as uniform
    target_size: int
    # hypervisor maps: the memarea slot assigned for the last CPU the map
    # applies to (the original kept it in the map node and guest memareas read
    # it afterwards); None until a CPU assigns one
    index: int | None = None

    def applies_to(self, cpu: int) -> bool:
        return self.cpumap is None or cpu in self.cpumap

    # `table_get` written out: read for every map on every CPU it applies to
    def va(self, cpu: int) -> int:
        base = self.base
        if base is None:
            return 0
        uniform = base.uniform
        return base.entries.get(cpu, 0) if uniform is None else uniform

    def pa(self, cpu: int) -> int:
        base = self.target_base
        if base is None:
            return 0
        uniform = base.uniform
        return base.entries.get(cpu, 0) if uniform is None else uniform

    def size(self) -> int:
        return self.target_size if self.subsize is None else self.subsize


class Scenario:
    """The parts of a (reparented or later) scenario the generator reads."""

    def __init__(self, tree: etree._ElementTree):
        root = tree.getroot()
        self.root = root
        self.ids: dict[str, etree._Element] = {}
        self._targets: dict[str, _Target] = {}
        self._cpumaps: dict[tuple[str, int], list[int]] = {}
        self._files: dict[etree._Element, tuple[int, int]] = {}
        for el in root.iter(etree.Element):
            ident = el.get("id")
            if ident is not None:
                self.ids.setdefault(ident, el)
        hv = root.find("hypervisor")
        if hv is None:
            raise at(root, "scenario: no <hypervisor>")
        self.hypervisor = hv
        self.ncpus = attribute(hv, "ncpus", parse_dec)
        mmu = hv.find("mmu")
        if mmu is None:
            raise at(hv, "hypervisor: no <mmu>")
        self.hv_mmu = mmu
        self.hv_maps = [self.map(m, self.ncpus) for m in mmu.iterchildren("map")]
        self.hv_map_by_xref: dict[str, Map] = {}
        for m in self.hv_maps:
            self.hv_map_by_xref.setdefault(m.xref, m)
        self.guests = list(root.iterchildren("guest"))
        # The bits of an address in the C configuration (Phidias' addr_t):
        # 32 when every paging format of the arch is 32 bits wide, else 64.
        widths = [attribute(fmt, "va_width", parse_dec)
                  for fmt in root.iterfind("platform/arch/paging_format")]
        self.word_bits = 32 if widths and max(widths) <= 32 else MAX_BITS

    def element(self, ident: str, referrer: etree._Element, attr: str, *tags: str):
        el = self.ids.get(ident)
        if el is None or (tags and el.tag not in tags):
            what = " or ".join(tags) if tags else "element"
            raise at(referrer, f"{referrer.tag} {attr}: '{ident}' is not a {what}")
        return el

    def map(self, element: etree._Element, ncpus: int) -> Map:
        get = element.get
        xref = get("xref", "")
        found = self._targets.get(xref)  # a target seen before was checked then
        if found is None:
            target = self.ids.get(xref)
            if target is None or target.tag not in _MAP_TARGETS:
                target = self.element(xref, element, "xref", *_MAP_TARGETS)
        cpumap_text = get("cpumap")
        cpumap = None
        if cpumap_text is not None:
            key = (cpumap_text, ncpus)
            cpumap = self._cpumaps.get(key)
            if cpumap is None:  # shared by the maps with this text: only read
                cpumap = self._cpumaps[key] = values.expand_list(
                    attribute(element, "cpumap", parse_list), ncpus)
        if found is None:
            found = self._target(xref, target)
        target, target_base, target_size = found
        # the values parsed directly (most maps have no subsize or offset);
        # a bad one is read again through `attribute`, which words the error
        subsize, offset, base = get("subsize"), get("offset"), get("base")
        try:
            subsize = None if subsize is None else parse_hex(subsize)
            offset = 0 if offset is None else parse_hex(offset)
            base = None if base is None else shared_table(base)
        except ValueSyntaxError:
            for name, parse in (("subsize", parse_hex), ("offset", parse_hex),
                                ("base", shared_table)):
                attribute(element, name, parse, None)
            raise
        return Map(element, xref, target, base, cpumap, offset, subsize, get("flags", ""),
                   target_base, target_size)

    def _target(self, xref: str, target: etree._Element) -> _Target:
        """A map target with a memreq's base table or a device's base, and
        its size (parsed once per target)."""
        if target.tag == "device":
            base = values.Table(uniform=attribute(target, "base", parse_hex, 0))
        else:
            base = attribute(target, "base", shared_table, None)
        found = self._targets[xref] = (target, base, attribute(target, "size", parse_hex, 0))
        return found

    def file_extent(self, file: etree._Element) -> tuple[int, int]:
        """A `<file>`'s offset in the blob and its size (parsed once per file:
        every guest may copy the same payload)."""
        found = self._files.get(file)
        if found is None:
            found = self._files[file] = (attribute(file, "offset", parse_hex, 0),
                                         attribute(file, "size", parse_hex, 0))
        return found

    def hv_map(self, xref: str, referrer: etree._Element, attr: str) -> Map:
        """The hypervisor map of memreq/device `xref` (the first one)."""
        found = self.hv_map_by_xref.get(xref)
        if found is None:
            msg = f"{referrer.tag} {attr}: the hypervisor <mmu> has no map of '{xref}'"
            raise at(referrer, msg)
        return found


def guest_cpumap(guest: etree._Element, hv_ncpus: int) -> list[int]:
    """Host CPU of each vCPU (vCPU j runs on cpumap[j]). The original counts
    the vCPUs by the cpumap's length, not by `ncpus` (stage 1 writes a cpumap
    for every guest; without one, `ncpus` CPUs from 0 are assumed)."""
    if guest.get("cpumap") is None:
        return list(range(attribute(guest, "ncpus", parse_dec)))
    return values.expand_list(attribute(guest, "cpumap", parse_list), hv_ncpus)

