#!/usr/bin/env python3
"""Benchmark: the whole pipeline on the bundled examples, as an integrator
runs it (issue 13: "gets faster, not slower").

    python bench/make.py [--runs R]

* demo: `make O=<tmp>` from scratch on examples/demo with
  HYPERVISOR_SRC=examples/demo-hypervisor (stage 0's make and the two
  compile-config stages run gcc), then `make O=` again (nothing to do);
* rpi3: the reference example of tests/golden/rpi3 through stages 1-8, one
  `schism <stage> O` process each, and in the two processes `make O=` runs
  them in (bench/chained.py, as in compare.py; its configuration objects
  are the case's: compiling needs Phidias' headers).

Prints CPU seconds (user + system of every child process) and wall seconds,
the minimum of R runs (default 3).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
RPI3 = ROOT / "tests" / "golden" / "rpi3"
# See compare.py: modules run from cached bytecode, as an installed schism does.
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "MAKEFLAGS")}
STAGES = [["expand"], ["reparent"], ["generate-config", "1"], ["measure"], ["layout-memory"],
          ["layout-map"], ["pagetables"], ["generate-config", "2"]]


def _timed(commands: list[list[str]], cwd: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for cmd in commands:
        proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall


def demo(base: Path) -> tuple[tuple[float, float], tuple[float, float]]:
    o = base / "demo"
    shutil.rmtree(o, ignore_errors=True)
    o.mkdir()
    for name in ("scenario.xml", "hello.txt", "payload.bin"):
        shutil.copy2(DEMO / name, o / name)
    hv = base / "demo-hypervisor"
    shutil.rmtree(hv, ignore_errors=True)
    shutil.copytree(ROOT / "examples" / "demo-hypervisor", hv,
                    ignore=shutil.ignore_patterns("build"))
    cmd = ["make", "-s", "-f", str(ROOT / "Makefile"), f"O={o}", f"HYPERVISOR_SRC={hv}",
           f"PYTHON={sys.executable}"]
    return _timed([cmd], o), _timed([cmd], o)


def rpi3(base: Path, chained: bool = False) -> tuple[float, float]:
    o = base / ("rpi3-chained" if chained else "rpi3")
    shutil.rmtree(o, ignore_errors=True)
    o.mkdir()
    for name in ("scenario.xml", "phidias.elf", "scenario_config.xo", "linux-Image.bin"):
        shutil.copy2(RPI3 / name, o / name)
    env_file = RPI3 / "case.env"
    if env_file.exists():
        for line in env_file.read_text().splitlines():
            if "=" in line:
                key, value = line.split("=", 1)
                ENV[key.strip()] = value.strip()
    if chained:
        chains = [["expand", "reparent", "generate-config-1"],
                  ["measure", "layout-memory", "layout-map", "pagetables", "generate-config-2"]]
        commands = [[sys.executable, str(ROOT / "bench" / "chained.py"), str(o), *keys]
                    for keys in chains]
    else:
        commands = [[sys.executable, "-m", "schism", "-q", s[0], str(o), *s[1:]] for s in STAGES]
    return _timed(commands, o)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=3)
    ns = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="schism-make-") as tmp:
        base = Path(tmp)
        rows = {"demo: make O= (from scratch)": [], "demo: make O= (again, no-op)": [],
                "rpi3: stages 1-8": [], "rpi3: stages 1-8 as make runs them": []}
        for _ in range(ns.runs):
            full, again = demo(base)
            rows["demo: make O= (from scratch)"].append(full)
            rows["demo: make O= (again, no-op)"].append(again)
            rows["rpi3: stages 1-8"].append(rpi3(base))
            rows["rpi3: stages 1-8 as make runs them"].append(rpi3(base, chained=True))
    print(f"{'':<38} {'CPU s':>7} {'wall s':>7}")
    for name, runs in rows.items():
        cpu = min(r[0] for r in runs)
        wall = min(r[1] for r in runs)
        print(f"{name:<38} {cpu:7.3f} {wall:7.3f}")


if __name__ == "__main__":
    main()
