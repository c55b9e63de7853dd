"""Shared by the report tests: build directories from golden cases, the SVG's
text boxes as the report lays them out."""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree
from support.fixtures import GOLDEN

from schism.report import svg

NS = "{http://www.w3.org/2000/svg}"
# every case with page tables, and one that stops at stage 6
CASES = sorted(d.parent.parent.name for d in GOLDEN.glob("*/expected/memory-map.txt"))


def build_from(case: str, dest: Path, *names: str) -> Path:
    names = names or ("scenario_pagetables.xml", "scenario_v_laidout.xml",
                      "scenario_expanded.xml")
    for name in names:
        src = GOLDEN / case / "expected" / name
        if src.exists():
            shutil.copyfile(src, dest / name)
    return dest


def text_box(el) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a <text> as laid out with the report's
    character widths (baseline y; ascent 0.8, descent 0.25 of the size)."""
    cls = el.get("class")
    size = 12 if cls == "head" else svg.FONT
    char = svg.HEAD_CHAR if cls == "head" else svg.CHAR
    width = len(el.text or "") * char
    x, y = float(el.get("x")), float(el.get("y"))
    left = x - width if el.get("text-anchor") == "end" else x
    return left, y - 0.8 * size, left + width, y + 0.25 * size


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def parse(path: Path) -> etree._Element:
    return etree.parse(str(path)).getroot()
