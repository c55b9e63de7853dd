"""The phidias-v0.010 CBI's own arch_arm64.xml is schism's bundled one but
for the alignment its stage-2 tables need, and stage 1 uses it."""

from __future__ import annotations

from lxml import etree
from support import run_cli

from schism import cbi, library

from .helpers import EXAMPLE

OWN = cbi.lookup("phidias-v0.010").xmllib / "arch_arm64.xml"


def _levels(path) -> list[dict[str, str]]:
    root = etree.parse(str(path)).getroot()
    return [dict(level.attrib, format=level.getparent().get("id"))
            for level in root.iter("level")]


def test_only_the_guest_top_level_alignment_differs():
    bundled = _levels(library.bundled_dir() / "arch_arm64.xml")
    own = _levels(OWN)
    assert len(own) == len(bundled)
    differ = [(b, o) for b, o in zip(bundled, own, strict=True) if b != o]
    assert differ == [(bundled[4], dict(bundled[4], align="13"))]
    assert bundled[4]["format"] == "arm64:g4io40n" and bundled[4]["shift"] == "30"
    # and every flag is the same
    flags = [etree.tostring(f) for f in etree.parse(str(OWN)).iter("flag")]
    assert flags == [etree.tostring(f) for f in
                     etree.parse(str(library.bundled_dir() / "arch_arm64.xml")).iter("flag")]


def test_stage_1_imports_it_and_stage_7_aligns_the_guest_table(tmp_path, capsys):
    (tmp_path / "scenario.xml").write_bytes((EXAMPLE / "scenario.xml").read_bytes())
    (tmp_path / "hello.bin").write_bytes(b"\0" * 97)
    for stage in ("expand", "reparent"):
        rc, err = run_cli(capsys, stage, tmp_path)
        assert rc == 0, err
    expanded = etree.parse(str(tmp_path / "scenario_expanded.xml")).getroot()
    top = expanded.find("platform/arch/paging_format[@id='arm64:g4io40n']/level")
    assert top.get("align") == "13"
