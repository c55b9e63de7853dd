"""`schism check O`: every independent error of a scenario, without a
hypervisor ELF or a compiler, and nothing written (docs/validation.md)."""

from __future__ import annotations

from pathlib import Path

from support import line_of, run_cli
from support.fixtures import GOLDEN

REFERENCE = GOLDEN / "rpi3" / "scenario.xml"


def _o(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    text = REFERENCE.read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    (tmp_path / "scenario.xml").write_text(text)
    return tmp_path


def test_a_good_scenario(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # no cross compiler either
    monkeypatch.delenv("CROSS_COMPILE", raising=False)
    o = _o(tmp_path)
    rc, err = run_cli(capsys, "check", o)
    assert rc == 0, err
    assert err == f"INFO: {o}/scenario.xml: no errors found (stages 1 and 2, and the rules " \
                  "that need no measurement)\n"
    assert sorted(p.name for p in o.iterdir()) == ["scenario.xml"]  # nothing written


def test_every_independent_error(tmp_path, capsys):
    """With stage 9's rule on `image`, which needs nothing built (a build
    found it at its last stage)."""
    o = _o(tmp_path, ('size="0x40000"', 'size="0xg"'),
           ('guest id="linux1" ncpus="1"', 'guest id="linux1" ncpus="0"'),
           ('image="raw"', 'image="elf"'))
    rc, err = run_cli(capsys, "check", o)
    assert rc == 1
    path = o / "scenario.xml"
    trace, guest = line_of(path, 'id="trace"'), line_of(path, 'id="linux1"')
    assert err.splitlines() == [
        f"{path}:{trace}: error: memreq size: '0xg' is not a hexadecimal number",
        f"{path}:{guest}: error: guest ncpus: 0 is out of range (1 to 4096)",
        f"{path}:{line_of(path, '<scenario')}: error: scenario image: unknown image kind 'elf' "
        "(use raw, uboot or efi-pe)",
        f"schism: {path}: 3 error(s)",
    ]


def test_errors_of_later_rules_point_at_what_the_user_wrote(tmp_path, capsys):
    """A guest map without a base is found on the reparented scenario (in
    memory) and reported where the user wrote the map."""
    o = _o(tmp_path, ('<map xref="linux1_main" base="0x40000000"', '<map xref="linux1_main"'))
    rc, err = run_cli(capsys, "check", o)
    assert rc == 1
    path = o / "scenario.xml"
    line = line_of(path, 'map xref="linux1_main"')
    assert err.splitlines()[0] == (
        f"{path}:{line}: error: map base: map 'linux1_main' of guest 'linux1' has no base "
        "(guest maps are not placed dynamically)")


def test_makeconf_values(tmp_path, capsys):
    o = _o(tmp_path, ('value="yes"', 'value="yes&#10;all:"'))
    rc, err = run_cli(capsys, "check", o)
    assert rc == 1
    assert "error: feature value: 'yes\\nall:' of feature 'debugger' cannot be written into " \
           "Makeconf" in err


def test_the_limit(tmp_path, capsys, monkeypatch):
    from schism import check

    monkeypatch.setattr(check, "LIMIT", 1)
    o = _o(tmp_path, ('size="0x40000"', 'size="0xg"'),
           ('guest id="linux1" ncpus="1"', 'guest id="linux1" ncpus="0"'))
    rc, err = run_cli(capsys, "check", o)
    assert rc == 1
    lines = err.splitlines()
    assert len(lines) == 3 and lines[1] == "schism: ... and 1 more errors"


def test_a_load_base_a_uboot_image_cannot_hold(tmp_path, capsys):
    o = _o(tmp_path, ('image="raw"', 'image="uboot"'),
           ('load_base="0x00000000"', 'load_base="0x100000000"'))
    rc, err = run_cli(capsys, "check", o)
    assert rc == 1
    path = o / "scenario.xml"
    assert err.splitlines()[0] == (
        f"{path}:{line_of(path, '<hypervisor')}: error: hypervisor load_base: 0x100000000 does "
        "not fit the 32-bit load address of a U-Boot image")


def test_a_load_base_that_does_not_parse_is_reported_once(tmp_path, capsys):
    o = _o(tmp_path, ('image="raw"', 'image="uboot"'),
           ('load_base="0x00000000"', 'load_base="zz"'))
    rc, err = run_cli(capsys, "check", o)
    assert rc == 1
    assert [line for line in err.splitlines() if "error: hypervisor load_base" in line] == [
        f"{o / 'scenario.xml'}:{line_of(o / 'scenario.xml', '<hypervisor')}: error: hypervisor "
        "load_base: 'zz' is not a hexadecimal number"]
