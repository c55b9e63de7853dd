"""ELF load segments at 4 KiB granularity (docs/measure.md 4.1).

Stage 4 measures the hypervisor ELF and the config object with
`read_segments`; stage 9 copies the same widened segments into the image
with `segment_bytes`, so both stages agree on every byte and address.

Program header rule: every program header counts toward the expected number
(the original compared `e_phnum`), and every one must be `PT_LOAD` (the
original skipped other types but still counted them, leaving an
uninitialised segment in its table: here that is an error).
"""

from __future__ import annotations

import struct
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from schism import xmlio
from schism.errors import SchismError
from schism.ext.values import PAGE_SHIFT, align_down, align_up, format_hex

if TYPE_CHECKING:
    from elftools.elf.elffile import ELFFile


class Segment(NamedTuple):
    start: int  # p_vaddr rounded down to 4 KiB
    size: int  # (p_memsz + (p_vaddr - start)) rounded up to 4 KiB
    file_offset: int  # p_offset - (p_vaddr - start)
    file_size: int  # p_filesz + (p_vaddr - start)   (bytes that come from the file)

    @property
    def end(self) -> int:
        return self.start + self.size


# --- the common case, read directly ------------------------------------------
#
# pyelftools takes longer to import than stage 4 takes to run on a small
# scenario. A well-formed ELF whose program headers are all PT_LOAD is read
# here with struct; anything else (a damaged file, another header type) goes
# to pyelftools, whose findings word the error messages.

# (e_ident[EI_CLASS], e_ident[EI_DATA]) -> (ELF header, program header) formats.
_FORMATS = {
    (1, 1): ("<HHIIIIIHHHHHH", "<IIIIIIII"),
    (1, 2): (">HHIIIIIHHHHHH", ">IIIIIIII"),
    (2, 1): ("<HHIQQQIHHHHHH", "<IIQQQQQQ"),
    (2, 2): (">HHIQQQIHHHHHH", ">IIQQQQQQ"),
}


class _Header(NamedTuple):
    """The fields of a program header that read_segments uses."""

    p_type: str
    p_offset: int
    p_vaddr: int
    p_filesz: int
    p_memsz: int


def _direct(stream: BinaryIO) -> tuple[int, list[_Header]] | None:
    """(e_entry, program headers) of a plain ELF file, or None for anything
    pyelftools should look at."""
    ident = stream.read(16)
    if len(ident) < 16 or ident[:4] != b"\x7fELF" or (ident[4], ident[5]) not in _FORMATS:
        return None
    ehdr, phdr = (struct.Struct(f) for f in _FORMATS[ident[4], ident[5]])
    rest = stream.read(ehdr.size)
    if len(rest) != ehdr.size:
        return None
    _, _, _, entry, phoff, _, _, _, phentsize, phnum, _, _, _ = ehdr.unpack(rest)
    if phnum == 0:
        return entry, []
    if phnum >= 0xFFFF or phoff == 0 or phentsize < phdr.size:
        return None
    stream.seek(phoff)
    table = stream.read(phentsize * phnum)
    if len(table) != phentsize * phnum:
        return None
    headers = []
    for i in range(phnum):
        fields = phdr.unpack_from(table, i * phentsize)
        if fields[0] != 1:  # PT_LOAD
            return None
        if ident[4] == 1:
            _, offset, vaddr, _, filesz, memsz, _, _ = fields
        else:
            _, _, offset, vaddr, _, filesz, memsz, _ = fields
        headers.append(_Header("PT_LOAD", offset, vaddr, filesz, memsz))
    return entry, headers


def _fail(path: str | Path, message: str) -> SchismError:
    return SchismError(message, str(path))


def _open(path: str | Path) -> BinaryIO:
    try:
        return xmlio.open_regular(path)
    except SchismError as e:
        if not Path(path).exists() and not Path(path).is_symlink():
            raise _fail(path, "file does not exist (run the previous stage first)") from None
        raise _fail(path, e.message.replace(f"{path} ", "file ", 1)) from None


def _elf(stream: BinaryIO, path: str | Path) -> ELFFile:
    from elftools.common.exceptions import ELFError
    from elftools.construct.core import ConstructError
    from elftools.elf.elffile import ELFFile

    stream.seek(0)
    try:
        return ELFFile(stream)
    except (ELFError, ConstructError) as e:
        raise _fail(path, f"not an ELF file ({e})") from None


def _program_headers(path: str | Path, role: str) -> list:
    with _open(path) as stream:
        found = _direct(stream)
        if found is not None:
            return found[1]
        from elftools.common.exceptions import ELFError
        from elftools.construct.core import ConstructError

        elf = _elf(stream, path)
        try:
            return [seg.header for seg in elf.iter_segments()]
        except (ELFError, ConstructError) as e:
            raise _fail(path, f"{role}: unreadable program headers ({e})") from None


def widen(vaddr: int, memsz: int, offset: int, filesz: int) -> Segment:
    """One program header at 4 KiB granularity (the interface's formulas)."""
    start = align_down(vaddr, PAGE_SHIFT)
    cut = vaddr - start
    return Segment(
        start=start,
        size=align_up(memsz + cut, PAGE_SHIFT),
        file_offset=offset - cut,
        file_size=filesz + cut,
    )


def read_segments(path: str | Path, expected: int, role: str) -> list[Segment]:
    """The widened load segments of `path`, which must have exactly `expected`
    program headers, all PT_LOAD, each starting where the previous one ends."""
    headers = _program_headers(path, role)
    if len(headers) != expected:
        raise _fail(
            path, f"{role} has {len(headers)} program headers, expected {expected}"
        )
    segments: list[Segment] = []
    for i, h in enumerate(headers):
        if h.p_type != "PT_LOAD":
            raise _fail(path, f"{role} program header {i} is {h.p_type}, expected PT_LOAD")
        if h.p_filesz > h.p_memsz:
            raise _fail(
                path,
                f"{role} segment {i} has more file bytes ({format_hex(h.p_filesz)}) "
                f"than memory ({format_hex(h.p_memsz)})",
            )
        seg = widen(h.p_vaddr, h.p_memsz, h.p_offset, h.p_filesz)
        if seg.file_offset < 0:
            raise _fail(
                path,
                f"{role} segment {i}: file offset {format_hex(h.p_offset)} lies before "
                f"the start of its page (address {format_hex(h.p_vaddr)})",
            )
        if segments and seg.start != segments[-1].end:
            raise _fail(
                path,
                f"{role} segments are not contiguous: segment {i} starts at "
                f"{format_hex(seg.start)}, segment {i - 1} ends at "
                f"{format_hex(segments[-1].end)}",
            )
        segments.append(seg)
    return segments


def segment_bytes(path: str | Path, seg: Segment) -> bytes:
    """The segment's memory image: its file bytes, then zeros; exactly seg.size."""
    wanted = min(seg.file_size, seg.size)
    with _open(path) as stream:
        stream.seek(seg.file_offset)
        data = stream.read(wanted)
    if len(data) != wanted:
        raise _fail(
            path,
            f"file ends inside the segment at {format_hex(seg.start)} "
            f"(needs {format_hex(seg.file_offset + wanted)} bytes)",
        )
    return data + bytes(seg.size - wanted)


def entry_point(path: str | Path) -> int:
    with _open(path) as stream:
        found = _direct(stream)
        if found is not None:
            return found[0]
        return _elf(stream, path).header.e_entry
