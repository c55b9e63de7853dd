"""Errors of stages 2-9 name the intermediate file and, in a note, where the
user wrote the element (schism/origin.py, docs/architecture.md "Errors")."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import line_of, run_cli

CASE = Path(__file__).parent / "golden" / "rpi3"


def _through_measure(tmp_path: Path, capsys, old: str, new: str) -> Path:
    for name in ("scenario.xml", "phidias.elf", "scenario_config.xo", "linux-Image.bin"):
        shutil.copyfile(CASE / name, tmp_path / name)
    path = tmp_path / "scenario.xml"
    path.write_text(path.read_text().replace(old, new, 1))
    for command in ("expand", "reparent", "measure"):
        rc, err = run_cli(capsys, command, tmp_path)
        assert rc == 0, err
    return tmp_path


def test_a_layout_error_notes_the_memreq_the_user_wrote(tmp_path, capsys):
    o = _through_measure(tmp_path, capsys, 'id="linux1_main" size="0x10000000"',
                         'id="linux1_main" size="0x100000000"')
    rc, err = run_cli(capsys, "layout-memory", o)
    assert rc == 1
    measured, scenario = o / "scenario_measured.xml", o / "scenario.xml"
    first, note = err.splitlines()
    at_measured = line_of(measured, 'id="linux1_main"')
    at_scenario = line_of(scenario, 'id="linux1_main"')
    assert first.startswith(f"{measured}:{at_measured}: error: memreq base: cannot place "
                            "'linux1_main'")
    assert note == f"{scenario}:{at_scenario}: note: 'linux1_main' is defined here"


def test_a_map_the_user_wrote_in_a_guest(tmp_path, capsys):
    o = _through_measure(tmp_path, capsys, '<map xref="linux1_main" base="0x40000000"',
                         '<map xref="linux1_main" base="0x40000800"')
    for command in ("layout-memory", "layout-map"):
        assert run_cli(capsys, command, o)[0] == 0
    rc, err = run_cli(capsys, "pagetables", o)
    assert rc == 1
    scenario = o / "scenario.xml"
    line = line_of(scenario, 'base="0x40000800"')
    assert err.splitlines()[1] == (
        f"{scenario}:{line}: note: <map xref=\"linux1_main\"> of 'linux1' is defined here")


def test_a_map_stage_2_added_notes_its_memreq(tmp_path, capsys):
    """The hypervisor map of a guest memreq is reparent's: the note names the
    memreq it maps."""
    from schism import origin
    from schism.errors import at
    from schism.xmlio import parse_file

    o = _through_measure(tmp_path, capsys, "", "")
    tree = parse_file(o / "scenario_measured.xml")
    added = tree.xpath("/scenario/hypervisor/mmu/map[@xref='linux1_main']")[0]
    error = origin.add_origin(at(added, "map base: something"), o, [])
    scenario = o / "scenario.xml"
    line = line_of(scenario, 'id="linux1_main"')
    assert str(error.notes[0]) == f"{scenario}:{line}: note: 'linux1_main' is defined here"
