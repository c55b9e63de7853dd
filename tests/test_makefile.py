"""`make O=dir`: the chain of the stage table, incremental, with the demo
scenario (its CBI compiles with the host gcc)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from schism import pipeline

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"

pytestmark = pytest.mark.skipif(shutil.which("make") is None or shutil.which("gcc") is None,
                                reason="needs make and gcc")


def _make(o: Path, *targets: str) -> list[str]:
    """Run make; the schism commands it ran, as 'command [iteration]'."""
    proc = subprocess.run(
        ["make", "-f", str(ROOT / "Makefile"), f"O={o}", f"PYTHON={sys.executable}",
         f"HYPERVISOR_SRC={ROOT / 'examples' / 'demo-hypervisor'}", *targets],
        capture_output=True, text=True, env=dict(os.environ, MAKEFLAGS=""))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    ran = re.findall(r"-m schism\s+(\S+) \S+(?: ([12]))?", proc.stdout)
    return [f"{cmd} {arg}".strip() for cmd, arg in ran]


def _touch_later(path: Path) -> None:
    time.sleep(0.01)
    future = time.time() + 2
    os.utime(path, (future, future))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[str]]:
    o = tmp_path_factory.mktemp("demo")
    for name in ("scenario.xml", "hello.txt", "payload.bin"):
        shutil.copy(DEMO / name, o / name)
    return o, _make(o)


def test_full_build_runs_every_stage_in_order(built):
    o, ran = built
    expected = [s.command + (" " + s.args[0] if s.args else "") for s in pipeline.BUILD_ORDER]
    assert ran == expected
    assert (o / "image").exists()


def test_second_make_does_nothing(built):
    o, _ = built
    assert _make(o) == []


def test_touching_a_payload_reruns_measure_and_later(built):
    o, _ = built
    _touch_later(o / "hello.txt")
    assert _make(o) == ["measure", "layout-memory", "layout-map", "pagetables",
                        "generate-config 2", "compile-config 2", "combine"]


def test_touching_the_scenario_reruns_from_stage_1(built):
    o, _ = built
    _touch_later(o / "scenario.xml")
    ran = _make(o)
    assert ran[:3] == ["precompile", "expand", "reparent"]
    assert ran[-1] == "combine"


def test_one_stage_target(tmp_path):
    for name in ("scenario.xml", "hello.txt", "payload.bin"):
        shutil.copy(DEMO / name, tmp_path / name)
    assert _make(tmp_path, "reparent") == ["expand", "reparent"]
    assert not (tmp_path / "scenario_measured.xml").exists()


def test_every_stage_output_has_a_rule():
    text = (ROOT / "Makefile").read_text()
    for stage in pipeline.STAGES:
        for out in stage.outputs:
            target = "$(ELF)" if out == "{cbi}.elf" else f"$(O)/{out}"
            assert re.search(rf"^[^\t#\n]*{re.escape(target)}[^\n=]*:", text, re.M), out
        if stage.command:
            assert f"$(RUN) {stage.command} $(O)" in text, stage.command


def test_prebuilt_hypervisor_missing_says_which_files(tmp_path):
    for name in ("scenario.xml", "hello.txt", "payload.bin"):
        shutil.copy(DEMO / name, tmp_path / name)
    proc = subprocess.run(["make", "-f", str(ROOT / "Makefile"), f"O={tmp_path}",
                           f"PYTHON={sys.executable}", "measure"],
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert f"provide {tmp_path}/demo.elf and {tmp_path}/invoke_gcc.cmd" in proc.stderr
