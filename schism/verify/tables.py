"""Check 1 of `schism verify`: every decoded table holds exactly the maps the
XML says (`schism.spaces`), page by page: the right PA, the flags the entry
can express, every byte of every map, nothing else.

The leaves come from the ptdump walker, which reads only the binary file and
the formats; what the tables must hold comes from `schism.spaces`. Neither
shares code with the builder, so a builder defect cannot hide itself.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

from schism import ptdump
from schism.errors import SchismError
from schism.ext.values import FLAG_LETTERS, format_hex
from schism.spaces import MapRange, Region, Space
from schism.verify.findings import Findings, names, sized, span


@dataclass
class Access:
    """A VA range a table really maps (or, for a guest without tables, the XML
    says it maps): what the isolation rules judge."""

    space: Space
    va: int
    pa: int
    size: int
    flags: str  # positional; not-encoded letters as the map says, '.' without a map
    map: MapRange | None  # the map whose VA range it lies in
    where: int | None = None  # address of the (first) entry, None: from the XML

    @property
    def el(self):
        return self.map.el if self.map is not None else self.space.mmu

    @property
    def what(self) -> str:
        return f"map of {self.map.label}" if self.map is not None else "no map"


class RegionIndex:
    """The memreq copies and devices overlapping a PA range, by bisection
    (with the running maximum of ends, so nested or overlapping regions are
    found too)."""

    def __init__(self, regions: Iterable[Region]):
        self.regions = sorted(regions, key=lambda r: (r.base, r.end))
        self.bases = [r.base for r in self.regions]
        self.max_end = []
        top = 0
        for r in self.regions:
            top = max(top, r.end)
            self.max_end.append(top)

    def overlapping(self, pa: int, size: int) -> list[Region]:
        end = pa + size
        i = bisect.bisect_left(self.bases, end) - 1
        out = []
        while i >= 0 and self.max_end[i] > pa:
            r = self.regions[i]
            if r.end > pa and r.size:
                out.append(r)
            i -= 1
        return out[::-1]


def flag_differences(decoded: str, declared: str) -> str:
    """The letters where a decoded entry contradicts the map ('?' cannot)."""
    return "".join(letter for letter, c, d in zip(FLAG_LETTERS, decoded, declared, strict=True)
                   if c != "?" and (c == "!" or c != d))


class _Run:
    """A finding growing page by page: contiguous VA (and PA delta) merge."""

    def __init__(self, key, va: int, size: int, pa: int, where: int):
        self.key, self.va, self.size, self.pa, self.where = key, va, size, pa, where

    def extends(self, key, va: int, pa: int) -> bool:
        return (key == self.key and va == self.va + self.size
                and pa == self.pa + self.size)


def _overlaps(space: Space, findings: Findings) -> None:
    for prev, m in zip(space.maps, space.maps[1:], strict=False):
        if m.va < prev.va + prev.size:
            findings.error(m.el, f"map base: VA {sized(m.va, m.size)} of {m.label} overlaps "
                                 f"the map of {prev.label} at {span(prev.va, prev.size)}",
                           space.name)


def _pieces(leaf: ptdump.Leaf, maps: list[MapRange], starts: list[int]):
    """[(va, size, map or None)] covering the leaf, split at map edges."""
    out = []
    va, end = leaf.va, leaf.va + leaf.size
    i = max(bisect.bisect_right(starts, va) - 1, 0)
    while va < end:
        while i < len(maps) and maps[i].va + maps[i].size <= va:
            i += 1
        if i < len(maps) and maps[i].va <= va:
            stop = min(end, maps[i].va + maps[i].size)
            out.append((va, stop - va, maps[i]))
        else:
            stop = end if i >= len(maps) else min(end, maps[i].va)
            out.append((va, stop - va, None))
        va = stop
    return out


class TableCheck:
    """Compares one table's leaves with its space's maps."""

    def __init__(self, space: Space, regions: RegionIndex, base: int, findings: Findings):
        self.space, self.regions, self.base, self.findings = space, regions, base, findings
        self.starts = [m.va for m in space.maps]
        self.covered: dict[int, list[tuple[int, int]]] = {}  # map index -> VA pieces
        self.accesses: list[Access] = []
        self.runs: list[_Run] = []
        self.entries = 0
        self.mapped = 0
        self._flags: dict[tuple[str, str | None], tuple[str, str]] = {}

    def flags(self, decoded: str, declared: str | None) -> tuple[str, str]:
        """(FLAGS in the scenario's letters, letters contradicting the map),
        cached: a table has few distinct pairs."""
        key = (decoded, declared)
        got = self._flags.get(key)
        if got is None:
            got = self._flags[key] = (
                ptdump.scenario_flags(decoded, declared),
                flag_differences(decoded, declared) if declared is not None else "")
        return got

    def entry(self, where: int) -> str:
        return f"entry at pagetables+{format_hex(where - self.base)}"

    def leaf(self, leaf: ptdump.Leaf) -> None:
        self.entries += 1
        self.mapped += leaf.size
        for va, size, m in _pieces(leaf, self.space.maps, self.starts):
            pa = leaf.pa + (va - leaf.va)
            flags, wrong = self.flags(leaf.flags, m.flags if m else None)
            self._access(Access(self.space, va, pa, size, flags, m, leaf.where))
            if m is None:
                self._run(("extra", leaf.flags), va, size, pa, leaf.where)
                continue
            self.covered.setdefault(id(m), []).append((va, size))
            want = m.pa + (va - m.va)
            if pa != want:
                self._run(("pa", id(m), pa - want), va, size, pa, leaf.where)
            if wrong:
                self._run(("flags", id(m), flags, wrong), va, size, pa, leaf.where)

    def _access(self, a: Access) -> None:
        last = self.accesses[-1] if self.accesses else None
        if (last is not None and last.map is a.map and last.flags == a.flags
                and last.va + last.size == a.va and last.pa + last.size == a.pa):
            last.size += a.size
        else:
            self.accesses.append(a)

    def _run(self, key, va: int, size: int, pa: int, where: int) -> None:
        for run in reversed(self.runs[-4:]):
            if run.extends(key, va, pa):
                run.size += size
                return
        self.runs.append(_Run(key, va, size, pa, where))

    def finish(self, complete: bool = True) -> None:
        """Report the merged runs and, after a complete walk, every byte of a
        map no leaf covers (after a failed one that would only repeat it)."""
        by_id = {id(m): m for m in self.space.maps}
        for run in self.runs:
            kind = run.key[0]
            if kind == "extra":
                self._extra(run)
            elif kind == "pa":
                self._wrong_pa(by_id[run.key[1]], run)
            else:
                self._wrong_flags(by_id[run.key[1]], run)
        for m in self.space.maps if complete else ():
            for va, size in _holes(m.va, m.size, self.covered.get(id(m), [])):
                self.findings.error(
                    m.el, f"map base: VA {sized(va, size)} of {m.label} is not mapped "
                          f"(expected at PA {format_hex(m.pa + va - m.va)})", self.space.name)

    def _extra(self, run: _Run) -> None:
        hit = names(self.regions.overlapping(run.pa, run.size))
        flags = ptdump.scenario_flags(run.key[1], None)
        self.findings.error(
            self.space.mmu, f"mmu base: VA {sized(run.va, run.size)} is mapped to PA "
                            f"{format_hex(run.pa)} ({hit}) with flags {flags}, but no map "
                            f"covers it ({self.entry(run.where)})", self.space.name)

    def _wrong_pa(self, m: MapRange, run: _Run) -> None:
        want = m.pa + (run.va - m.va)
        hit = names(self.regions.overlapping(run.pa, run.size))
        self.findings.error(
            m.el, f"map xref: VA {sized(run.va, run.size)} of {m.label} is mapped to PA "
                  f"{format_hex(run.pa)} ({hit}), expected {format_hex(want)} "
                  f"({self.entry(run.where)})", self.space.name)

    def _wrong_flags(self, m: MapRange, run: _Run) -> None:
        _, _, flags, wrong = run.key
        self.findings.error(
            m.el, f"map flags: VA {sized(run.va, run.size)} of {m.label} is mapped with "
                  f"{flags}, the map says {m.flags} ({' '.join(wrong)} differ; "
                  f"{self.entry(run.where)})", self.space.name)


def _holes(first: int, size: int, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    at = first
    for va, n in sorted(pieces):
        if va > at:
            out.append((at, va - at))
        at = max(at, va + n)
    if at < first + size:
        out.append((at, first + size - at))
    return out


@dataclass
class TableResult:
    space: Space
    entries: int
    mapped: int
    smallest: int  # the format's smallest leaf size (a "page")
    accesses: list[Access]
    levels: list[ptdump.WalkLevel]


def check_table(space: Space, dump: ptdump.Dump, regions: RegionIndex,
                findings: Findings) -> TableResult:
    """Walk one table and compare; a table the walker cannot read is one error."""
    _, levels, top = dump.tables[space.name]
    smallest = 1 << min(lv.shift for lv in levels if lv.leaf_base is not None)
    _overlaps(space, findings)
    check = TableCheck(space, regions, dump.image.base, findings)
    complete = True
    try:
        for leaf in ptdump.walk(dump.image, levels, top):
            check.leaf(leaf)
    except SchismError as e:
        complete = False
        findings.error(space.mmu, f"mmu base: table at {format_hex(top)} cannot be read: "
                                  f"{e.message}", space.name)
    check.finish(complete)
    return TableResult(space, check.entries, check.mapped, smallest, check.accesses, levels)


def xml_accesses(space: Space) -> list[Access]:
    """A space without tables (format none): its maps as the XML gives them."""
    return [Access(space, m.va, m.pa, m.size, m.flags, m) for m in space.maps]
