"""An installed (non-editable) schism works outside the checkout: the
stylesheets, DTD, library and CBI files travel as package data."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support import MINIMAL

ROOT = Path(__file__).resolve().parent.parent
PARTS = ["pyproject.toml", "README.md", "schism", "xslt", "dtd", "xmllib"]


@pytest.mark.slow
def test_installed_package_runs_outside_the_checkout(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for part in PARTS:
        p = ROOT / part
        if p.is_dir():
            shutil.copytree(p, src / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(p, src / part)
    site = tmp_path / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site),
         str(src)], capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip(f"pip could not build the package here: {proc.stderr[-500:]}")
    o = tmp_path / "o"
    o.mkdir()
    (o / "scenario.xml").write_text(MINIMAL)
    env = dict(os.environ, PYTHONPATH=str(site))
    for stage in ("expand", "reparent"):
        run = subprocess.run([sys.executable, "-m", "schism", stage, str(o)], cwd=tmp_path,
                             env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
    assert (o / "scenario_reparented.xml").exists()
    installed = site / "schism"
    for data in ("xslt/expand.xsl", "dtd/scenario.dtd", "xmllib/arch_arm64.xml",
                 "cbi/phidias/default_hypervisor_phidias.xml", "cbi/phidias/config.lds",
                 "cbi/phidias_v0010/default_hypervisor_phidias-v0.010.xml",
                 "cbi/phidias_v0010/xmllib/arch_arm64.xml"):
        assert (installed / data).is_file(), data
    # the dotted CBI name resolves in the installed package too
    (o / "scenario.xml").write_text(MINIMAL.replace('cbi="phidias"', 'cbi="phidias-v0.010"'))
    run = subprocess.run([sys.executable, "-m", "schism", "expand", str(o)], cwd=tmp_path,
                         env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert 'id="xcore"' in (o / "scenario_expanded.xml").read_text()
