"""A stage parses its input without the indentation (schism/stages/xmlstage.py
`parse_input`), which caps the tree's line numbers at 65535; when it fails,
cli.run_stage runs it again on the file parsed whole, so that its message
names the line it named before (libxml2's, which past line 65535 can be the
next line: it takes the line of the text after the element) and prints its
messages once."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from support import golden, line_of
from support.fixtures import GOLDEN

from schism import cli, pipeline, xmlio
from schism.errors import SchismError
from schism.stages import Context, xmlstage

PADDING = "\n" * 70_000  # blank lines: white space between elements, as an editor may leave


def test_lean_tree_is_the_same_document_with_capped_lines():
    text = (GOLDEN / "rpi3" / "expected" / "scenario_p_laidout.xml").read_text()
    at = text.rindex("  <guest ")
    padded = (text[:at] + PADDING + text[at:]).encode()
    whole = xmlio.parse_bytes(padded, "p.xml")
    lean = xmlio.parse_bytes(padded, "p.xml", indentation=False)
    guest = "/scenario/guest[last()]"
    assert whole.xpath(guest)[0].sourceline > 65535 == lean.xpath(guest)[0].sourceline
    first = "/scenario/platform"  # before the padding: the same line
    assert whole.xpath(first)[0].sourceline == lean.xpath(first)[0].sourceline == line_of(
        text, "<platform ")
    assert xmlio.serialize(lean) == xmlio.serialize(whole) == text.encode()
    unpadded = xmlio.parse_bytes(text.encode(), "p.xml", indentation=False)
    assert unpadded.xpath("count(//text())") == 0
    assert xmlio.parse_bytes(text.encode(), "p.xml").xpath("count(//text())") > 0


def _padded_build(tmp_path: Path, edit) -> tuple[Path, str]:
    """O holding the rpi3 case's layout-map input, blank lines before its
    last guest, and `edit` applied to the text after them."""
    o = tmp_path / "o"
    o.mkdir()
    text = (GOLDEN / "rpi3" / "expected" / "scenario_p_laidout.xml").read_text()
    at = text.rindex("  <guest ")
    tail = edit(text[at:])
    assert tail != text[at:]
    padded = text[:at] + PADDING + tail
    (o / "scenario_p_laidout.xml").write_text(padded)
    return o, padded


def _run(o: Path, key: str) -> tuple[SchismError, str]:
    out = io.StringIO()
    stage = pipeline.by_key(key)
    with pytest.raises(SchismError) as e:
        cli.run_stage(stage, Context(build_dir=o, out=out, stage=stage))
    return e.value, out.getvalue()


def _guest_map(tail: str) -> str:
    """The first guest map of `tail`, as written."""
    start = tail.index("<map ")
    return tail[start:tail.index(">", start) + 1]


def _line(padded: str) -> int:
    """The line of the last guest's first map, as a parse of the whole file gives it."""
    whole = xmlio.parse_bytes(padded.encode(), "p.xml")
    line = whole.xpath("/scenario/guest[last()]/mmu/map[1]")[0].sourceline
    assert line > 65535
    return line


def test_stage_error_beyond_line_65535_names_its_line(tmp_path):
    """The stage's own rule (layout.md 6.5), on an element past line 65535."""
    def drop_base(tail: str) -> str:
        m = _guest_map(tail)
        base = m[m.index(' base="'):m.index('"', m.index(' base="') + 7) + 1]
        return tail.replace(m, m.replace(base, ""), 1)

    o, padded = _padded_build(tmp_path, drop_base)
    error, _ = _run(o, "layout-map")
    assert str(error).startswith(f"{o}/scenario_p_laidout.xml:{_line(padded)}: error: map base: ")
    assert not (o / "scenario_v_laidout.xml").exists()


def test_validation_error_beyond_line_65535_names_its_line(tmp_path):
    """An input that is not the one the previous stage wrote is validated."""
    def bad_flags(tail: str) -> str:
        m = _guest_map(tail)
        start = m.index(' flags="') + 8
        return tail.replace(m, m[:start] + "q" + m[start:], 1)

    o, padded = _padded_build(tmp_path, bad_flags)
    error, _ = _run(o, "layout-map")
    assert str(error).startswith(
        f"{o}/scenario_p_laidout.xml:{_line(padded)}: error: map flags: ")


def test_a_stage_run_again_prints_its_messages_once(monkeypatch, tmp_path):
    calls = []

    def stage_run(ctx: Context) -> None:
        calls.append(ctx.lines_unknown)
        ctx.info("INFO: measured")
        ctx.lines_unknown = len(calls) == 1  # the first attempt read a lean tree
        raise SchismError(f"attempt {len(calls)}")

    monkeypatch.setattr(pipeline, "runner", lambda stage: stage_run)
    out = io.StringIO()
    stage = pipeline.by_key("measure")
    with pytest.raises(SchismError, match="attempt 2"):
        cli.run_stage(stage, Context(build_dir=tmp_path, out=out, stage=stage))
    assert calls == [False, False]
    assert out.getvalue() == "INFO: measured\n"
    assert not xmlstage.handing_on() and not xmlstage.parse_lean(False)


def test_only_a_stage_that_can_run_again_parses_lean(tmp_path):
    """Outside cli.run_stage (tests, tools reading a stage input) the input
    is parsed whole, with every line number."""
    shutil.copyfile(GOLDEN / "rpi3" / "expected" / "scenario_p_laidout.xml",
                    tmp_path / "scenario_p_laidout.xml")
    ctx = Context(build_dir=tmp_path, out=io.StringIO(), stage=pipeline.by_key("layout-map"))
    xmlstage.read_input(ctx, "scenario_p_laidout.xml")
    assert not ctx.lines_unknown
    before = xmlstage.parse_lean(True)
    try:
        xmlstage.read_input(ctx, "scenario_p_laidout.xml")
        assert ctx.lines_unknown
    finally:
        xmlstage.parse_lean(before)


def _outputs(build_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in build_dir.iterdir()
            if p.is_file() and p.name != ".schism-validated"}


@pytest.mark.parametrize("engine", ["lxml", "saxon"])
@pytest.mark.parametrize("case", golden.cases(), ids=lambda c: c.name)
def test_lean_inputs_give_what_whole_ones_give(case, engine, tmp_path):
    """Every golden case, both engines: the same files, messages and errors
    whether a stage parses its input whole or without the indentation."""
    whole = golden.run_case(case, tmp_path / "whole", engine)
    lean = golden.run_case(case, tmp_path / "lean", engine, as_cli=True)
    assert (lean.error, lean.failed_stage) == (whole.error, whole.failed_stage)
    assert lean.stderr == whole.stderr
    assert _outputs(tmp_path / "lean") == _outputs(tmp_path / "whole")
