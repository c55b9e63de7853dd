"""Synthetic little-endian ELF files for the stage 4 tests: any program
headers (gaps, odd types, unaligned addresses) without a toolchain."""

from __future__ import annotations

import struct
from dataclasses import dataclass

PT_LOAD = 1
PT_NOTE = 4
PT_GNU_STACK = 0x6474E551


@dataclass(frozen=True)
class Phdr:
    vaddr: int
    memsz: int
    offset: int
    filesz: int
    type: int = PT_LOAD
    flags: int = 4


def fill(n: int) -> bytes:
    """The byte pattern every generated file carries (byte i = i*7+3 mod 256)."""
    return bytes((i * 7 + 3) & 0xFF for i in range(n))


def make_elf(phdrs: list[Phdr], entry: int = 0, bits: int = 64, length: int = 0) -> bytes:
    """An ELF executable with `phdrs` right after the header; the file is at
    least `length` bytes and long enough for every segment's file bytes."""
    if bits == 64:
        ehsize, phentsize = 64, 56
        phoff = ehsize
        header = struct.pack(
            "<16sHHIQQQIHHHHHH",
            b"\x7fELF\x02\x01\x01" + bytes(9), 2, 0xB7, 1, entry, phoff, 0, 0,
            ehsize, phentsize, len(phdrs), 64, 0, 0,
        )
        table = b"".join(
            struct.pack("<IIQQQQQQ", p.type, p.flags, p.offset, p.vaddr, p.vaddr,
                        p.filesz, p.memsz, 0x1000)
            for p in phdrs
        )
    else:
        ehsize, phentsize = 52, 32
        phoff = ehsize
        header = struct.pack(
            "<16sHHIIIIIHHHHHH",
            b"\x7fELF\x01\x01\x01" + bytes(9), 2, 40, 1, entry, phoff, 0, 0,
            ehsize, phentsize, len(phdrs), 40, 0, 0,
        )
        table = b"".join(
            struct.pack("<IIIIIIII", p.type, p.offset, p.vaddr, p.vaddr,
                        p.filesz, p.memsz, p.flags, 0x1000)
            for p in phdrs
        )
    end = max([length, len(header) + len(table)] + [p.offset + p.filesz for p in phdrs])
    data = bytearray(fill(end))
    data[: len(header) + len(table)] = header + table
    return bytes(data)


def contiguous(sizes: list[int], base: int, entry_offset: int = 0, bits: int = 64) -> bytes:
    """Page-aligned segments of the given sizes, back to back from `base`."""
    phdrs, vaddr, offset = [], base, 0x1000
    for size in sizes:
        phdrs.append(Phdr(vaddr=vaddr, memsz=size, offset=offset, filesz=size))
        vaddr += size
        offset += size
    return make_elf(phdrs, entry=base + entry_offset, bits=bits)
