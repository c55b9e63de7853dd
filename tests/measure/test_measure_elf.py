"""schism.ext.elf: widened load segments, entry point, segment bytes, errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.fixtures import GOLDEN

from schism.errors import SchismError
from schism.ext import elf
from schism.ext.elf import Segment

from .measure_elfgen import PT_GNU_STACK, PT_NOTE, Phdr, contiguous, fill, make_elf

FIXTURES = Path(__file__).parent / "fixtures"
REFERENCE = GOLDEN / "measure-example-rpi3"


def _write(tmp_path: Path, data: bytes, name: str = "x.elf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- the reference fixtures ----------------------------------------------------


def test_reference_hypervisor_elf():
    segs = elf.read_segments(REFERENCE / "phidias.elf", 4, "hypervisor ELF")
    assert [(s.start, s.size) for s in segs] == [
        (0x8000000000, 0x1000), (0x8000001000, 0x1000),
        (0x8000002000, 0x1000), (0x8000003000, 0x2000),
    ]
    assert elf.entry_point(REFERENCE / "phidias.elf") == 0x8000000000


def test_reference_config_object():
    segs = elf.read_segments(REFERENCE / "scenario_config.xo", 3, "config object")
    assert [(s.start, s.size) for s in segs] == [
        (0xEEEEE000, 0x2000), (0xEEEF0000, 0x1000), (0xEEEF1000, 0x1000),
    ]


@pytest.mark.parametrize("name", ["hv_unaligned.elf", "hv_unaligned32.elf"])
def test_unaligned_fixture_is_widened(name):
    """ELF64 and ELF32 builds of hv_unaligned.c: every segment starts inside
    its page; .bss makes the last one larger in memory than in the file."""
    segs = elf.read_segments(FIXTURES / name, 4, "hypervisor ELF")
    assert [s.start for s in segs] == [0x40000000, 0x40001000, 0x40002000, 0x40003000]
    assert segs[0].size == 0x1000 and segs[3].size in (0x4000, 0x2000)
    assert segs[0].file_offset == 0 and segs[0].file_size > 0x800
    assert segs[3].file_size < segs[3].size
    entry = elf.entry_point(FIXTURES / name)
    assert 0x40000800 < entry < 0x40001000


def test_unaligned_fixture_bytes_match_the_file():
    path = FIXTURES / "hv_unaligned.elf"
    raw = path.read_bytes()
    for seg in elf.read_segments(path, 4, "hypervisor ELF"):
        data = elf.segment_bytes(path, seg)
        assert len(data) == seg.size
        assert data[: seg.file_size] == raw[seg.file_offset: seg.file_offset + seg.file_size]
        assert data[seg.file_size:] == bytes(seg.size - seg.file_size)


# --- widening -------------------------------------------------------------------


def test_widen_example():
    assert elf.widen(0x40001230, 0x15, 0x1230, 0x15) == Segment(0x40001000, 0x1000, 0x1000, 0x245)
    assert elf.widen(0x1000, 0x1000, 0x1000, 0x1000) == Segment(0x1000, 0x1000, 0x1000, 0x1000)
    assert elf.widen(0x1ff0, 0x20, 0x10ff0, 0x8) == Segment(0x1000, 0x2000, 0x10000, 0xFF8)


@settings(max_examples=200, deadline=None)
@given(
    vaddr=st.integers(0, 2**64 - 2**33),
    memsz=st.integers(0, 2**32),
    data=st.data(),
)
def test_widen_properties(vaddr, memsz, data):
    filesz = data.draw(st.integers(0, memsz))
    offset = data.draw(st.integers(vaddr & 0xFFF, 2**40))
    seg = elf.widen(vaddr, memsz, offset, filesz)
    cut = vaddr - seg.start
    assert seg.start % 0x1000 == 0 and 0 <= cut < 0x1000
    assert seg.size % 0x1000 == 0
    assert seg.start + seg.size >= vaddr + memsz > seg.start + seg.size - 0x1000 or memsz + cut == 0
    assert seg.file_offset + cut == offset and seg.file_size == filesz + cut


@settings(max_examples=50, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5).map(lambda n: n * 0x1000), min_size=1, max_size=5),
    base_page=st.integers(0, 2**20 - 32),  # 32-bit ELFs: base + sizes < 4 GiB
    bits=st.sampled_from([32, 64]),
)
def test_contiguous_files_round_trip(tmp_path_factory, sizes, base_page, bits):
    base = base_page * 0x1000
    path = _write(tmp_path_factory.mktemp("elf"), contiguous(sizes, base, bits=bits))
    segs = elf.read_segments(path, len(sizes), "test")
    assert [s.size for s in segs] == sizes
    assert segs[0].start == base
    assert all(a.end == b.start for a, b in zip(segs, segs[1:], strict=False))
    raw = path.read_bytes()
    for s in segs:
        assert elf.segment_bytes(path, s) == raw[s.file_offset: s.file_offset + s.size]


def test_segment_bytes_pads_with_zeros(tmp_path):
    path = _write(tmp_path, make_elf([Phdr(0x10010, 0x3000, 0x1010, 0x100)]))
    (seg,) = elf.read_segments(path, 1, "test")
    assert seg == Segment(0x10000, 0x4000, 0x1000, 0x110)
    data = elf.segment_bytes(path, seg)
    assert data == fill(0x1110)[0x1000:] + bytes(0x4000 - 0x110)


# --- errors ---------------------------------------------------------------------


def _error(fn, *args) -> str:
    with pytest.raises(SchismError) as info:
        fn(*args)
    return str(info.value)


def test_missing_file(tmp_path):
    path = tmp_path / "phidias.elf"
    assert _error(elf.read_segments, path, 4, "hypervisor ELF") == (
        f"{path}: error: file does not exist (run the previous stage first)"
    )
    assert _error(elf.entry_point, path).startswith(f"{path}: error: file does not exist")


def test_not_an_elf(tmp_path):
    path = _write(tmp_path, b"#!/bin/sh\necho not an ELF\n" * 10)
    message = _error(elf.read_segments, path, 4, "hypervisor ELF")
    assert message.startswith(f"{path}: error: not an ELF file (")
    assert _error(elf.entry_point, path).startswith(f"{path}: error: not an ELF file")


def test_truncated_elf(tmp_path):
    path = _write(tmp_path, contiguous([0x1000], 0x1000)[:70])
    assert f"{path}: error: " in _error(elf.read_segments, path, 1, "config object")


def test_wrong_count_names_file_and_counts(tmp_path):
    path = REFERENCE / "scenario_config.xo"
    assert _error(elf.read_segments, path, 4, "hypervisor ELF") == (
        f"{path}: error: hypervisor ELF has 3 program headers, expected 4"
    )


@pytest.mark.parametrize("ptype, name", [(PT_NOTE, "PT_NOTE"), (PT_GNU_STACK, "PT_GNU_STACK")])
def test_non_load_header_counts_and_is_an_error(tmp_path, ptype, name):
    """The original counted every program header; a non-LOAD one is rejected
    rather than left as a hole in the segment table."""
    phdrs = [Phdr(0x1000, 0x1000, 0x1000, 0x1000), Phdr(0, 0, 0, 0, type=ptype),
             Phdr(0x2000, 0x1000, 0x2000, 0x1000)]
    path = _write(tmp_path, make_elf(phdrs))
    assert _error(elf.read_segments, path, 3, "config object") == (
        f"{path}: error: config object program header 1 is {name}, expected PT_LOAD"
    )
    assert _error(elf.read_segments, path, 2, "config object") == (
        f"{path}: error: config object has 3 program headers, expected 2"
    )


def test_gap_between_segments(tmp_path):
    phdrs = [Phdr(0x1000, 0x1000, 0x1000, 0x1000), Phdr(0x3000, 0x1000, 0x2000, 0x1000)]
    path = _write(tmp_path, make_elf(phdrs))
    assert _error(elf.read_segments, path, 2, "config object") == (
        f"{path}: error: config object segments are not contiguous: segment 1 starts at "
        "0x3000, segment 0 ends at 0x2000"
    )


def test_overlapping_segments(tmp_path):
    """Widening can make neighbours overlap: that is not contiguous either."""
    phdrs = [Phdr(0x1000, 0x1100, 0x1000, 0x1100), Phdr(0x2100, 0x100, 0x2100, 0x100)]
    path = _write(tmp_path, make_elf(phdrs))
    assert "segment 1 starts at 0x2000, segment 0 ends at 0x3000" in _error(
        elf.read_segments, path, 2, "hypervisor ELF"
    )


def test_file_size_above_memory_size(tmp_path):
    path = _write(tmp_path, make_elf([Phdr(0x1000, 0x100, 0x1000, 0x200)]))
    assert _error(elf.read_segments, path, 1, "config object") == (
        f"{path}: error: config object segment 0 has more file bytes (0x200) than memory (0x100)"
    )


def test_file_offset_before_page(tmp_path):
    path = _write(tmp_path, make_elf([Phdr(0x1800, 0x100, 0x100, 0x100)]))
    assert _error(elf.read_segments, path, 1, "config object") == (
        f"{path}: error: config object segment 0: file offset 0x100 lies before the start "
        "of its page (address 0x1800)"
    )


def test_segment_bytes_of_truncated_file(tmp_path):
    path = _write(tmp_path, make_elf([Phdr(0x1000, 0x1000, 0x1000, 0x1000)]))
    (seg,) = elf.read_segments(path, 1, "test")
    path.write_bytes(path.read_bytes()[:0x1800])
    assert _error(elf.segment_bytes, path, seg) == (
        f"{path}: error: file ends inside the segment at 0x1000 (needs 0x2000 bytes)"
    )


# --- the direct reader and pyelftools agree ----------------------------------------

ELF_FILES = sorted({p.resolve() for p in (*GOLDEN.glob("*/*.elf"),
                                          *GOLDEN.glob("*/*.xo"),
                                          *FIXTURES.glob("*.elf"))})


def _pyelftools(path: Path) -> tuple[int, list[tuple]]:
    from elftools.elf.elffile import ELFFile

    with open(path, "rb") as f:
        e = ELFFile(f)
        headers = [(s.header.p_type, s.header.p_offset, s.header.p_vaddr, s.header.p_filesz,
                    s.header.p_memsz) for s in e.iter_segments()]
        return e.header.e_entry, headers


@pytest.mark.parametrize("path", ELF_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_direct_reader_matches_pyelftools(path):
    with open(path, "rb") as f:
        found = elf._direct(f)
    entry, headers = _pyelftools(path)
    if found is None:  # not plain PT_LOAD only: read by pyelftools
        assert any(h[0] != "PT_LOAD" for h in headers)
        return
    assert (found[0], [tuple(h) for h in found[1]]) == (entry, headers)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1 << 40), st.integers(0, 1 << 20),
                          st.integers(0, 1 << 12), st.integers(0, 1 << 12),
                          st.sampled_from([1, 1, 1, PT_NOTE])), max_size=5),
       st.integers(0, 1 << 40), st.sampled_from([32, 64]), st.integers(0, 4))
def test_direct_reader_never_differs(tmp_path_factory, phdrs, entry, bits, cut):
    """Synthetic files, also damaged (cut short): the direct reader gives
    pyelftools' values or leaves the file to it."""
    if bits == 32:
        phdrs = [(v & 0xFFFFFFFF, m, o, f, t) for v, m, o, f, t in phdrs]
        entry &= 0xFFFFFFFF
    data = make_elf([Phdr(v, m, o, f, t) for v, m, o, f, t in phdrs], entry, bits)
    data = data[: len(data) - cut * 13] if cut else data
    path = tmp_path_factory.mktemp("elf") / "x.elf"
    path.write_bytes(data)
    with open(path, "rb") as f:
        found = elf._direct(f)
    if found is None:
        return
    assert (found[0], [tuple(h) for h in found[1]]) == _pyelftools(path)
