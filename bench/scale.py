#!/usr/bin/env python3
"""Benchmark: stages 1-7 on a generated N-guest scenario, as `make` runs them.

    python bench/scale.py N [--keep DIR]

Generates an inline board with 256 GiB of DRAM and N single-vCPU guests
pinned round-robin to 4 host CPUs; each guest has a 1-4 MiB main memreq
mapped at 0x40000000, an arch page, one vdev and one copy of a payload file.
Each stage runs as its own `schism <stage> O` process; per-stage wall times
are printed. A benchmark, not a test; `bench/compare.py` runs stages 1-8 on
these scenarios over several sizes (CPU, wall, peak RSS, growth) for the
figures and targets of docs/performance.md.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "golden" / "rpi3"
STAGES = ["expand", "reparent", "measure", "layout-memory", "layout-map", "pagetables"]
ARM64 = (ROOT / "xmllib" / "arch_arm64.xml").read_text().split("?>", 1)[-1]

GUEST = """  <guest id="g{i}" ncpus="1" cpumap="[{cpu}]">
    <memreq id="g{i}_main" size="{size:#x}" flags_demand="rw" flags_prevent="xdus"/>
    <memreq id="g{i}_arch" size="0x1000" flags_demand="rwg" flags_prevent="xdus" cpumap="*"/>
    <vdev id="g{i}_uart" type="serial" frontend="pl011" master="master">
      <emulate base="0x10009000" size="0x1000"/>
    </vdev>
    <mmu type="hardware" format="arm64:g4io40n">
      <map xref="g{i}_main" base="0x40000000" flags="rwx"/>
      <map xref="g{i}_arch" base="0x3fffc000" flags="rw"/>
    </mmu>
    <init arch_page="g{i}_arch">
      <copy xref="payload" dref="g{i}_main" offset="0x8000"/>
    </init>
    <entry bp_xref="g{i}_main" bp_offset="0x8000"/>
    <sched class="wfq"/>
  </guest>
"""


def scenario(n: int) -> str:
    guests = "".join(
        GUEST.format(i=i, cpu=i % 4, size=(1 + (i * 7) % 4) << 20) for i in range(n)
    )
    return f"""<scenario version="1.00" cbi="phidias" image="raw">
  <platform arch="arm64">
    <board id="bigboard">
      <device id="serial" base="0x9000000" size="0x1000"/>
      <memory id="dram" base="0x4000000000" size="0x4000000000"/>
    </board>
{ARM64}
  </platform>
  <hypervisor ncpus="4" load_base="0x4000000000">
    <mmu type="hardware" format="arm64:g4io40">
      <map xref="serial" flags="w"/>
    </mmu>
  </hypervisor>
{guests}  <files>
    <file id="payload" href="payload.bin"/>
  </files>
</scenario>
"""


def run(n: int, out: Path) -> float:
    out.mkdir(parents=True, exist_ok=True)
    (out / "scenario.xml").write_text(scenario(n))
    (out / "payload.bin").write_bytes(bytes(range(256)) * 16)
    for name in ("phidias.elf", "scenario_config.xo"):
        shutil.copyfile(FIXTURES / name, out / name)
    total = cpu_total = 0.0
    print(f"N={n}  (wall clock; CPU = user + system time of the stage process)")
    for stage in STAGES:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "schism", stage, str(out)],
                              capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            sys.exit(f"{stage} failed:\n{proc.stderr[-2000:]}")
        total += elapsed
        cpu_total += cpu
        print(f"  {stage:<14} {elapsed:6.2f} s   CPU {cpu:5.2f} s")
    print(f"  {'total':<14} {total:6.2f} s   CPU {cpu_total:5.2f} s")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of guests")
    parser.add_argument("--keep", type=Path, help="build directory to keep")
    args = parser.parse_args()
    if args.keep:
        run(args.n, args.keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run(args.n, Path(tmp))


if __name__ == "__main__":
    main()
