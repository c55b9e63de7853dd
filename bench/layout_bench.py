"""Micro-benchmark of stages 5 and 6 (not a test): N guests on the reference
rpi3 scenario, each with a per-CPU main memreq, an arch page and the
hypervisor maps stage 2 would have made for them.

    .venv/bin/python bench/layout_bench.py [N=1600] [--keep DIR] [--fragments M]

Prints the wall time of `schism layout-memory O` and `schism layout-map O`
as separate processes (what `make` runs) and of the in-process computation.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "golden" / "rpi3" / "expected" / "scenario_measured.xml"
SCHISM = ROOT / ".venv" / "bin" / "schism"


def scenario(n: int) -> etree._ElementTree:
    tree = etree.parse(str(REFERENCE), etree.XMLParser(remove_blank_text=True))
    root = tree.getroot()
    memory = root.find("platform/board/memory")
    hmmu = root.find("hypervisor/mmu")
    ncpus = int(root.find("hypervisor").get("ncpus"))
    for i in range(n):
        cpu = f"[{i % ncpus}]"
        for suffix, size, flags in (("main", "0x10000", "rw"), ("arch", "0x1000", "rwg")):
            etree.SubElement(memory, "memreq", id=f"g{i}_{suffix}", size=size, cpumap=cpu,
                             flags_demand=flags, flags_prevent="xdus", on="dram")
            etree.SubElement(hmmu, "map", xref=f"g{i}_{suffix}", cpumap=cpu, flags=flags)
        guest = etree.SubElement(root, "guest", id=f"g{i}", ncpus="1", cpumap=cpu)
        gmmu = etree.SubElement(guest, "mmu", type="hardware", format="arm64:g4io40n")
        etree.SubElement(gmmu, "map", xref=f"g{i}_main", base="0x40000000", flags="rwx")
        etree.SubElement(gmmu, "map", xref=f"g{i}_arch", base="0x3fffc000", flags="rw")
        etree.SubElement(guest, "init", arch_page=f"g{i}_arch")
        etree.SubElement(guest, "entry", bp_xref=f"g{i}_main", bp_offset="0x8000")
        etree.SubElement(guest, "sched", **{"class": "wfq"})
    return tree


def fragmenting(n: int) -> float:
    """The allocator alone, worst case for first fit: n padded placements
    that each leave an unusable 1-3 page fragment behind (the original's list
    scan is quadratic in n here)."""
    from schism.ext.layout import FreeList

    free = FreeList([(0, 1 << 48)])
    t = time.perf_counter()
    for _ in range(n):
        free.take_padded_fit(0x3000, 16)
    elapsed = time.perf_counter() - t
    print(f"  {len(free)} free ranges left")
    return elapsed


def timed(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True)
    return time.perf_counter() - t


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("n", nargs="?", type=int, default=1600)
    p.add_argument("--keep", type=Path, help="build directory to keep")
    p.add_argument("--fragments", type=int, default=0, metavar="N",
                   help="also time N fragmenting allocator placements")
    ns = p.parse_args()
    if ns.fragments:
        print(f"{ns.fragments} fragmenting placements: {fragmenting(ns.fragments):.3f} s")
    out = ns.keep or Path(tempfile.mkdtemp(prefix="layout-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    scenario(ns.n).write(str(out / "scenario_measured.xml"))
    t5 = timed([str(SCHISM), "layout-memory", str(out)])
    t6 = timed([str(SCHISM), "layout-map", str(out)])
    print(f"{ns.n} guests: layout-memory {t5:.3f} s, layout-map {t6:.3f} s (processes)")

    from schism import xmlio
    from schism.stages import layout_map, layout_memory

    for name, mod in (("scenario_measured.xml", layout_memory),
                      ("scenario_p_laidout.xml", layout_map)):
        tree = xmlio.parse_file(out / name)
        t = time.perf_counter()
        mod.compute(tree)
        print(f"  {mod.__name__.rsplit('.', 1)[1]}.compute: {time.perf_counter() - t:.3f} s")
    if not ns.keep:
        shutil.rmtree(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
