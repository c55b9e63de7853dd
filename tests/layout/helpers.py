"""Shared pieces of the layout tests: a build directory made from a golden
case's scenario_measured.xml (optionally edited), running stage 5 and/or 6
in process, and the error text a failing stage reports."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from support.fixtures import GOLDEN

from schism.errors import SchismError
from schism.pipeline import by_key
from schism.stages import Context, layout_map, layout_memory

MEASURED = "scenario_measured.xml"
P_LAIDOUT = "scenario_p_laidout.xml"
V_LAIDOUT = "scenario_v_laidout.xml"


def build(tmp_path: Path, case: str = "layout-rpi3", edit: Callable | None = None,
          name: str = MEASURED, source: Path | None = None) -> Path:
    """tmp_path/O with the case's measured XML (or `source`) as `name`,
    after `edit(root)`."""
    out = tmp_path / "O"
    out.mkdir(parents=True, exist_ok=True)
    tree = etree.parse(str(source or GOLDEN / case / MEASURED),
                       etree.XMLParser(remove_blank_text=True))
    if edit is not None:
        edit(tree.getroot())
    tree.write(str(out / name), pretty_print=True)
    return out


def _stage(module):
    """The stage-table row a stage module runs."""
    return by_key(module.__name__.rsplit(".", 1)[1].replace("_", "-"))


def run(out: Path, *modules) -> str:
    """Run the stages in order; their stderr."""
    err = io.StringIO()
    for module in modules or (layout_memory, layout_map):
        module.run(Context(build_dir=out, out=err, stage=_stage(module)))
    return err.getvalue()


def error(out: Path, module, produces: str) -> str:
    """The error of a failing stage: one error line, then only note lines; no
    output file may be left."""
    with pytest.raises(SchismError) as e:
        module.run(Context(build_dir=out, out=io.StringIO(), stage=_stage(module)))
    assert not (out / produces).exists()
    text = str(e.value)
    first, *notes = text.split("\n")
    assert ": error: " in first and all(": note: " in n for n in notes), text
    return text


def one(root: etree._Element, xpath: str) -> etree._Element:
    found = root.xpath(xpath)
    assert len(found) == 1, xpath
    return found[0]


def bases(path: Path, xpath: str) -> list[str | None]:
    root = etree.parse(str(path)).getroot()
    return [el.get("base") for el in root.xpath(xpath)]


def map_bases(tree: etree._ElementTree) -> dict[tuple[str, int], str]:
    """Stage 6's placements (`layout_map.compute`, by map element) keyed as
    the oracle keys them: (xref, n), the n-th (1-based) map with that xref."""
    by_element = layout_map.compute(tree)
    nth: dict[str, int] = {}
    out: dict[tuple[str, int], str] = {}
    for m in tree.getroot().iterfind("hypervisor/mmu/map"):
        xref = m.get("xref")
        nth[xref] = nth.get(xref, 0) + 1
        if m in by_element:
            out[xref, nth[xref]] = by_element[m]
    return out
