"""`schism report O`: the CLI, its inputs, reproducible bytes, no partial
output; the text report's parts. (The whole text of every page-table golden
case is a golden file: tests/golden/*/expected/memory-map.txt.)"""

from __future__ import annotations

import pytest

from schism import report, spaces
from schism.cli import main
from schism.errors import SchismError
from schism.report import text

from .helpers import build_from


def cli(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_writes_both_files_and_says_so(capsys, tmp_path):
    build = build_from("pt-arm64", tmp_path)
    rc, out, err = cli(capsys, "report", build)
    assert (rc, out) == (0, "")
    assert err == (f"INFO: wrote {build}/memory-map.txt and {build}/memory-map.svg "
                   "(from scenario_pagetables.xml).\n")
    assert (build / "memory-map.txt").read_text().startswith(
        "schism memory map of scenario_pagetables.xml\n")
    assert (build / "memory-map.svg").read_bytes().startswith(b"<svg ")


def test_same_bytes_in_another_directory(capsys, tmp_path):
    one, two = tmp_path / "a", tmp_path / "b" / "deeper"
    one.mkdir()
    two.mkdir(parents=True)
    for d in (one, two):
        assert cli(capsys, "report", build_from("e2e-hikey-arm64-smp", d))[0] == 0
    for name in ("memory-map.txt", "memory-map.svg"):
        assert (one / name).read_bytes() == (two / name).read_bytes()


def test_falls_back_to_the_stage_6_output(capsys, tmp_path):
    build = build_from("layout-maps", tmp_path, "scenario_v_laidout.xml")
    assert cli(capsys, "report", build)[0] == 0
    body = (build / "memory-map.txt").read_text()
    assert body.startswith("schism memory map of scenario_v_laidout.xml\n")
    # no table addresses before stage 7
    assert "address space hv:0: hypervisor CPU 0 (arm64:g4io40), " in body


def test_missing_input_and_arguments(capsys, tmp_path):
    rc, out, err = cli(capsys, "report", tmp_path)
    assert (rc, out) == (1, "")
    assert err == (f"schism: error: {tmp_path}/scenario_v_laidout.xml does not exist "
                   "(run the stages up to layout-map first)\n")
    build = build_from("pt-arm64", tmp_path)
    rc, _, err = cli(capsys, "report", build, "x")
    assert rc == 2 and err.startswith("schism: error: unrecognized arguments: x")


def test_invalid_input_is_one_located_line_and_no_output(capsys, tmp_path):
    build = build_from("pt-arm64", tmp_path)
    path = build / "scenario_pagetables.xml"
    path.write_text(path.read_text().replace('size="0x2000"', 'size="2k"', 1))
    rc, out, err = cli(capsys, "report", build)
    assert rc == 1 and out == "" and len(err.splitlines()) == 1
    assert err.startswith(f"{path}:7: error: memreq size: '2k'")
    assert not list(build.glob("memory-map.*"))


def test_no_partial_output_when_the_picture_fails(capsys, tmp_path, monkeypatch):
    build = build_from("pt-arm64", tmp_path)

    def broken(*_):
        raise SchismError("picture failed")

    monkeypatch.setattr(report.svg, "render", broken)
    assert cli(capsys, "report", build)[0] == 1
    assert sorted(p.name for p in build.iterdir()) == ["scenario_pagetables.xml"]


def test_gaps():
    r = [spaces.Region("a", "memreq", 0x1000, 0x1000, "hypervisor", None, None),
         spaces.Region("b", "memreq", 0x1800, 0x1000, "hypervisor", None, None)]
    assert text.gaps(0, 0x4000, r) == [(0, 0x1000), (0x2800, 0x1800)]
    assert text.gaps(0x1000, 0x2800, r) == []


def test_memory_section_lists_copies_gaps_and_unplaced(tmp_path):
    build = build_from("layout-multimem", tmp_path, "scenario_v_laidout.xml")
    body = text.render(spaces.load(build))
    assert "not placed (no base, nothing to place): " in body
    model = spaces.load(build)
    for mem in model.memories:
        head = f"physical memory {mem.id}: "
        assert head in body
        for r in mem.regions:
            assert f"  {r.label}  " in body


@pytest.mark.parametrize("case", ["pt-cpumaps", "e2e-hikey-arm64-smp"])
def test_every_map_of_every_space_is_listed(tmp_path, case):
    model = spaces.load(build_from(case, tmp_path))
    body = text.render(model)
    for space in model.spaces:
        section = body.split(f"address space {space.name}: ", 1)[1].split("\n\n", 1)[0]
        rows = section.splitlines()[2:]
        assert len(rows) == len(space.maps)
        for row, m in zip(rows, space.maps, strict=True):
            cells = row.split()
            assert cells[0] == hex(m.va) and cells[2] == hex(m.pa)
            assert m.flags in cells and m.label in cells
