"""What the phidias-v0.010 tests share: where the Phidias v0.010 source is
(third-party test input: built from a scratch copy, never changed), the
tools a build needs, and stage 0 run as schism's Makefile runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from lxml import etree
from support.fixtures import GOLDEN

from schism import cbi

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "phidias-rpi3"
BOOT = EXAMPLE / "boot.py"
DATA = Path(__file__).resolve().parent / "data"
# PHIDIAS_SRC overrides, as for examples/phidias-rpi3/boot.py
SOURCE = Path(os.environ.get("PHIDIAS_SRC")
              or REPO.parent / "shared" / "reference" / "phidias-v0.010")
PATCH = "qemu-raspi3b.patch"
CROSS = os.environ.get("CROSS_COMPILE") or "aarch64-linux-gnu-"
QEMU = shutil.which("qemu-system-aarch64")


def missing(*tools: str) -> str | None:
    """Why a test that builds Phidias cannot run here, or None."""
    if not (SOURCE / "core" / "Makefile").is_file() or not (SOURCE / PATCH).is_file():
        return f"no Phidias v0.010 source at {SOURCE} (set PHIDIAS_SRC)"
    for tool in (f"{CROSS}gcc", "make", "patch", "gawk", "hexdump", *tools):
        if shutil.which(tool) is None:
            return f"{tool} not found"
    return None


def scratch_copy(dest: Path) -> Path:
    """The source copied to `dest`, qemu-raspi3b.patch applied to the copy."""
    shutil.copytree(SOURCE, dest, symlinks=True)
    with open(dest / PATCH, "rb") as patch:
        subprocess.run(["patch", "-s", "-p1"], cwd=dest, stdin=patch, check=True)
    return dest


def stage0(source: Path, o: Path) -> subprocess.CompletedProcess:
    """`make -C <source>/core O=<abs O> VAR=value...` with the variables the
    scenario's CBI names: what schism's Makefile runs for HYPERVISOR_SRC."""
    tree = etree.parse(str(o / "scenario.xml"))
    words = [f"{k}={v}" for k, v in cbi.hypervisor_make_variables(cbi.of(tree), tree).items()]
    return subprocess.run(["make", "-s", "-C", str(source / "core"), f"O={o.resolve()}", *words],
                          capture_output=True, text=True, check=False)




def load(case: str, name: str = "scenario_pagetables.xml") -> etree._ElementTree:
    """A golden case's input XML, blank text removed (edits indent cleanly)."""
    return etree.parse(str(GOLDEN / case / name), etree.XMLParser(remove_blank_text=True))
