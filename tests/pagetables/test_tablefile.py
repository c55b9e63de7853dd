"""schism.ext.pagetables.TableFile: the `pagetables` file written tree by
tree (sparse, compared with the file it replaces as it goes, trees of one
shape written from the first) holds exactly the bytes `serialize` gives, and
a failure leaves no file behind."""

from __future__ import annotations

import errno
import os
from array import array

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from schism import xmlio
from schism.errors import SchismError
from schism.ext import pagetables as pt

from .maps import BASE, FORMATS, mappings
from .scen import arch

ARCHS = {name: etree.fromstring(arch(name)) for name in ("arm", "arm64")}
GiB = 1 << 30


def fmt(fmt_id: str) -> pt.PagingFormat:
    root = ARCHS[fmt_id.split(":")[0]]
    return pt.parse_format(root.find(f"paging_format[@id='{fmt_id}']"))


def build(f: pt.PagingFormat, maps: list[pt.Map], name: str = "t",
          record: bool = False) -> pt.Tree:
    tree = pt.Tree(name, f, record)
    for m in maps:
        tree.insert(*m)
    return tree


def expected(f: pt.PagingFormat, trees: list[list[pt.Map]], base: int) -> tuple[bytes, list]:
    """The bytes and top-table addresses of `trees`, built and placed in memory."""
    built = [build(f, maps) for maps in trees]
    end = pt.place(built, base)
    return bytes(pt.serialize(built, base, end)), [t.addr for t in built]


def write(path, f: pt.PagingFormat, trees: list[list[pt.Map]], base: int,
          shapes: bool = False) -> tuple[list[int], int]:
    """Write `trees` through a TableFile (with `shapes`: each from an earlier
    one of its shape where it can be); their top-table addresses and how
    many were written from a shape."""
    tables = pt.TableFile(path, base)
    addrs, like = [], 0
    try:
        for k, maps in enumerate(trees):
            tree = tables.add_like(f"t{k}", f, maps) if shapes else None
            if tree is None:
                tree = build(f, maps, f"t{k}", record=shapes)
                tables.add(tree, maps if shapes else None)
            else:
                like += 1
            addrs.append(tree.addr)
        tables.finish()
        tables.commit()
    finally:
        tables.discard()
    return addrs, like


def temporaries(directory) -> list[str]:
    return [p.name for p in directory.iterdir() if p.name.endswith(".tmp")]


# Many small trees: every guest-like tree's top table (8 KiB) ends in an
# empty block, so the file is written in many pieces, with holes between.
MANY = [[(GiB, 0x40000000 + k * 0x201000, 0x3000, "rw"), (0x3fffc000, 0x8000000 + k * 0x1000,
          0x1000, "rwx")] for k in range(40)]


def files_of_every_format(examples: int):
    """A property test of the table file for every paging format: drawn
    trees (`data`) placed `base_pages` table-sized steps above BASE."""
    def decorate(test):
        test = given(data=st.data(), base_pages=st.integers(0, 64))(test)
        test = settings(max_examples=examples, deadline=None, suppress_health_check=[
            HealthCheck.too_slow, HealthCheck.function_scoped_fixture])(test)
        return pytest.mark.parametrize(
            "element", FORMATS, ids=[f.get("id") for f in FORMATS])(test)
    return decorate


@files_of_every_format(examples=15)
def test_the_file_holds_the_serialized_bytes(tmp_path, element, data, base_pages):
    f = pt.parse_format(element)
    trees = [data.draw(mappings(f)) for _ in range(data.draw(st.integers(1, 3)))]
    base = BASE + base_pages * 0x20
    path = tmp_path / "pagetables"
    path.unlink(missing_ok=True)
    want, want_addrs = expected(f, trees, base)
    addrs, _ = write(path, f, trees, base)
    assert path.read_bytes() == want and addrs == want_addrs
    assert temporaries(tmp_path) == []


def test_a_file_ending_in_zero_blocks_has_its_length(tmp_path):
    # One 1 GiB block: the 8 KiB top table alone, its second block empty.
    f = fmt("arm64:g4io40n")
    trees = [[(0, 0x40000000, GiB, "rw")]]
    want, _ = expected(f, trees, BASE)
    assert len(want) == 0x2000 and not any(want[0x1000:])
    write(tmp_path / "pagetables", f, trees, BASE)
    assert (tmp_path / "pagetables").read_bytes() == want


def test_zero_blocks_are_holes(tmp_path):
    probe = tmp_path / "probe"
    with open(probe, "wb") as out:
        out.truncate(1 << 20)
    if probe.stat().st_blocks:
        pytest.skip("this file system writes no holes")
    f = fmt("arm64:g4io40n")
    want, _ = expected(f, MANY, BASE)
    path = tmp_path / "pagetables"
    write(path, f, MANY, BASE)
    assert path.read_bytes() == want
    zero_blocks = sum(1 for i in range(0, len(want), 4096) if not any(want[i:i + 4096]))
    assert zero_blocks >= len(MANY)
    assert path.stat().st_blocks * 512 <= len(want) - zero_blocks * 4096


@pytest.fixture(params=["window", "small window"])
def window(request, monkeypatch):
    """The old file read in the usual window, or in one smaller than a
    table and no divisor of one (comparisons that cross its ends)."""
    if request.param == "small window":
        monkeypatch.setattr(pt, "_WINDOW", 3000)


def test_an_unchanged_file_is_left_alone(tmp_path, window):
    f = fmt("arm64:g4io40n")
    path = tmp_path / "pagetables"
    write(path, f, MANY, BASE)
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    inode = path.stat().st_ino
    write(path, f, MANY, BASE, shapes=True)
    assert path.stat().st_mtime_ns == 1_000_000_000 and path.stat().st_ino == inode
    assert temporaries(tmp_path) == []
    write(path, f, MANY[:-1], BASE)  # one tree less: rewritten
    assert path.read_bytes() == expected(f, MANY[:-1], BASE)[0]
    assert path.stat().st_mtime_ns != 1_000_000_000


def _flip(data: bytes, at: int) -> bytes:
    return data[:at] + bytes((data[at] ^ 0x5a,)) + data[at + 1:]


OLD_FILES = {
    "empty": lambda want: b"",
    "first byte": lambda want: _flip(want, 0),
    "middle": lambda want: _flip(want, len(want) // 2),
    "last byte": lambda want: _flip(want, len(want) - 1),
    "in a hole": lambda want: _flip(want, 0x1800),  # the first top table's empty half
    "shorter": lambda want: want[:-0x1000],
    "longer, zeros": lambda want: want + bytes(0x1000),
    "longer": lambda want: want + b"x",
}


@pytest.mark.parametrize("copy", ["kernel", "read-write"])
@pytest.mark.parametrize("old", OLD_FILES)
def test_a_different_file_is_replaced(tmp_path, monkeypatch, window, old, copy):
    if copy == "read-write":  # no copy_file_range: what agreed is copied through memory
        def refuse(*args):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        monkeypatch.setattr(os, "copy_file_range", refuse, raising=False)
    f = fmt("arm64:g4io40n")
    want, _ = expected(f, MANY, BASE)
    assert not any(want[0x1000:0x2000])
    path = tmp_path / "pagetables"
    path.write_bytes(OLD_FILES[old](want))
    write(path, f, MANY, BASE, shapes=True)
    assert path.read_bytes() == want
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("same", [True, False])
def test_a_file_replaced_during_the_run(tmp_path, same):
    f = fmt("arm64:g4io40n")
    want, _ = expected(f, MANY, BASE)
    path = tmp_path / "pagetables"
    path.write_bytes(want)
    tables = pt.TableFile(path, BASE)
    for k, maps in enumerate(MANY):
        tables.add(build(f, maps, f"t{k}"))
    tables.finish()
    other = tmp_path / "other"
    other.write_bytes(want if same else b"other")
    os.replace(other, path)
    tables.commit()
    assert path.read_bytes() == want
    assert temporaries(tmp_path) == []


def test_a_file_rewritten_in_place_during_the_run(tmp_path):
    f = fmt("arm64:g4io40n")
    want, _ = expected(f, MANY, BASE)
    path = tmp_path / "pagetables"
    path.write_bytes(_flip(want, len(want) - 1))
    tables = pt.TableFile(path, BASE)
    try:
        for k, maps in enumerate(MANY[:-1]):
            tables.add(build(f, maps, f"t{k}"))
        with open(path, "r+b") as old:
            old.write(b"x")
        os.utime(path, ns=(1, 1))
        with pytest.raises(SchismError, match="changed while the stage ran"):
            tables.add(build(f, MANY[-1]))
            tables.finish()
    finally:
        tables.discard()
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("old", [None, b"old"])
def test_a_write_error_leaves_no_file(tmp_path, monkeypatch, old):
    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "pwritev", full)
    path = tmp_path / "pagetables"
    if old is not None:
        path.write_bytes(old)
    with pytest.raises(SchismError) as e:
        write(path, fmt("arm64:g4io40n"), MANY, BASE)
    assert e.value.message == f"cannot write {path}: No space left on device"
    assert temporaries(tmp_path) == []
    assert (path.read_bytes() if old is not None else path.exists()) == (old or False)


@pytest.mark.parametrize("how", ["short writes", "no pwritev"])
def test_short_writes_and_no_pwritev(tmp_path, monkeypatch, how):
    if how == "no pwritev":
        monkeypatch.setattr(pt, "_HAS_PWRITEV", False)
    else:
        pwritev = os.pwritev
        monkeypatch.setattr(os, "pwritev", lambda fd, bufs, at: min(pwritev(fd, bufs, at), 100))
    f = fmt("arm64:g4io40n")
    write(tmp_path / "pagetables", f, MANY, BASE)
    assert (tmp_path / "pagetables").read_bytes() == expected(f, MANY, BASE)[0]


def test_without_a_temporary_file_the_bytes_wait_in_memory(tmp_path, monkeypatch):
    mkstemp = xmlio.mkstemp
    calls = []

    def once_failing(*args):
        calls.append(args)
        if len(calls) == 1:
            raise OSError(errno.EACCES, "Permission denied")
        return mkstemp(*args)
    monkeypatch.setattr(xmlio, "mkstemp", once_failing)
    f = fmt("arm64:g4io40n")
    write(tmp_path / "pagetables", f, MANY, BASE)
    assert (tmp_path / "pagetables").read_bytes() == expected(f, MANY, BASE)[0]
    assert len(calls) == 2  # the TableFile's, then write_atomic's


# --- trees of one shape -------------------------------------------------------


@st.composite
def same_shape(draw, f: pt.PagingFormat) -> tuple[list[pt.Map], list[pt.Map]]:
    """Random maps, and the same maps at other PAs that agree with their VAs
    in alignment as far as the largest leaf (PA - VA moved by multiples of
    twice the largest leaf's span)."""
    maps = draw(mappings(f))
    step = 2 << f._leaf_shifts[0]
    other = []
    for va, pa, size, flags in maps:
        moved = pa + draw(st.integers(-2, 3)) * step
        if moved < 0 or moved + size > 1 << min(f.pa_width, 40):
            moved = pa
        other.append((va, moved, size, flags))
    return maps, other


@files_of_every_format(examples=20)
def test_trees_of_one_shape_are_written_alike(tmp_path, element, data, base_pages):
    f = pt.parse_format(element)
    first, second = data.draw(same_shape(f))
    trees = [first, second, data.draw(mappings(f)), second, first]
    base = BASE + base_pages * 0x20
    path = tmp_path / "pagetables"
    path.unlink(missing_ok=True)
    want, want_addrs = expected(f, trees, base)
    addrs, like = write(path, f, trees, base, shapes=True)
    assert path.read_bytes() == want and addrs == want_addrs
    assert like >= 3


def test_the_shape_tells_where_blocks_fit():
    f = fmt("arm64:g4io40n")  # leaves of 1 GiB, 2 MiB and 4 KiB

    def key(pa):
        return pt.shape_key(f, [(GiB, pa, GiB, "rw")])
    # PA - VA a multiple of 1 GiB: 1 GiB blocks fit; of 2 MiB: 2 MiB blocks; ...
    assert key(GiB) == key(3 * GiB) == key(5 * GiB) != key(GiB + (1 << 29))
    assert key(GiB + (1 << 29)) == key(GiB + 0x200000) == key(GiB + 0x400000)
    assert key(GiB + 0x200000) != key(GiB + 0x1000) == key(GiB + 0x3000) != key(GiB + 0x800)
    assert pt.shape_key(f, [(0, 0, 0x1000, "r")] * 65) is None  # too many maps


def test_no_shape_no_write(tmp_path):
    f = fmt("arm64:g4io40n")
    first = [(GiB, 0x40000000, 0x3000, "rw"), (0x3fffc000, 0x8000000, 0x1000, "rwx")]
    alike = [(GiB, 0x80000000, 0x3000, "rw"), (0x3fffc000, 0x9000000, 0x1000, "rwx")]
    tables = pt.TableFile(tmp_path / "pagetables", BASE)
    try:
        assert tables.add_like("t", f, first) is None
        tables.add(build(f, first, record=True), first)
        assert tables.add_like("u", f, alike) is not None
        assert tables.add_like("v", f, [(GiB, 0x40000000, 0x4000, "rw")]) is None
        assert tables.add_like("w", f, [alike[0], (0x3fffc000, 0x8001000, 0x1000, "rw")]) is None
        assert tables.add_like("w", f, [alike[0], (0x3fffc000, 0x8001000, 0x1000, "rwx")])
        assert tables.add_like("x", fmt("arm64:g4io40n"), alike) is None  # another format
        assert tables.add_like("y", f, alike) is not None
    finally:
        tables.discard()


def _arm_short(pa_width: int) -> pt.PagingFormat:
    root = etree.fromstring(arch("arm"))
    el = root.find("paging_format[@id='arm:short']")
    el.set("pa_width", str(pa_width))
    return pt.parse_format(el)


# (pa_width, base, the first tree's map, one of its shape that does not fit, error)
MISFITS = {
    "PA beyond the format": (32, BASE, (0x100000, 0x200000, 0x200000, "rw"), 0xfff00000,
                             "PA range 0xfff00000.0x200000 exceeds the 32-bit"),
    "leaf too wide": (33, BASE, (0x100000, 0x200000, 0x1000, "rw"), 0x100200000,
                      "leaf entry 0x100200813 does not fit in 4 bytes"),
    "pointer too wide": (32, 0xffff8000, (0x100000, 0x200000, 0x1000, "rw"), 0x400000,
                         "table pointer 0x100004001 of table t does not fit in 4 bytes"),
}


@pytest.mark.parametrize("case", MISFITS)
def test_what_does_not_fit_is_built_and_reported(tmp_path, case):
    # Where a tree of a known shape does not fit, `add_like` leaves it to
    # building and placing it, which report it as they always did.
    pa_width, base, first, pa, message = MISFITS[case]
    f = _arm_short(pa_width)
    second = [(first[0], pa, *first[2:])]
    assert pt.shape_key(f, [first]) == pt.shape_key(f, second)
    tables = pt.TableFile(tmp_path / "pagetables", base)
    try:
        tables.add(build(f, [first], record=True), [first])
        assert tables.add_like("u", f, second) is None
        if case != "pointer too wide":
            with pytest.raises(pt.MapError, match=message):
                build(f, second)
            return
        tables.add(build(f, second))
        assert tables.add_like("v", f, [first]) is None  # a placement error is pending
        with pytest.raises(SchismError, match=message):
            tables.finish()
    finally:
        tables.discard()


@given(n=st.integers(0, 700), first=st.integers(0, 1 << 40), shift=st.integers(0, 20),
       code=st.sampled_from(sorted(set(pt._ARRAY_CODE.values()))))
def test_a_sequence_is_its_range(n, first, shift, code):
    limit = 1 << (8 * array(code).itemsize)
    first %= limit
    step = 1 << shift
    if first + n * step > limit:
        n = (limit - first) // step
    assert pt._sequence(code, first, n, step) == array(code, range(first, first + n * step, step))


@given(n=st.integers(1, 600), page=st.integers(0, 1 << 30), shift=st.integers(12, 21),
       bits=st.integers(0, (1 << 64) - 1),
       code=st.sampled_from(sorted(set(pt._ARRAY_CODE.values()))))
def test_leaves_are_each_address_or_its_bits(n, page, shift, bits, code):
    """`_leaves` (one leaf, a sequence, or entry by entry where OR is not
    ADD) gives `p | bits` for each address, or says the largest does not fit."""
    span = 1 << shift
    bits %= 1 << (8 * array(code).itemsize)
    if page % 2:
        bits &= span - 1 | 0xfff << 52  # mostly the low and top bits that flags use
    pa = (page << 12) & ~(span - 1)
    want = [p | bits for p in range(pa, pa + n * span, span)]
    if max(want) >> (8 * array(code).itemsize):
        with pytest.raises(pt.MapError, match="does not fit"):
            pt._leaves(code, pa, n, span, bits)
    else:
        assert pt._leaves(code, pa, n, span, bits) == array(code, want)
