"""Shared pieces of the combine tests: a build directory made from the
reference example (tests/combine/data), XML edits, and an independent PE
header reader (not schism's writer read backwards)."""

from __future__ import annotations

import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from schism.ext.values import format_hex, parse_hex, parse_table
from schism.pipeline import by_key
from schism.stages import Context, combine

DATA = Path(__file__).parent / "data"
XML = "scenario_pagetables.xml"

# Reference example, checked by hand against `readelf -l` of the fixtures and
# the reference scenario_pagetables.xml: (file, file offset, length) of each
# part of the raw image, in image order.
HV_FILE_RANGE = (0x1000, 0x5000)  # H0..H3: 0x1000+0x1000+0x1000+0x2000 from offset 0x1000
CONFIG_FILE_RANGE = (0x1000, 0x4000)  # C0..C2: 0x2000+0x1000+0x1000 from offset 0x1000
CONFIG_R_OFFSET = 0x5000
PAGETABLES_OFFSET = 0x9000
PAGETABLES_MEMREQ_SIZE = 0x60000
PAGETABLES_FILE_SIZE = 0x1E000
BLOB_OFFSET = 0x69000
PAYLOAD_SIZE = 300000  # linux-Image.bin, 0x493e0
IMAGE_SIZE = BLOB_OFFSET + PAYLOAD_SIZE  # 0xb23e0


def make_build_dir(tmp_path: Path, image: str | None = None) -> Path:
    out = tmp_path / "O"
    shutil.copytree(DATA, out)
    for f in out.iterdir():
        f.chmod(0o644)
    if image is not None:
        edit(out, lambda root: root.set("image", image))
    return out


def edit(build_dir: Path, change) -> None:
    """Apply `change(root)` to O/scenario_pagetables.xml (line numbers kept)."""
    path = build_dir / XML
    tree = etree.parse(str(path))
    change(tree.getroot())
    tree.write(str(path), encoding="utf-8")


def memreq(root: etree._Element, ident: str) -> etree._Element:
    return root.xpath("//memreq[@id=$i]", i=ident)[0]


def shift_load_base(root: etree._Element, delta: int) -> None:
    """Move the whole physical layout by `delta` (memory, every memreq base,
    load_base, entry), as if the board's RAM started `delta` higher."""
    for el in root.iter("memory"):
        el.set("base", format_hex(parse_hex(el.get("base")) + delta))
    for el in root.iter("memreq"):
        table = parse_table(el.get("base"))
        if table.uniform is not None:
            table.uniform += delta
        else:
            for cpu, value in list(table):
                table.set(cpu, value + delta)
        el.set("base", table.format())
    hv = root.find("hypervisor")
    for attr in ("load_base", "entry"):
        hv.set(attr, format_hex(parse_hex(hv.get(attr)) + delta))


def set_arch(root: etree._Element, arch: str) -> None:
    root.find("platform").set("arch", arch)
    root.find("platform/arch").set("id", arch)  # platform/@arch is an IDREF


def run(build_dir: Path) -> None:
    combine.run(Context(build_dir=build_dir, stage=by_key("combine")))


# --- an independent PE/COFF header reader -----------------------------------


@dataclass
class PE:
    machine: int
    nsections: int
    timestamp: int
    characteristics: int
    magic: int
    entry: int
    image_base: int
    section_alignment: int
    file_alignment: int
    size_of_image: int
    size_of_headers: int
    subsystem: int
    # (name, VirtualSize, VirtualAddress, SizeOfRawData, PointerToRawData, flags)
    sections: list[tuple[bytes, int, int, int, int, int]]


def parse_pe(blob: bytes) -> PE:
    assert blob[:2] == b"MZ"
    pe_at = struct.unpack_from("<I", blob, 0x3C)[0]
    assert blob[pe_at:pe_at + 4] == b"PE\0\0"
    machine, nsections, timestamp, _, _, opt_size, characteristics = struct.unpack_from(
        "<HHIIIHH", blob, pe_at + 4
    )
    opt = pe_at + 24
    magic, = struct.unpack_from("<H", blob, opt)
    entry, = struct.unpack_from("<I", blob, opt + 16)
    if magic == 0x20B:
        image_base, = struct.unpack_from("<Q", blob, opt + 24)
        ndirs, = struct.unpack_from("<I", blob, opt + 108)
        assert opt_size == 112 + 8 * ndirs
    else:
        assert magic == 0x10B
        image_base, = struct.unpack_from("<I", blob, opt + 28)
        ndirs, = struct.unpack_from("<I", blob, opt + 92)
        assert opt_size == 96 + 8 * ndirs
    sect_align, file_align = struct.unpack_from("<II", blob, opt + 32)
    size_of_image, size_of_headers = struct.unpack_from("<II", blob, opt + 56)
    subsystem, = struct.unpack_from("<H", blob, opt + 68)
    sections = []
    at = opt + opt_size
    for _ in range(nsections):
        name, vsize, rva, rawsize, rawptr = struct.unpack_from("<8sIIII", blob, at)
        flags, = struct.unpack_from("<I", blob, at + 36)
        sections.append((name.rstrip(b"\0"), vsize, rva, rawsize, rawptr, flags))
        at += 40
    assert at <= size_of_headers
    return PE(machine, nsections, timestamp, characteristics, magic, entry, image_base,
              sect_align, file_align, size_of_image, size_of_headers, subsystem, sections)
