"""The demo configuration's binary layout: one description that the C
generator renders and the tests decode, so the two cannot drift apart.

It must equal `examples/demo-hypervisor/demo_config.h` (docs/demo.md): all
fields fixed-width little-endian integers, naturally aligned, no pointers.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

MAGIC = int.from_bytes(b"SCHISMDM", "little")
VERSION = 1
NONE = 0xFFFFFFFF
RW_MARKER = int.from_bytes(b"DEMO_RW", "little")
RWS_MARKER = int.from_bytes(b"DEMO_RWS", "little")
NAME_BYTES = 32
FLAG_LETTERS = "rwxgdus"  # bit i <-> letter i

# (field, C type) in order; struct formats below must agree.
HEADER_FIELDS: tuple[tuple[str, str], ...] = (
    ("magic", "uint64_t"),
    ("version", "uint32_t"),
    ("size", "uint32_t"),
    ("config_pa", "uint64_t"),
    ("config_va", "uint64_t"),
    ("init_table", "uint64_t"),
    ("ncpus", "uint32_t"),
    ("nmemareas", "uint32_t"),
    ("nfiles", "uint32_t"),
    ("uart_index", "uint32_t"),
    ("stack_index", "uint32_t"),
    ("cpu_tables_offset", "uint32_t"),
    ("memareas_offset", "uint32_t"),
    ("files_offset", "uint32_t"),
    ("image_size", "uint64_t"),
)
MEMAREA_FIELDS: tuple[tuple[str, str], ...] = (
    ("pa", "uint64_t"),
    ("va", "uint64_t"),
    ("size", "uint64_t"),
    ("flags", "uint32_t"),
    ("reserved", "uint32_t"),
    ("name", f"uint8_t[{NAME_BYTES}]"),
)
FILE_FIELDS: tuple[tuple[str, str], ...] = (
    ("va", "uint64_t"),
    ("offset", "uint64_t"),
    ("size", "uint64_t"),
    ("crc32", "uint32_t"),
    ("reserved", "uint32_t"),
    ("name", f"uint8_t[{NAME_BYTES}]"),
)

HEADER = struct.Struct("<QIIQQQIIIIIIIIQ")
MEMAREA = struct.Struct(f"<QQQII{NAME_BYTES}s")
FILE = struct.Struct(f"<QQQII{NAME_BYTES}s")
assert HEADER.size == 80 and MEMAREA.size == 64 and FILE.size == 64


def flag_bits(letters: str) -> int:
    return sum(1 << FLAG_LETTERS.index(c) for c in set(letters) if c in FLAG_LETTERS)


def flag_letters(bits: int) -> str:
    return "".join(c for i, c in enumerate(FLAG_LETTERS) if bits & (1 << i))


def name_bytes(name: str) -> bytes:
    """The id as stored: UTF-8, cut to NAME_BYTES - 1 bytes, NUL-padded."""
    return name.encode("utf-8")[: NAME_BYTES - 1].ljust(NAME_BYTES, b"\0")


@dataclass
class Memarea:
    name: str
    pa: int
    va: int
    size: int
    flags: str  # letters


@dataclass
class File:
    name: str
    va: int
    offset: int
    size: int
    crc32: int


@dataclass
class Config:
    config_pa: int = 0
    config_va: int = 0
    init_table: int = 0
    image_size: int = 0
    cpu_tables: list[int] = field(default_factory=list)
    memareas: list[Memarea] = field(default_factory=list)
    files: list[File] = field(default_factory=list)

    def index_of(self, name: str) -> int:
        """The first memarea called `name`, or NONE."""
        for i, m in enumerate(self.memareas):
            if m.name == name:
                return i
        return NONE

    def offsets(self) -> tuple[int, int, int, int]:
        """Byte offsets of cpu_tables, memareas, files, and the total size."""
        tables = HEADER.size
        memareas = tables + 8 * len(self.cpu_tables)
        files = memareas + MEMAREA.size * len(self.memareas)
        return tables, memareas, files, files + FILE.size * len(self.files)

    def header(self) -> dict[str, int]:
        tables, memareas, files, total = self.offsets()
        return {
            "magic": MAGIC,
            "version": VERSION,
            "size": total,
            "config_pa": self.config_pa,
            "config_va": self.config_va,
            "init_table": self.init_table,
            "ncpus": len(self.cpu_tables),
            "nmemareas": len(self.memareas),
            "nfiles": len(self.files),
            "uart_index": self.index_of("serial"),
            "stack_index": self.index_of("stack"),
            "cpu_tables_offset": tables,
            "memareas_offset": memareas,
            "files_offset": files,
            "image_size": self.image_size,
        }

    def pack(self) -> bytes:
        """The bytes the compiled configuration must start with."""
        out = [HEADER.pack(*self.header().values())]
        out += [t.to_bytes(8, "little") for t in self.cpu_tables]
        out += [
            MEMAREA.pack(m.pa, m.va, m.size, flag_bits(m.flags), 0, name_bytes(m.name))
            for m in self.memareas
        ]
        out += [
            FILE.pack(f.va, f.offset, f.size, f.crc32, 0, name_bytes(f.name))
            for f in self.files
        ]
        return b"".join(out)


def unpack(data: bytes) -> tuple[dict[str, int], list[int], list[tuple], list[tuple]]:
    """Decode a configuration (tests, debugging): header, tables, memareas, files."""
    header = dict(zip((f for f, _ in HEADER_FIELDS), HEADER.unpack_from(data), strict=True))
    tables = [
        int.from_bytes(data[header["cpu_tables_offset"] + 8 * i:][:8], "little")
        for i in range(header["ncpus"])
    ]
    memareas = [
        MEMAREA.unpack_from(data, header["memareas_offset"] + MEMAREA.size * i)
        for i in range(header["nmemareas"])
    ]
    files = [
        FILE.unpack_from(data, header["files_offset"] + FILE.size * i)
        for i in range(header["nfiles"])
    ]
    return header, tables, memareas, files
