"""Both XSLT engines write the same bytes, comments included, for every
golden case that starts from scenario.xml."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import MINIMAL, build_dir, run_cli
from support.fixtures import GOLDEN
from support.golden import cases

from schism import engine, pipeline, resources, xmlio
from schism.errors import SchismError

STARTS_AT_STAGE_1 = [c for c in cases() if (c / "scenario.xml").exists()]


def _outputs(o, capsys, engine: str) -> dict[str, bytes]:
    for stage in ("expand", "reparent"):
        rc, err = run_cli(capsys, "--engine", engine, stage, o)
        assert rc == 0, err
    return {n: (o / n).read_bytes() for n in ("scenario_expanded.xml", "scenario_reparented.xml")}


@pytest.mark.parametrize("case", STARTS_AT_STAGE_1, ids=lambda c: c.name)
def test_engines_write_the_same_bytes(case, tmp_path, capsys):
    shutil.copy(case / "scenario.xml", tmp_path / "scenario.xml")
    assert _outputs(tmp_path, capsys, "lxml") == _outputs(tmp_path, capsys, "saxon")


def test_comments_survive_on_both_engines(tmp_path, capsys):
    doc = "<!-- before -->\n" + MINIMAL.replace("<hypervisor", "<!-- inside -->\n  <hypervisor")
    o = build_dir(tmp_path, doc + "<!-- after -->\n")
    lxml = _outputs(o, capsys, "lxml")
    assert lxml == _outputs(o, capsys, "saxon")
    text = lxml["scenario_reparented.xml"].decode()
    assert text.startswith("<!-- before -->\n<scenario")
    assert "  <!-- inside -->\n  <hypervisor" in text
    assert text.endswith("</scenario><!-- after -->\n")  # as libxslt writes it


# --- which engine runs which stage (docs/architecture.md "Engines") -----------

MEASURE_CASE = GOLDEN / "measure-example-rpi3"
NOTE = ("INFO: engine saxon runs expand and reparent; measure, layout-memory, "
        "layout-map and pagetables run on lxml (their stylesheets call Python extension "
        "functions)\n")


def _measure_case(tmp_path: Path) -> Path:
    for f in MEASURE_CASE.iterdir():
        if f.is_file():
            shutil.copy(f, tmp_path / f.name)
    return tmp_path


def test_saxon_for_an_extension_stage_runs_lxml_and_says_so(tmp_path):
    o = _measure_case(tmp_path)
    env = {**os.environ, "SCHISM_ENGINE": "saxon"}
    proc = subprocess.run([sys.executable, "-m", "schism", "measure", str(o)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.endswith(NOTE)  # when its stylesheet is about to run
    proc = subprocess.run([sys.executable, "-m", "schism", "-q", "measure", str(o)],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and proc.stderr == ""  # an INFO line, which -q leaves out
    saxon = (o / "scenario_measured.xml").read_bytes()
    proc = subprocess.run([sys.executable, "-m", "schism", "-q", "--engine", "lxml", "measure",
                           str(o)], capture_output=True, text=True, env=env)
    assert proc.returncode == 0 and proc.stderr == ""
    assert (o / "scenario_measured.xml").read_bytes() == saxon


def test_the_note_comes_once_per_process(monkeypatch):
    monkeypatch.setattr(engine, "_noted_fallback", False)
    out = io.StringIO()
    for key in ("measure", "layout-memory", "layout-map", "pagetables"):
        assert engine.for_stage("saxon", pipeline.by_key(key), out) == "lxml"
    assert out.getvalue() == NOTE
    assert engine.for_stage("saxon", pipeline.by_key("expand"), out) == "saxon"
    assert engine.for_stage("lxml", pipeline.by_key("measure"), out) == "lxml"
    assert out.getvalue() == NOTE


def test_the_stage_table_names_the_engines():
    xslt = {s.key: s.engines for s in pipeline.STAGES if s.stylesheet}
    assert xslt == {"expand": ("lxml", "saxon"), "reparent": ("lxml", "saxon"),
                    "measure": ("lxml",), "layout-memory": ("lxml",),
                    "layout-map": ("lxml",), "pagetables": ("lxml",)}
    assert all(s.engines == () for s in pipeline.STAGES if not s.stylesheet)
    assert "[xslt/measure.xsl on lxml]" in pipeline.describe()
    assert "[xslt/expand.xsl on lxml or saxon]" in pipeline.describe()


def test_saxon_refuses_extension_functions():
    tree = xmlio.parse_bytes((MEASURE_CASE / "scenario_reparented.xml").read_bytes(), "in.xml")
    with pytest.raises(ValueError, match="measure.xsl calls extension functions"):
        engine.run("saxon", "measure", tree, {}, "in.xml", extensions={"entry": lambda: "0x0"})


def test_an_extension_error_belongs_to_its_own_run():
    """The exception an extension function raised is re-raised by that
    transformation, with its message, and forgotten after it."""
    tree = xmlio.parse_bytes((MEASURE_CASE / "scenario_reparented.xml").read_bytes(), "in.xml")

    def fails(*_args):
        raise SchismError("the fact is not known", "in.xml", 3)

    called = re.findall(r"ext:([\w-]+)\(", resources.stylesheet("measure").read_text())
    functions = dict.fromkeys(called, fails)
    with pytest.raises(SchismError, match="the fact is not known"):
        engine.run("lxml", "measure", tree, {}, "in.xml", extensions=functions)
    quiet = dict.fromkeys(called, lambda *_a: "0x0")
    assert engine.run("lxml", "measure", tree, {}, "in.xml", extensions=quiet) is not None


def test_the_note_comes_before_no_error(tmp_path):
    """A failing stage's stderr starts with its error line: `schism build`
    on Saxon noted the fallback at measure, before layout-memory's error
    (bench/fuzz.py seed 7777: `schism: note: engine saxon ...`, 61 runs)."""
    from errors import errorchain as ec

    text = (GOLDEN / "rpi3" / "scenario.xml").read_text().replace(
        'size="0x40000" flags_demand', 'size="0x40000" base="0xfff00000" flags_demand')
    o = tmp_path / "O"
    ec.prepare(o, text.encode())
    env = {**ec.environment(), "SCHISM_ENGINE": "saxon", "CROSS_COMPILE": ec.cross_compile(text)}
    proc = subprocess.run([sys.executable, "-m", "schism", "-q", "build", "O"], cwd=tmp_path,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 1
    assert proc.stderr.startswith("O/scenario_measured.xml:8: error: memreq base: cannot claim "
                                  "'trace'"), proc.stderr
