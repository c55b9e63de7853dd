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

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from elftools.common.exceptions import ELFError
from elftools.construct.core import ConstructError
from elftools.elf.elffile import ELFFile

from schism import xmlio
from schism.errors import SchismError
from schism.ext.values import PAGE_SHIFT, align_down, align_up, format_hex


@dataclass(frozen=True)
class Segment:
    start: int  # p_vaddr rounded down to 4 KiB
    size: int  # (p_memsz + (p_vaddr - start)) rounded up to 4 KiB
    file_offset: int  # p_offset - (p_vaddr - start)
    file_size: int  # p_filesz + (p_vaddr - start)   (bytes that come from the file)

    @property
    def end(self) -> int:
        return self.start + self.size


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
    try:
        return ELFFile(stream)
    except (ELFError, ConstructError) as e:
        raise _fail(path, f"not an ELF file ({e})") from None


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
    with _open(path) as stream:
        elf = _elf(stream, path)
        try:
            headers = [seg.header for seg in elf.iter_segments()]
        except (ELFError, ConstructError) as e:
            raise _fail(path, f"{role}: unreadable program headers ({e})") from None
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
        return _elf(stream, path).header.e_entry
