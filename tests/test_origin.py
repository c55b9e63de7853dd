"""Errors of stages 2-9 name the intermediate file and, in a note, where the
user wrote the element (schism/origin.py, docs/architecture.md "Errors"):
the note of a map stage 2 added. A layout and a page-table error with their
notes are cases of the bad-input corpus (tests/errors/layout-memory/
memreq_size_4g_in_1g, tests/errors/pagetables/map_base_not_page_aligned)."""

from __future__ import annotations

import shutil
from pathlib import Path

from support import line_of, run_cli
from support.fixtures import GOLDEN

CASE = GOLDEN / "rpi3"


def _through_measure(tmp_path: Path, capsys, old: str, new: str) -> Path:
    for name in ("scenario.xml", "phidias.elf", "scenario_config.xo", "linux-Image.bin"):
        shutil.copyfile(CASE / name, tmp_path / name)
    path = tmp_path / "scenario.xml"
    path.write_text(path.read_text().replace(old, new, 1))
    for command in ("expand", "reparent", "measure"):
        rc, err = run_cli(capsys, command, tmp_path)
        assert rc == 0, err
    return tmp_path


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
