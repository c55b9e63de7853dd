"""The stage-4 table (docs/measure.md 4.2) as `xslt/measure.xsl` writes it.

The table is written once, as data in that stylesheet (`<m:table>`): one row
per memreq, naming the bytes it holds (a segment of the hypervisor ELF or of
the configuration object, the page tables, the payload files), whether it
gets its place in the image as its base and whether its hypervisor map gets a
virtual address. The stylesheet's templates apply the rows; Python reads the
same rows here for what it needs besides: the memreqs that must exist, how
many segments each ELF has, and the physical image (4.6) that stage 4 lays
out and stage 9 builds and checks.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from schism import deps, resources

NS = "urn:schism:measure"
ELF_PARTS = ("hypervisor", "config")  # parts that are ELF segments (4.1)


class Row(NamedTuple):
    """One row of the table; `segment` is '' for the page tables and the files."""

    memreq: str
    part: str  # "hypervisor", "config", "pagetables" or "files"
    segment: str
    base: str  # "image": its part's address in the image; "removed": no base
    map: str  # "virtual", "removed", or '' (its maps are untouched)

    @property
    def key(self) -> tuple[str, str]:
        """The part of the image (or of an ELF) the row's memreq holds."""
        return self.part, self.segment


def rows() -> tuple[Row, ...]:
    """The rows of the table, in its order (the order of 4.2's checks)."""
    path = resources.stylesheet("measure")
    deps.read(path)  # an input of every stage that reads the table (each time: `schism build`)
    return _rows(path)


@functools.cache
def _rows(path: Path) -> tuple[Row, ...]:
    table = etree.parse(str(path)).getroot().find(f"{{{NS}}}table")
    assert table is not None, f"{path} has no m:table"
    return tuple(
        Row(r.get("memreq"), r.get("part"), r.get("segment", ""), r.get("base"), r.get("map", ""))
        for r in table.iterfind(f"{{{NS}}}row")
    )


def image() -> tuple[Row, ...]:
    """docs/measure.md 4.6: the rows with base "image", in image order: by
    part in the order the table first names the parts, then by segment."""
    rank: dict[str, int] = {}
    for r in rows():
        rank.setdefault(r.part, len(rank))
    placed = [r for r in rows() if r.base == "image"]
    return tuple(sorted(placed, key=lambda r: (rank[r.part], int(r.segment or 0))))


def segment_count(part: str) -> int:
    """How many load segments the table's rows say the ELF `part` has (4.1)."""
    return 1 + max(int(r.segment) for r in rows() if r.part == part)
