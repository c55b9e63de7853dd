"""Stage 2 beyond the goldens, under both engines: what it accepts, the
cpumaps it writes, the default memory. Its errors on a scenario (docs/
expand-reparent.md 2a-2d: located at the element in scenario_expanded.xml,
no output file) are cases of tests/errors/reparent/."""

from __future__ import annotations

import pytest
from support import MINIMAL, build_dir, run_cli

ENGINES = ["lxml", "saxon"]

GUEST = """  <guest id="g" ncpus="1">
    <memreq id="g_main" size="0x1000" flags_demand="rw" flags_prevent="xdus"{cpumap}/>
    <mmu type="hardware" format="none"/>
    <init arch_page="g_main"/>
    <entry bp_xref="g_main" bp_offset="0x0"/>
    <sched class="wfq"/>
  </guest>
</scenario>
"""


def last_line(err: str) -> str:
    """The error line: INFO lines of the stage come before it, notes after."""
    return [line for line in err.splitlines() if ": error: " in line][-1] + "\n"


def _expanded(tmp_path, capsys, doc: str, engine: str):
    o = build_dir(tmp_path, doc)
    rc, err = run_cli(capsys, "--engine", engine, "expand", o)
    assert rc == 0, err
    return o


@pytest.mark.parametrize("engine", ENGINES)
def test_guest_memreq_with_star_cpumap_is_fine(tmp_path, capsys, engine):
    doc = MINIMAL.replace("</scenario>\n", GUEST.format(cpumap=' cpumap="*"'))
    o = _expanded(tmp_path, capsys, doc, engine)
    rc, err = run_cli(capsys, "--engine", engine, "reparent", o)
    assert rc == 0, err
    assert 'INFO: reduced percore attribute when reparenting memreq "g_main".' in err


@pytest.mark.parametrize("engine", ENGINES)
def test_new_map_is_not_checked(tmp_path, capsys, engine):
    """A memreq whose flags_demand contradicts its flags_prevent gets its map
    with flags_demand: the original checks only explicit map flags."""
    doc = MINIMAL.replace(
        "<mmu",
        '<memreq id="odd" size="0x1000" flags_demand="rw" flags_prevent="w"/>\n    <mmu')
    o = _expanded(tmp_path, capsys, doc, engine)
    rc, err = run_cli(capsys, "--engine", engine, "reparent", o)
    assert rc == 0, err
    assert 'INFO: Added <map> for required <memreq> "odd".' in err
    assert '<map xref="odd" flags="rw"/>' in (o / "scenario_reparented.xml").read_text()


def _with_board(tmp_path, capsys, memories: str, engine: str):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "board_b.xml").write_text(f'<board id="b">{memories}</board>')
    o = tmp_path / "o"
    o.mkdir()
    build_dir(o, MINIMAL.replace('board="raspberrypi3"', 'board="b"'))
    assert run_cli(capsys, "--xmllib", lib, "expand", o)[0] == 0
    return o, run_cli(capsys, "--engine", engine, "reparent", o)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("memories, default", [
    ('<memory id="m0" base="0x0" size="0"/><memory id="m1" base="0x1000" size="0x1000"/>',
     "m1"),
    ('<memory id="a" base="0x0" size="0x1000"/><memory id="mb" base="0x1000" size="0x1000"/>',
     "a"),
    ('<memory id="a" base="0x0" size="0x1000"/><memory id="mb" base="0x1000" size="0x2000"/>'
     '<memory id="c" base="0x3000" size="0x2000"/>', "mb"),
])
def test_default_memory(tmp_path, capsys, engine, memories, default):
    """2a: the largest memory of non-zero size; the first of equal ones."""
    o, (rc, err) = _with_board(tmp_path, capsys, memories, engine)
    assert rc == 0, err
    text = (o / "scenario_reparented.xml").read_text()
    assert text.count(f'on="{default}"') == 12  # the default memreqs (no "on")


def test_missing_input_names_the_previous_stage(tmp_path, capsys):
    rc, err = run_cli(capsys, "reparent", tmp_path)
    assert rc == 1
    assert last_line(err) == (f"schism: error: {tmp_path}/scenario_expanded.xml does not exist "
                   "(run the previous stage first)\n")


@pytest.mark.parametrize("engine", ENGINES)
def test_cpumaps_set_by_reparent_are_canonical(tmp_path, capsys, engine):
    """The guest's cpumap copied onto its memreqs and their hypervisor maps
    is written as the original wrote it: no blanks, no leading zeros."""
    guest = GUEST.format(cpumap="").replace('ncpus="1"', 'ncpus="3" cpumap="[ 02 ,1, 00]"')
    doc = MINIMAL.replace('ncpus="1"', 'ncpus="3"', 1).replace("</scenario>\n", guest)
    o = _expanded(tmp_path, capsys, doc, engine)
    rc, err = run_cli(capsys, "--engine", engine, "reparent", o)
    assert rc == 0, err
    text = (o / "scenario_reparented.xml").read_text()
    assert 'cpumap="[ 02 ,1, 00]"' in text  # the guest's own attribute is left as written
    assert text.count('cpumap="[2,1,0]"') == 2  # its memreq and that memreq's map
