"""Stage 2 errors (STAGES.md 2a, 2c, 2d): located at the element in
scenario_expanded.xml, under both engines, and no output file."""

from __future__ import annotations

import pytest
from helpers import MINIMAL, build_dir, line_of, run_cli

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
    """The error line: INFO lines of the stage come before it."""
    return err.splitlines()[-1] + "\n"


def _expanded(tmp_path, capsys, doc: str, engine: str):
    o = build_dir(tmp_path, doc)
    rc, err = run_cli(capsys, "--engine", engine, "expand", o)
    assert rc == 0, err
    return o


@pytest.mark.parametrize("engine", ENGINES)
def test_board_without_memory(tmp_path, capsys, engine):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "board_empty.xml").write_text('<board id="empty"><device id="d" base="0x0" '
                                         'size="0x1000"/></board>')
    o = tmp_path / "o"
    o.mkdir()
    build_dir(o, MINIMAL.replace('board="raspberrypi3"', 'board="empty"'))
    assert run_cli(capsys, "--xmllib", lib, "expand", o)[0] == 0
    rc, err = run_cli(capsys, "--engine", engine, "reparent", o)
    assert rc == 1
    line = line_of(o / "scenario_expanded.xml", '<board id="empty">')
    where = f"{o}/scenario_expanded.xml:{line}: error: "
    assert last_line(err) == where + ("board: no <memory> to place "
                   "memory requests in\n")
    assert not (o / "scenario_reparented.xml").exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_guest_memreq_with_its_own_cpumap(tmp_path, capsys, engine):
    doc = MINIMAL.replace("</scenario>\n", GUEST.format(cpumap=' cpumap="[0]"'))
    o = _expanded(tmp_path, capsys, doc, engine)
    rc, err = run_cli(capsys, "--engine", engine, "reparent", o)
    assert rc == 1
    line = line_of(o / "scenario_expanded.xml", 'id="g_main"')
    where = f"{o}/scenario_expanded.xml:{line}: error: "
    assert last_line(err) == where + ("memreq cpumap: cannot reparent "
                   'a guest memreq with its own cpumap ("[0]" in guest "g"; use "*" or leave '
                   "it out)\n")
    assert not (o / "scenario_reparented.xml").exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_guest_memreq_with_star_cpumap_is_fine(tmp_path, capsys, engine):
    doc = MINIMAL.replace("</scenario>\n", GUEST.format(cpumap=' cpumap="*"'))
    o = _expanded(tmp_path, capsys, doc, engine)
    rc, err = run_cli(capsys, "--engine", engine, "reparent", o)
    assert rc == 0, err
    assert 'INFO: reduced percore attribute when reparenting memreq "g_main".' in err


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("xref, flags, what", [
    ("serial", "rwx", "'x', which <device> \"serial\" forbids (forbidden: \"xus\")"),
    ("trace", "rwgd", "'d', which <memreq> \"trace\" forbids (forbidden: \"xdus\")"),
])
def test_map_flags_with_forbidden_letter(tmp_path, capsys, engine, xref, flags, what):
    doc = MINIMAL.replace(
        '<mmu type="hardware" format="arm64:g4io40"/>',
        '<memreq id="trace" size="0x1000" flags_demand="rw" flags_prevent="xdus"/>\n'
        '    <mmu type="hardware" format="arm64:g4io40">\n'
        f'      <map xref="{xref}" flags="{flags}"/>\n    </mmu>')
    o = _expanded(tmp_path, capsys, doc, engine)
    rc, err = run_cli(capsys, "--engine", engine, "reparent", o)
    assert rc == 1
    line = line_of(o / "scenario_expanded.xml", f'<map xref="{xref}"')
    where = f"{o}/scenario_expanded.xml:{line}: error: "
    assert last_line(err) == where + (f'map flags: "{flags}" contains '
                   f"{what}\n")
    assert not (o / "scenario_reparented.xml").exists()


@pytest.mark.parametrize("engine", ENGINES)
def test_new_map_checked_too(tmp_path, capsys, engine):
    """A memreq whose flags_demand contradicts its flags_prevent."""
    doc = MINIMAL.replace(
        "<mmu",
        '<memreq id="odd" size="0x1000" flags_demand="rw" flags_prevent="w"/>\n    <mmu')
    o = _expanded(tmp_path, capsys, doc, engine)
    rc, err = run_cli(capsys, "--engine", engine, "reparent", o)
    assert rc == 1
    line = line_of(o / "scenario_expanded.xml", 'id="odd"')
    where = f"{o}/scenario_expanded.xml:{line}: error: "
    assert last_line(err) == where + ('map flags: "rw" contains \'w\', '
                   'which <memreq> "odd" forbids (forbidden: "w")\n')


def test_missing_input_names_the_previous_stage(tmp_path, capsys):
    rc, err = run_cli(capsys, "reparent", tmp_path)
    assert rc == 1
    assert last_line(err) == (f"schism: error: {tmp_path}/scenario_expanded.xml does not exist "
                   "(run the previous stage first)\n")
