"""Both XSLT engines write the same bytes, comments included, for every
golden case that starts from scenario.xml."""

from __future__ import annotations

import shutil

import pytest
from golden_runner import cases
from helpers import MINIMAL, build_dir, run_cli

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
