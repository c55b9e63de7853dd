#!/usr/bin/env python3
"""Benchmark table of issue 13: stages 1-8 on generated N-guest scenarios,
one process per stage and as `make O=` runs them.

    python bench/compare.py [N ...] [--runs R] [--mode both|stages|chain]
                            [--keep DIR] [--profile STAGE]

N defaults to 100 400 1600 6400. The scenarios are `bench/scale.py`'s (one
vCPU per guest, a main memreq, an arch page, a vdev, a payload copy each);
stages 1-8 are expand, reparent, generate-config 1, measure, layout-memory,
layout-map, pagetables, generate-config 2 (compile-config is the cross
compiler's time: the configuration objects are the rpi3 fixture's).

`stages`: every stage a process of its own (`python -m schism <stage> O`),
run R times (default 2) on the same inputs, the minimum kept:

* CPU: user + system seconds of the stage process (os.wait4);
* wall: its wall-clock seconds;
* RSS: its peak resident set size (MiB);
* out: the size of what it writes (MiB);
* growth: CPU of this N over CPU of the N a quarter of it, when measured.

`chain`: the processes `make O=` runs for these stages (schism/chain.py):
expand going on with reparent and generate-config 1; compile-config 1's
process going on with measure ... generate-config 2 (bench/chained.py runs
the stages of each); CPU, wall and peak RSS per process, CPU per stage in
it. `both` (the default) runs both.

The C original's figures from issue 13 are printed beside the totals.
`--profile STAGE` runs that stage once more under cProfile (largest N) and
prints the top 30 functions by cumulative time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
STAGES = [
    ("expand",), ("reparent",), ("generate-config", "1"), ("measure",), ("layout-memory",),
    ("layout-map",), ("pagetables",), ("generate-config", "2"),
]
OUTPUTS = {
    "expand": ["scenario_expanded.xml"],
    "reparent": ["scenario_reparented.xml"],
    "generate-config 1": ["scenario_config.c"],
    "measure": ["scenario_measured.xml"],
    "layout-memory": ["scenario_p_laidout.xml"],
    "layout-map": ["scenario_v_laidout.xml"],
    "pagetables": ["scenario_pagetables.xml", "pagetables"],
    "generate-config 2": ["scenario_config_real.c", "config_base.lds"],
}
# Modules run from their cached bytecode, as an installed schism does (pip
# compiles it at install time): PYTHONDONTWRITEBYTECODE would add the
# compilation of every module to every process.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
C_ORIGINAL = {100: 0.39, 1600: 20.0, 6400: 600.0}  # issue 13, CPU s (6400: killed)


def prepare(n: int, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "scenario.xml").write_text(scale.scenario(n))
    (out / "payload.bin").write_bytes(bytes(range(256)) * 16)
    for name in ("phidias.elf", "scenario_config.xo"):
        shutil.copyfile(scale.FIXTURES / name, out / name)


def once(words: tuple[str, ...], out: Path) -> tuple[float, float, float]:
    """(CPU s, wall s, peak RSS MiB) of one stage process."""
    cmd = [sys.executable, "-m", "schism", "-q", words[0], str(out), *words[1:]]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(words)} failed:\n{err.decode()[-2000:]}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024


# The processes `make O=` runs for stages 1-8 from scratch (schism/chain.py):
# expand goes on with reparent and generate-config 1; stage 0 (make's) and
# compile-config 1 come between; compile-config 1's process goes on with
# measure ... pagetables, verify, generate-config 2 (verify is not counted,
# as in the per-stage table: the chain here leaves it out).
CHAINS = [["expand", "reparent", "generate-config-1"],
          ["measure", "layout-memory", "layout-map", "pagetables", "generate-config-2"]]


def _chained_process(keys: list[str], out: Path) -> tuple[float, float, float, dict[str, float]]:
    """The chain of `keys` as make runs it: one process, or more when a chain
    ends early (schism/chain.py CHAIN_LIMIT). CPU and wall seconds summed,
    the largest peak RSS, the CPU seconds of each stage."""
    cpu = wall = rss = 0.0
    per_stage: dict[str, float] = {}
    while keys:
        cmd = [sys.executable, str(ROOT / "bench" / "chained.py"), str(out), *keys]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV)
        stdout = proc.stdout.read()
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        wall += time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{' '.join(keys)} failed:\n{err.decode()[-2000:]}")
        keys = []
        for line in stdout.decode().splitlines():
            key, *rest = line.split()
            if key == "rest":
                keys = rest
            else:
                per_stage[key] = float(rest[0])
        cpu += usage.ru_utime + usage.ru_stime
        rss = max(rss, usage.ru_maxrss / 1024)
    return cpu, wall, rss, per_stage


def measure_chained(n: int, runs: int, out: Path) -> dict[str, tuple[float, float, float, dict]]:
    """Stages 1-8 in the processes make runs them in (CHAINS); the minimum of `runs`."""
    prepare(n, out)
    rows: dict[str, tuple[float, float, float, dict]] = {}
    for keys in CHAINS:
        results = []
        for _ in range(runs):
            results.append(_chained_process(keys, out))
        best = min(results, key=lambda r: r[0])
        rows[" + ".join(keys)] = best
    return rows


def measure(n: int, runs: int, out: Path) -> dict[str, tuple[float, float, float, float]]:
    prepare(n, out)
    rows = {}
    for words in STAGES:
        name = " ".join(words)
        best = [min(v) for v in zip(*(once(words, out) for _ in range(runs)), strict=True)]
        size = sum((out / f).stat().st_size for f in OUTPUTS[name]) / 2**20
        rows[name] = (*best, size)
    return rows


def profile(stage: str, out: Path) -> None:
    words = stage.split()
    cmd = [sys.executable, "-m", "cProfile", "-s", "cumulative", "-m", "schism", "-q",
           words[0], str(out), *words[1:]]
    text = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    print("\n".join(text.splitlines()[:40]))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("sizes", nargs="*", type=int, default=[100, 400, 1600, 6400])
    p.add_argument("--runs", type=int, default=2)
    p.add_argument("--keep", type=Path, help="keep the build directories under DIR/<N>")
    p.add_argument("--profile", metavar="STAGE", help="cProfile one stage at the largest N")
    p.add_argument("--mode", choices=("both", "stages", "chain"), default="both",
                   help="one process per stage, the processes of make's chain, or both")
    ns = p.parse_args()
    base = ns.keep or Path(tempfile.mkdtemp(prefix="schism-bench-"))
    results: dict[int, dict] = {}
    chained: dict[int, dict] = {}
    try:
        for n in ns.sizes:
            if ns.mode != "chain":
                results[n] = measure(n, ns.runs, base / str(n))
                report(n, results)
            if ns.mode != "stages":
                chained[n] = measure_chained(n, ns.runs, base / f"{n}-chain")
                report_chained(n, chained)
        if ns.profile:
            profile(ns.profile, base / str(max(ns.sizes)))
    finally:
        if not ns.keep:
            shutil.rmtree(base)
    summary(results, chained)


def report_chained(n: int, chained: dict[int, dict]) -> None:
    rows = chained[n]
    quarter = chained.get(n // 4)
    print(f"\nN={n}, as make runs them  {'CPU s':>7} {'wall s':>7} {'RSS MiB':>8}")
    for name, (cpu, wall, rss, per_stage) in rows.items():
        print(f"  process {name}")
        print(f"  {'':<24} {cpu:6.3f} {wall:7.3f} {rss:8.1f}")
        for key, t in per_stage.items():
            print(f"    {key:<22} {t:6.3f} (in the process)")
    cpu = sum(r[0] for r in rows.values())
    growth = f" growth x{cpu / sum(r[0] for r in quarter.values()):.2f}" if quarter else ""
    print(f"  {'total':<24} {cpu:6.3f} {sum(r[1] for r in rows.values()):7.3f}{growth}")
    sys.stdout.flush()


def report(n: int, results: dict[int, dict]) -> None:
    rows = results[n]
    quarter = results.get(n // 4)
    print(f"\nN={n}  {'CPU s':>7} {'wall s':>7} {'RSS MiB':>8} {'out MiB':>8} {'growth':>7}")
    for name, (cpu, wall, rss, size) in rows.items():
        growth = f"x{cpu / quarter[name][0]:.2f}" if quarter else ""
        print(f"  {name:<18} {cpu:6.3f} {wall:7.3f} {rss:8.1f} {size:8.2f} {growth:>7}")
    cpu = sum(r[0] for r in rows.values())
    wall = sum(r[1] for r in rows.values())
    growth = f"x{cpu / sum(r[0] for r in quarter.values()):.2f}" if quarter else ""
    print(f"  {'total':<18} {cpu:6.3f} {wall:7.3f} {'':>8} {'':>8} {growth:>7}")
    sys.stdout.flush()


def summary(results: dict[int, dict], chained: dict[int, dict]) -> None:
    print("\n| n | mode | schism CPU s | wall s | max RSS MiB | C -O2 (issue 13) | ratio |")
    print("|---|---|---|---|---|---|---|")
    runs = [(n, "a process per stage", rows) for n, rows in results.items()]
    runs += [(n, "as make runs them", rows) for n, rows in chained.items()]
    for n, mode, rows in sorted(runs, key=lambda r: r[0]):
        cpu = sum(r[0] for r in rows.values())
        wall = sum(r[1] for r in rows.values())
        rss = max(r[2] for r in rows.values())
        c = C_ORIGINAL.get(n)
        ratio = "" if c is None else f"{c / cpu:.1f}x faster" if c >= cpu else \
            f"{cpu / c:.1f}x slower"
        shown = "" if c is None else "> 600 (killed)" if n == 6400 else f"{c:.2f}"
        print(f"| {n} | {mode} | {cpu:.2f} | {wall:.2f} | {rss:.0f} | {shown} | {ratio} |")


if __name__ == "__main__":
    main()
