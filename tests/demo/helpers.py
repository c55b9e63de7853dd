"""Building and booting the demo in tests (tests/demo): one place for the
paths, the build recipe (what `make demo` does) and an independent reader of
the built scenario and image."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import etree

from schism import cli

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "demo"
HYPERVISOR = REPO / "examples" / "demo-hypervisor"
BOOT = EXAMPLE / "boot.py"
PAYLOADS = ("hello.txt", "payload.bin")
QEMU = shutil.which("qemu-system-aarch64")
CROSS_GCC = shutil.which("aarch64-linux-gnu-gcc")
HOST_GCC = shutil.which("gcc")


def build(o: Path, image: str = "raw") -> Path:
    """The example scenario (image kind replaced) built into `o`: stage 0 by
    the demo hypervisor's Makefile, stages -1 to 9 by `schism build`."""
    o.mkdir(parents=True, exist_ok=True)
    text = (EXAMPLE / "scenario.xml").read_text(encoding="utf-8")
    (o / "scenario.xml").write_text(text.replace('image="raw"', f'image="{image}"', 1),
                                    encoding="utf-8")
    for name in PAYLOADS:
        shutil.copyfile(EXAMPLE / name, o / name)
    subprocess.run(["make", "-s", "-C", str(HYPERVISOR), f"O={o}"], check=True,
                   capture_output=True)
    rc = cli.main(["build", str(o)])
    assert rc == 0, f"schism build {o} failed"
    return o


def boot(o: Path, image: Path | None = None, timeout: float = 60,
         extra: tuple[str, ...] = ()) -> tuple[int, list[str]]:
    """Run boot.py on `o`; (exit status, UART lines of the demo)."""
    cmd = [sys.executable, str(BOOT), str(o), "--timeout", str(timeout), *extra]
    if image is not None:
        cmd += ["--image", str(image)]
    done = subprocess.run(cmd, capture_output=True, timeout=timeout + 30, check=False)
    text = done.stdout.decode("utf-8", "replace").replace("\r", "")
    return done.returncode, [line for line in text.splitlines() if "schism-demo" in line]


# --- an independent reading of the built scenario ------------------------------------


def _table(text: str | None, cpu: int) -> int | None:
    """A TABLE(HEX) value for `cpu` (kept apart from schism's codec on purpose)."""
    if text is None:
        return None
    if not text.startswith("["):
        return int(text, 16)
    for index, value in re.findall(r"\[(-?\d+)\]=(0x[0-9a-f]+)", text):
        if int(index) == cpu:
            return int(value, 16)
    return None


def _cpus(text: str | None) -> list[int] | None:
    return None if text is None else [int(x) for x in re.findall(r"-?\d+", text)]


class Built:
    """Facts of a built demo: its final XML and image."""

    def __init__(self, o: Path):
        self.o = o
        self.root = etree.parse(str(o / "scenario_pagetables.xml")).getroot()
        self.ids = {el.get("id"): el for el in self.root.iter("memreq", "device", "file")}
        self.hv = self.root.find("hypervisor")
        self.mmu = self.hv.find("mmu")
        self.load_base = int(self.hv.get("load_base"), 16)

    def base(self, xref: str, cpu: int = 0) -> int:
        return _table(self.ids[xref].get("base"), cpu)

    def map_va(self, xref: str, cpu: int = 0) -> int:
        m = self.mmu.find(f"map[@xref='{xref}']")
        return _table(m.get("base"), cpu)

    def table(self, cpu: int) -> int:
        return _table(self.mmu.get("base"), cpu)

    def memarea_lines(self) -> list[str]:
        """What the hypervisor must print for CPU 0's maps (no offset/subsize here)."""
        lines = []
        for m in self.mmu.iter("map"):
            target = self.ids[m.get("xref")]
            cpus = _cpus(m.get("cpumap"))
            if cpus is not None and 0 not in cpus:
                continue
            flags = "".join(c for c in "rwxgdus" if c in m.get("flags"))
            lines.append(
                f"schism-demo: memarea {m.get('xref')} pa={_table(target.get('base'), 0):#x} "
                f"va={_table(m.get('base'), 0):#x} size={int(target.get('size'), 16):#x} "
                f"flags={flags}"
            )
        return lines

    def files(self) -> list[tuple[str, int, int]]:
        """(id, offset, size) of every payload file."""
        return [(f.get("id"), int(f.get("offset"), 16), int(f.get("size"), 16))
                for f in self.root.iter("file")]

    def leaf_offset(self, image: bytes, cpu: int, va: int) -> int:
        """Image offset of the entry that maps `va` in CPU `cpu`'s table
        (arm64:g4io40: levels at shifts 39/30/21/12, 8-byte entries)."""
        table = self.table(cpu)
        for shift, bits in ((39, 1), (30, 9), (21, 9), (12, 9)):
            offset = table - self.load_base + 8 * ((va >> shift) & ((1 << bits) - 1))
            entry = int.from_bytes(image[offset:offset + 8], "little")
            assert entry & 1, f"va {va:#x} not mapped at level shift {shift}"
            if shift == 12 or entry & 3 == 1:
                return offset
            table = entry & 0xFFFFFFFFF000
        raise AssertionError("unreachable")
