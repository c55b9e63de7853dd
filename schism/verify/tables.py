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
        # The leaf before, when it went whole into one map, right (its PA and
        # flags): (that map, its decoded flags, the map's covered pieces, the
        # start of the map after it). The next leaf that goes on from it into
        # the same map only grows the last access and piece (`leaf`): most
        # leaves do.
        self._going_on: tuple[MapRange, str, list[tuple[int, int]], int | None] | None = None
        self._next_start = {id(m): (space.maps[i + 1].va if i + 1 < len(space.maps) else None)
                            for i, m in enumerate(space.maps)}

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

    def leaf(self, leaf: ptdump.Leaf, count: int = 1, bpe: int = 0) -> None:
        """`count` entries of `bpe` bytes from `leaf.where` on, one page of
        `leaf.size / count` each, continuing each other (`ptdump.runs`)."""
        self.entries += count
        self.mapped += leaf.size
        going_on = self._going_on
        if going_on is not None:
            m, decoded, pieces, next_start = going_on
            last = self.accesses[-1]
            va, size = leaf.va, leaf.size
            if (leaf.flags == decoded and va == last.va + last.size
                    and leaf.pa == last.pa + last.size and va + size <= m.va + m.size
                    and (next_start is None or va < next_start)):
                # what the general path below does with such a leaf: one piece
                # in m (`_pieces` takes the last map starting at or before
                # va), PA and flags right (the access's PA runs on from a right
                # one), merged into the access and the piece
                last.size += size
                start, covered = pieces[-1]
                pieces[-1] = (start, covered + size)
                return
        self._going_on = None
        page = leaf.size // count
        parts = _pieces(leaf, self.space.maps, self.starts)
        for va, size, m in parts:
            pa = leaf.pa + (va - leaf.va)
            where = leaf.where + (va - leaf.va) // page * bpe  # the entry va lies in
            flags, wrong = self.flags(leaf.flags, m.flags if m else None)
            self._access(Access(self.space, va, pa, size, flags, m, where))
            if m is None:
                self._run(("extra", leaf.flags), va, size, pa, where)
                continue
            pieces = self.covered.setdefault(id(m), [])
            pieces.append((va, size))
            want = m.pa + (va - m.va)
            if pa != want:
                self._run(("pa", id(m), pa - want), va, size, pa, where)
            if wrong:
                self._run(("flags", id(m), flags, wrong), va, size, pa, where)
            elif pa == want and len(parts) == 1:
                self._going_on = (m, leaf.flags, pieces, self._next_start[id(m)])

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
        for leaf, count in ptdump.runs(dump.image, levels, top):
            check.leaf(leaf, count, levels[leaf.level].bpe)
    except SchismError as e:
        complete = False
        findings.error(space.mmu, f"mmu base: table at {format_hex(top)} cannot be read: "
                                  f"{e.message}", space.name)
    check.finish(complete)
    return TableResult(space, check.entries, check.mapped, smallest, check.accesses, levels)


def xml_accesses(space: Space) -> list[Access]:
    """A space without tables (format none): its maps as the XML gives them."""
    return [Access(space, m.va, m.pa, m.size, m.flags, m) for m in space.maps]
