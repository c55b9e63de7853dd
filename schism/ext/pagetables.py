"""Page-table builder of stage 7 (docs/pagetables.md 7.5-7.7).

A `PagingFormat` is read from one `<paging_format>` element; a `Tree` is one
translation tree (the INIT table, a hypervisor CPU's table, a guest vCPU's
table) into which mappings are inserted; `place` lays the trees' tables out
back to back, `serialize` gives the `pagetables` file's bytes and
`TableFile` writes the file tree by tree.

Why it is shaped this way: a leaf run inside one table is written with one
slice assignment (no per-page walk from the top), made in C from one
integer (`_sequence`); entry kinds live in a bytearray beside the values (a
leaf may legitimately be 0). A tree whose maps have the shape of an earlier
tree's is written from that one's layout without building tables
(`_Shape`: most guests repeat a few shapes). The file is written from the
tables' arrays, leaving out the zero blocks between and inside them (a
sparse file), and not at all while it agrees with the file it replaces.
"""

from __future__ import annotations

import os
import stat
import sys
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from schism import errors, xmlio
from schism.errors import SchismError
from schism.ext.values import (
    FLAG_LETTERS,
    align_up,
    attribute,
    format_hex,
    parse_dec,
    parse_hex,
)

EMPTY, LEAF, POINTER = 0, 1, 2
_LEAF_RUN = bytes((LEAF,)) * (1 << 16)  # kinds of a run of leaves, sliced
# Array type code of each entry size (bpe), from what this platform has.
_ARRAY_CODE = {array(c).itemsize: c for c in "QLIH" if array(c).itemsize in (4, 8)}
_ITEMSIZE = {c: array(c).itemsize for c in "QLIH"}  # bytes of an entry, by type code


class MapError(ValueError):
    """A mapping that cannot be inserted. `part` names what is wrong with it
    (`va`, `pa` or `size`) so that the caller can point at the attribute."""

    def __init__(self, part: str, message: str, va: int | None = None):
        super().__init__(message)
        self.part = part
        self.message = message
        self.va = va  # for a clash: the VA already mapped


@dataclass(frozen=True)
class Level:
    shift: int  # log2 of the span of one entry
    width: int  # log2 of the entry count
    bpe: int  # bytes per entry
    align: int  # log2 alignment of a table of this level
    dir_base: int | None  # None: no table pointers at this level
    leaf_base: int | None  # None: no leaves at this level
    flags: tuple[tuple[str, int, int], ...]  # (letter, value_set, value_clear)

    @property
    def entries(self) -> int:
        return 1 << self.width

    @property
    def table_bytes(self) -> int:
        return self.bpe << self.width


@dataclass
class PagingFormat:
    id: str
    va_width: int
    pa_width: int
    size_estimate: int
    levels: tuple[Level, ...]
    element: object = None  # the <paging_format>, for located errors
    _bits: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.min_leaf_shift = min(lv.shift for lv in self.levels if lv.leaf_base is not None)
        self._leaf_shifts = sorted({lv.shift for lv in self.levels if lv.leaf_base is not None},
                                   reverse=True)
        top = self.levels[0]
        self.va_limit = 1 << (top.shift + top.width)  # end of the VA space it translates
        # An empty table of each level, copied (memcpy) for every new table.
        self._empty = [array(_ARRAY_CODE[lv.bpe], bytes(lv.table_bytes)) for lv in self.levels]
        # Per level, what `Tree.insert` needs: (index, shift, span, index
        # mask, may hold a leaf, may hold a table pointer).
        last = len(self.levels) - 1
        self._steps = tuple(
            (i, lv.shift, 1 << lv.shift, lv.entries - 1, lv.leaf_base is not None,
             lv.dir_base is not None and i < last)
            for i, lv in enumerate(self.levels))

    def leaf_bits(self, index: int, flags: str) -> int:
        """leaf_base | per letter of the level: value_set if in `flags`, else value_clear."""
        return self.flag_bits(flags)[index]

    def flag_bits(self, flags: str) -> tuple[int, ...]:
        """`leaf_bits` of every level for `flags`, worked out once per text."""
        bits = self._bits.get(flags)
        if bits is None:
            bits = self._bits[flags] = tuple(_leaf_bits(lv, flags) for lv in self.levels)
        return bits


def _leaf_bits(level: Level, flags: str) -> int:
    bits = level.leaf_base or 0
    for letter, on, off in level.flags:
        bits |= on if letter in flags else off
    return bits


def parse_format(element) -> PagingFormat:
    """Read a `<paging_format>`; a malformed one is a located error."""

    def number(el, name: str, parse, required: bool = True) -> int | None:
        return attribute(el, name, parse) if required else attribute(el, name, parse, None)

    levels = []
    for lv in element.iterfind("level"):
        # One (value_set, value_clear) per letter; a repeated letter replaces
        # the earlier one (the original stored them in one slot per letter).
        bits: dict[str, tuple[int, int]] = {}
        for f in lv.iterfind("flag"):
            name = f.get("name", "")
            if len(name) != 1 or name not in FLAG_LETTERS:
                raise errors.at(f, f"flag name: unknown paging flag '{name}' "
                                   f"(one of {FLAG_LETTERS})")
            bits[name] = (number(f, "value_set", parse_hex), number(f, "value_clear", parse_hex))
        flags = tuple((letter, on, off) for letter, (on, off) in bits.items())
        level = Level(
            shift=number(lv, "shift", parse_dec),
            width=number(lv, "width", parse_dec),
            bpe=number(lv, "bpe", parse_dec),
            align=number(lv, "align", parse_dec),
            dir_base=number(lv, "dir_base", parse_hex, required=False),
            leaf_base=number(lv, "leaf_base", parse_hex, required=False),
            flags=flags,
        )
        if level.bpe not in (4, 8) or level.bpe not in _ARRAY_CODE:
            raise errors.at(lv, f"level bpe: {level.bpe} bytes per entry (4 or 8 supported)")
        if levels and level.shift + level.width != levels[-1].shift:
            raise errors.at(lv, f"level shift: {level.shift} + width {level.width} does not "
                                f"reach the previous level's shift {levels[-1].shift}")
        levels.append(level)
    fmt_id = element.get("id", "")
    if not levels:
        raise errors.at(element, f"paging_format id: format '{fmt_id}' has no <level>")
    if all(lv.leaf_base is None for lv in levels):
        raise errors.at(element, f"paging_format id: format '{fmt_id}' has no level with leaf_base")
    return PagingFormat(
        id=fmt_id,
        va_width=number(element, "va_width", parse_dec),
        pa_width=number(element, "pa_width", parse_dec),
        size_estimate=number(element, "size_estimate", parse_hex),
        levels=tuple(levels),
        element=element,
    )


class PageTable:
    """One table: entry values (an array of the entry size), entry kinds,
    child tables by index, address."""

    __slots__ = ("index", "level", "entries", "kinds", "children", "addr")

    def __init__(self, index: int, fmt: PagingFormat):
        self.index = index
        self.level = fmt.levels[index]
        self.entries: array = fmt._empty[index][:]
        self.kinds = bytearray(self.level.entries)
        self.children: dict[int, PageTable] = {}
        self.addr = -1


class Tree:
    """One translation tree; `tables` in creation order (top table first).
    With `record`, `runs` notes every run of leaves an insertion writes, for
    `TableFile` to write trees of the same shape from this one."""

    def __init__(self, name: str, fmt: PagingFormat, record: bool = False):
        self.name = name
        self.fmt = fmt
        self.top = PageTable(0, fmt)
        self.tables = [self.top]
        self.order: list[PageTable] = []  # by address, once placed
        self.addr = -1  # the top table's address, once placed
        # (insertion, table, index, count, VA, span, bits) per run of leaves
        self.runs: list[tuple[int, PageTable, int, int, int, int, int]] | None = (
            [] if record else None)
        self.inserted = 0

    def release(self) -> None:
        """Let the tables go (placed and written): `addr` stays."""
        self.tables = []
        self.order = []
        self.top = None

    def insert(self, va: int, pa: int, size: int, flags: str) -> None:
        """Map [va, va+size) to pa (docs/pagetables.md 7.5): from the top
        table down to the first level where a leaf fits, as many leaves of
        that level as fit in its table; then again from the top."""
        fmt = self.fmt
        _check_range(fmt, va, pa, size)
        bits = fmt.flag_bits(flags)
        runs = self.runs
        self.inserted += 1
        while size:
            table = self.top
            for i, shift, span, mask, leaf_ok, dir_ok in fmt._steps:
                idx = (va >> shift) & mask
                if leaf_ok and size >= span and not (va | pa) & (span - 1):
                    n = min(size >> shift, mask + 1 - idx)
                    _put_leaves(table, idx, n, va, pa, span, bits[i])
                    if runs is not None:
                        runs.append((self.inserted - 1, table, idx, n, va, span, bits[i]))
                    va += n << shift
                    pa += n << shift
                    size -= n << shift
                    break
                kind = table.kinds[idx]
                if kind == POINTER:
                    table = table.children[idx]
                elif kind == EMPTY and dir_ok:
                    table = self._child(table, idx, i + 1)
                elif kind == LEAF:
                    raise MapError("va", f"clash at VA {format_hex(va)}", va)
                else:
                    raise MapError("va", f"cannot map VA {format_hex(va)}: no leaf fits at "
                                         f"level {i} and it holds no table pointers")

    def _child(self, table: PageTable, idx: int, index: int) -> PageTable:
        """A new table of level `index` under entry `idx` of `table`."""
        child = PageTable(index, self.fmt)
        self.tables.append(child)
        table.children[idx] = child
        table.kinds[idx] = POINTER
        return child


def _check_range(fmt: PagingFormat, va: int, pa: int, size: int) -> None:
    """A mapping the format cannot hold at all (7.4, 7.5), before any table changes."""
    grain = 1 << fmt.min_leaf_shift
    if size % grain:
        raise MapError("size", f"size {format_hex(size)} is not a multiple of the smallest "
                               f"page size {format_hex(grain)}")
    if va % grain:
        raise MapError("va", f"VA {format_hex(va)} is not aligned to the smallest page "
                             f"size {format_hex(grain)}")
    if pa % grain:
        raise MapError("pa", f"PA {format_hex(pa)} is not aligned to the smallest page "
                             f"size {format_hex(grain)}")
    if va + size > fmt.va_limit:
        raise MapError("va", f"VA range {format_hex(va)}+{format_hex(size)} exceeds the "
                             f"{format_hex(fmt.va_limit)} bytes format {fmt.id} translates")
    if pa + size > 1 << fmt.pa_width:
        raise MapError("pa", f"PA range {format_hex(pa)}+{format_hex(size)} exceeds the "
                             f"{fmt.pa_width}-bit physical addresses of format {fmt.id}")


def _put_leaves(table: PageTable, idx: int, n: int, va: int, pa: int, span: int,
                bits: int) -> None:
    """Entries idx..idx+n-1 of `table` become leaves for pa, pa+span, ...
    (one slice assignment); any of them taken already is a clash at its VA."""
    kinds = table.kinds
    end = idx + n
    if kinds.count(EMPTY, idx, end) != n:
        k = next(k for k in range(n) if kinds[idx + k])
        raise MapError("va", f"clash at VA {format_hex(va + k * span)}", va + k * span)
    table.entries[idx:end] = _leaves(table.entries.typecode, pa, n, span, bits)
    kinds[idx:end] = _LEAF_RUN[:n] if n <= len(_LEAF_RUN) else bytes((LEAF,)) * n


def _leaves(code: str, pa: int, n: int, span: int, bits: int) -> array:
    """Leaf entries `p | bits` for the n addresses p = pa, pa+span, ..., as
    an array. When no p shares a bit with `bits`, OR is ADD: the entries
    are an arithmetic sequence, made in C (`_sequence`); otherwise entry
    by entry."""
    size = _ITEMSIZE[code]
    end = pa + n * span
    last = (end - span) | bits  # the largest entry (OR with `bits` keeps the order)
    if last >> (8 * size):
        raise MapError("pa", f"leaf entry {format_hex(last)} does not fit in {size} bytes")
    if n == 1:
        return array(code, (last,))
    high = bits & ~(span - 1)
    if high and high & -high < end:
        return array(code, [p | bits for p in range(pa, end, span)])
    return _sequence(code, pa + bits, n, span)


# Below this many entries `array(range(...))` is as fast as `_sequence`'s
# integer arithmetic; `_SEQUENCES` holds that arithmetic's constants per
# (count, entry size, step), at most `_SEQUENCES_KEPT` of them.
_SHORT_RUN = 32
_SEQUENCES: dict[tuple[int, int, int], tuple[int, int]] = {}
_SEQUENCES_KEPT = 256


def _sequence(code: str, first: int, n: int, step: int) -> array:
    """array(code, range(first, first + n * step, step)), every entry known
    to fit. A range goes through one Python int per entry (about 40 ns);
    here the n entries are the little-endian words of one integer,
    first * (1 + W + W^2 ...) + step * (W + 2 W^2 ...) with W = 2^(8 * entry
    size), computed on whole numbers in C (4x faster for a 4 KiB table);
    the second term is kept per (n, size, step): runs repeat them."""
    if n < _SHORT_RUN or sys.byteorder != "little":
        return array(code, range(first, first + n * step, step))
    size = _ITEMSIZE[code]
    key = (n, size, step)
    constants = _SEQUENCES.get(key)
    if constants is None:
        if len(_SEQUENCES) >= _SEQUENCES_KEPT:
            _SEQUENCES.clear()
        ones = int.from_bytes((b"\1" + bytes(size - 1)) * n, "little")
        counts = int.from_bytes(array(code, range(n)).tobytes(), "little")
        constants = _SEQUENCES[key] = (ones, counts * step)
    ones, steps = constants
    words = first * ones + steps
    result = array(code)
    result.frombytes(words.to_bytes(n * size, "little"))
    return result


def place_tree(tree: Tree, cursor: int) -> int:
    """Give the tables of one tree their addresses from `cursor` on
    (docs/pagetables.md 7.6); fill its table-pointer entries; return the new
    cursor. `tree.addr` becomes its top table's address, `tree.order` lists
    the tables by address."""
    # Largest alignment class first; creation order inside a class.
    tree.order = sorted(tree.tables, key=_minus_align)
    for table in tree.order:
        cursor = align_up(cursor, table.level.align)
        table.addr = cursor
        cursor += table.level.table_bytes
    for table in tree.tables:
        dir_base = table.level.dir_base or 0
        for idx, child in table.children.items():
            try:
                table.entries[idx] = child.addr | dir_base
            except OverflowError:
                raise SchismError(
                    f"table pointer {format_hex(child.addr | dir_base)} of table "
                    f"{tree.name} does not fit in {table.level.bpe} bytes "
                    f"(format {tree.fmt.id})") from None
    tree.addr = tree.top.addr
    return cursor


def _minus_align(table: PageTable) -> int:
    return -table.level.align


def place(trees: list[Tree], base: int) -> int:
    """Give every table its address (docs/pagetables.md 7.6);
    fill the table-pointer entries; return the end address."""
    cursor = base
    for tree in trees:
        cursor = place_tree(tree, cursor)
    return cursor


# --- the bytes -------------------------------------------------------------
#
# Most of the file is zero: the alignment gaps between tables, and the blocks
# of a large table that hold no entry. A piece of a placed tree is one run
# of bytes that may hold entries; what the pieces leave out is zero.

BLOCK = 1 << 12  # the unit of a zero run left out: a file system block


def _entry_bytes(table: PageTable) -> memoryview:
    """The table's entries as little-endian bytes (the array itself on a
    little-endian host: no copy)."""
    if sys.byteorder == "little":
        return memoryview(table.entries)
    data = table.entries[:]  # pragma: no cover - big-endian hosts
    data.byteswap()
    return memoryview(data)


def table_pieces(tree: Tree, base: int) -> Iterator[tuple[int, memoryview]]:
    """The pieces of a placed tree, as (offset from `base`, bytes) in address
    order: each table, a table larger than a block without its blocks that
    hold no entry."""
    for table in tree.order:
        data = _entry_bytes(table)
        offset = table.addr - base
        if data.nbytes <= BLOCK:
            yield offset, data
        else:
            yield from _used_blocks(table, offset, data)


def _used_blocks(table: PageTable, offset: int, data: memoryview
                 ) -> Iterator[tuple[int, memoryview]]:
    """The runs of blocks of a large table that hold an entry (see `table_pieces`)."""
    per = BLOCK // table.level.bpe  # entries per block
    kinds = table.kinds
    run = -1  # first entry of the current run of used blocks
    for lo in range(0, len(kinds), per):
        used = kinds.count(EMPTY, lo, lo + per) != per
        if used and run < 0:
            run = lo
        elif not used and run >= 0:
            yield offset + run * table.level.bpe, data[run:lo]
            run = -1
    if run >= 0:
        yield offset + run * table.level.bpe, data[run:]


def serialize(trees: list[Tree], base: int, end: int) -> bytearray:
    """The `pagetables` file: every table at addr - base, little-endian, zero-filled gaps."""
    out = bytearray(end - base)
    for tree in trees:
        for offset, data in table_pieces(tree, base):
            out[offset:offset + data.nbytes] = data.cast("B")
    return out


# --- trees of one shape ----------------------------------------------------
#
# The tables a tree gets, and which of their entries hold leaves or table
# pointers, follow from its maps' VAs, sizes and flags and from how far each
# PA agrees with its VA in alignment (where blocks fit). The entries' values
# then differ by each map's PA - VA and by where the tree starts. Guests of
# one kind, and the vCPUs of one guest, repeat a few shapes: `TableFile`
# writes such a tree from the first one of its shape, building no tables.

Map = tuple[int, int, int, str]  # (VA, PA, size, flags), as `Tree.insert` takes them
_SHAPE_MAPS = 64  # a tree with more maps has no shape (its key would be long)
_SHAPE_BYTES = 1 << 20  # nor has a larger tree
_SHAPES = 256  # shapes kept at most


def shape_key(fmt: PagingFormat, maps: list[Map]) -> tuple | None:
    """What decides the layout of the tree of `maps`: per map its VA, size,
    flags and the largest leaf whose span PA - VA is a multiple of (a leaf
    of a span fits where the VA is aligned to it only then); None for a
    tree with too many maps."""
    if len(maps) > _SHAPE_MAPS:
        return None
    key: list = [fmt.id]
    for va, pa, size, flags in maps:
        key.append((va, size, flags, _largest_leaf(fmt, pa - va)))
    return tuple(key)


def _largest_leaf(fmt: PagingFormat, delta: int) -> int:
    """The largest leaf shift that `delta` is a multiple of the span of (-1: none)."""
    for shift in fmt._leaf_shifts:  # largest first
        if not delta & ((1 << shift) - 1):
            return shift
    return -1


@dataclass(slots=True)
class Written:
    """A tree written from its shape (`TableFile.add_like`): what a `Tree` has once placed."""

    name: str
    addr: int


@dataclass(frozen=True, slots=True)
class _Shape:
    """The layout of the trees of one shape, from a start aligned to
    2^`align`: `size` bytes, the top table at offset `top`; by entry (an
    index into the layout as one array of `code`), the `runs` of leaves
    (entry, count, map, VA, span, bits), the table `pointers` (entry, table
    offset, dir_base) and the `spans` that hold entries (entry, count)."""

    fmt: PagingFormat
    align: int
    size: int
    top: int
    code: str
    runs: tuple[tuple[int, int, int, int, int, int], ...]
    pointers: tuple[tuple[int, int, int], ...]
    spans: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, tree: Tree) -> _Shape | None:
        """The shape of a placed tree built with `record`; None if its
        entries differ in size or its layout is too large."""
        start = tree.order[0].addr
        last = tree.order[-1]
        size = last.addr + last.level.table_bytes - start
        codes = {t.entries.typecode for t in tree.tables}
        if len(codes) != 1 or size > _SHAPE_BYTES or sys.byteorder != "little":
            return None
        code = codes.pop()
        item = _ITEMSIZE[code]
        if any((t.addr - start) % item for t in tree.tables):
            return None
        at = {id(t): (t.addr - start) // item for t in tree.tables}
        return cls(
            tree.fmt, tree.order[0].level.align, size, tree.addr - start, code,
            tuple((at[id(t)] + idx, n, k, va, span, bits)
                  for k, t, idx, n, va, span, bits in tree.runs),
            tuple((at[id(t)] + idx, child.addr - start, t.level.dir_base or 0)
                  for t in tree.tables for idx, child in t.children.items()),
            _merged((offset // item, data.nbytes // item)
                    for offset, data in table_pieces(tree, start)))

    def entries(self, start: int, maps: list[Map]) -> array | None:
        """The entries of the tree of `maps` placed at `start` (aligned);
        None when one does not fit (building the tree says which)."""
        out = array(self.code, bytes(self.size))
        try:
            for entry, n, k, va, span, bits in self.runs:
                va_k, pa_k = maps[k][0], maps[k][1]
                out[entry:entry + n] = _leaves(self.code, va + pa_k - va_k, n, span, bits)
            for entry, offset, dir_base in self.pointers:
                out[entry] = (start + offset) | dir_base
        except (MapError, OverflowError):
            return None
        return out


def _merged(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """(start, count) spans in order, those that touch merged."""
    out: list[list[int]] = []
    for start, count in spans:
        if out and out[-1][0] + out[-1][1] == start:
            out[-1][1] += count
        else:
            out.append([start, count])
    return tuple((start, count) for start, count in out)


# --- the file --------------------------------------------------------------
#
# Pieces that follow each other within a block go out together, in one
# `os.pwritev` from the tables' own arrays (no bytes copied on the way), the
# gaps between them from `_ZEROS`; a gap of a block or more is skipped, so
# the file has a hole there (read back as zeros), and `ftruncate` gives it
# its length at the end.

_ZEROS = memoryview(bytes(BLOCK))
_CHUNK = 1 << 22  # bytes in one write, at least
try:
    _MAX_PIECES = min(1024, os.sysconf("SC_IOV_MAX"))  # buffers in one write
except (AttributeError, ValueError, OSError):  # pragma: no cover - no such limit known
    _MAX_PIECES = 16
_HAS_PWRITEV = hasattr(os, "pwritev")
_HAS_PREADV = hasattr(os, "preadv")
_WINDOW = 1 << 18  # bytes of the old file read at a time (in the L2 cache: compared next)
# What the old file's zero runs are compared with (untouched zero pages
# until then: calloc).
_ZERO_CHUNK = memoryview(bytes(_CHUNK))


class TableFile:
    """The `pagetables` file at `path`, written while the trees are built:
    each tree is placed (7.6) as soon as it is complete, its pieces go to a
    temporary file beside `path`, and its tables are let go, so that the
    stage holds one tree at a time. `commit` renames the file into place
    once the XML is written; `discard` removes it.

    When `path` exists, the new bytes are compared with its bytes as they
    come (`_OldFile`), and nothing is written while they agree: an
    unchanged file costs a read rather than a write, and is left alone.

    A placement error (a table address too wide for its entries) is kept
    until every tree is built, so that an error inserting a later tree is
    reported first, as when the trees were all built before placing them.
    Where no temporary file can be created, the bytes stay in memory and
    `commit` writes them (and reports why it cannot)."""

    def __init__(self, path: Path, base: int):
        self.path = path
        self.base = base
        self.cursor = base
        self.error: SchismError | None = None
        self._batch: list[memoryview] = []  # pieces, contiguous from file offset _at
        self._at = self._end = 0
        self._shapes: dict[tuple, _Shape] = {}
        self._memory: bytearray | None = None
        self._old: _OldFile | None = None
        try:
            self._fd, self._tmp = xmlio.mkstemp(f".{path.name}.", ".tmp", path.parent)
        except OSError:
            self._fd, self._tmp = -1, None
            self._memory = bytearray()
        else:
            self._old = _OldFile.open(path)

    def add(self, tree: Tree, maps: list[Map] | None = None) -> None:
        """Place `tree` after the trees added before it and write its bytes.
        Given the `maps` a tree built with `record` was built from, later
        trees of their shape are written from it (`add_like`)."""
        if self.error is None:
            try:
                self.cursor = place_tree(tree, self.cursor)
            except SchismError as e:
                self.error = e
            else:
                if maps is not None and tree.runs is not None:
                    self._remember(tree, maps)
                for offset, data in table_pieces(tree, self.base):
                    self._put(offset, data)
        tree.release()

    def add_like(self, name: str, fmt: PagingFormat, maps: list[Map]) -> Written | None:
        """Write the tree of `maps` from an earlier tree of its shape. None
        when there is none, a map or an entry does not fit, or a placement
        error is pending: the caller then builds the tree and `add`s it,
        which says what is wrong."""
        key = shape_key(fmt, maps)
        shape = self._shapes.get(key) if key is not None and self.error is None else None
        if shape is None or shape.fmt is not fmt:
            return None
        # Of `_check_range` only the PA range is left: the VAs and sizes are
        # those of the tree the shape was built from, the PAs aligned as its.
        pa_limit = 1 << fmt.pa_width
        for _, pa, size, _ in maps:
            if pa + size > pa_limit:
                return None
        start = align_up(self.cursor, shape.align)
        entries = shape.entries(start, maps)
        if entries is None:
            return None
        self.cursor = start + shape.size
        view = memoryview(entries)
        offset = start - self.base
        for entry, n in shape.spans:
            self._put(offset + entry * view.itemsize, view[entry:entry + n])
        return Written(name, start + shape.top)

    def _remember(self, tree: Tree, maps: list[Map]) -> None:
        key = shape_key(tree.fmt, maps)
        if key is not None and key not in self._shapes:
            shape = _Shape.of(tree)
            if shape is not None:
                if len(self._shapes) >= _SHAPES:
                    self._shapes.clear()
                self._shapes[key] = shape

    def _put(self, offset: int, data: memoryview) -> None:
        """Add a piece to the batch; the batch goes first if the piece lies
        a block or more beyond it, or the batch is full. While the bytes
        agree with the old file's, a piece is compared instead (at once:
        there is no batch then)."""
        if self._old is not None:
            if self._old.holds(offset, data):
                return
            self._write_from(offset)
        gap = offset - self._end
        if gap >= BLOCK or len(self._batch) >= _MAX_PIECES - 1 or self._end - self._at >= _CHUNK:
            self._flush()
            self._at = offset
        elif gap:
            self._batch.append(_ZEROS[:gap])
        self._batch.append(data)
        self._end = offset + data.nbytes

    def _flush(self) -> None:
        batch, self._batch = self._batch, []
        if not batch:
            return
        if self._memory is not None:
            self._memory += bytes(self._at - len(self._memory))
            self._memory += b"".join(batch)
            return
        try:
            _pwritev(self._fd, batch, self._at, self._end - self._at)
        except OSError as e:
            raise self._cannot_write(e) from None

    def _write_from(self, offset: int) -> None:
        """The new bytes differ from the old file's before `offset`'s piece
        ends: those that agreed are copied, the batch starts at `offset`."""
        try:
            self._differs()
        except OSError as e:
            raise self._cannot_write(e) from None
        self._at = self._end = offset

    def _differs(self) -> None:
        """From now on the new bytes are written: first those that agreed
        with the old file's (copied from it)."""
        if self._old is not None:
            old, self._old = self._old, None
            try:
                old.copy_agreed(self._fd)
            finally:
                old.close()

    def finish(self) -> int:
        """Every tree added: the end address (raises a kept placement error)."""
        if self.error is not None:
            raise self.error
        self._flush()
        size = self.cursor - self.base
        if self._memory is not None:
            self._memory += bytes(size - len(self._memory))
        elif self._old is None or not self._old.ends_at(size):
            try:
                self._differs()
                os.ftruncate(self._fd, size)  # the zeros the file may end in
            except OSError as e:
                raise self._cannot_write(e) from None
        return self.cursor

    def commit(self) -> None:
        """Put the file at `path` (after `finish`), leaving a file that
        already holds the same bytes alone (as `xmlio.write_atomic` does)."""
        if self._memory is not None:
            xmlio.write_atomic(self.path, bytes(self._memory))
            return
        if self._old is not None and self._old.is_at(self.path):
            self.discard()
            return
        try:
            self._differs()  # `path` was replaced meanwhile: the old bytes are the new ones
        except OSError as e:
            raise self._cannot_write(e) from None
        fd, tmp = self._fd, self._tmp
        self._fd, self._tmp = -1, None
        xmlio.put_in_place(fd, tmp, self.path)

    def discard(self) -> None:
        if self._old is not None:
            self._old.close()
            self._old = None
        if self._tmp is not None:
            os.close(self._fd)
            xmlio.remove_temporary(self._tmp)
            self._fd, self._tmp = -1, None

    def _cannot_write(self, e: OSError) -> SchismError:
        return SchismError(f"cannot write {self.path}: {e.strerror}")


def _pwritev(fd: int, pieces: list[memoryview], offset: int, size: int) -> None:
    """Write the contiguous `pieces` (`size` bytes) at `offset`, all of them."""
    done = os.pwritev(fd, pieces, offset) if _HAS_PWRITEV else 0
    if done < size:  # a short write, or no pwritev: the rest in one piece
        rest = memoryview(b"".join(pieces))[done:]
        offset += done
        while rest:
            n = os.pwrite(fd, rest, offset)
            rest = rest[n:]
            offset += n


class _OldFile:
    """The regular file a stage run may replace, as it was when the run
    began, compared with the new bytes from its start on: its first
    `agreed` bytes are theirs."""

    def __init__(self, fd: int, path: Path) -> None:
        self.fd = fd
        self.path = path
        self.identity = _identity(os.fstat(fd))
        self.agreed = 0
        # The old bytes from file offset `_window_at` on, read `_WINDOW` at a
        # time into one buffer: a read per piece would be a system call per tree.
        self._window: bytearray | None = None
        self._window_at = self._window_len = 0

    @classmethod
    def open(cls, path: Path) -> _OldFile | None:
        """`path` opened for the comparison if it is a regular file (a
        stage's own old output is no input of it: `deps.unrecorded`)."""
        from schism import deps

        try:
            with deps.unrecorded():
                fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            return None
        return cls(fd, path)

    def holds(self, offset: int, data: memoryview) -> bool:
        """Whether the old file has zeros from `agreed` to `offset`, then `data`."""
        return self._zeros(offset) and self._agrees(data.cast("B"))

    def ends_at(self, size: int) -> bool:
        """Whether the old file has zeros from `agreed` to `size`, and ends there."""
        return self.identity[2] == size and self._zeros(size)

    def _zeros(self, end: int) -> bool:
        while self.agreed < end:
            n = min(end - self.agreed, _CHUNK)
            if not self._agrees(_ZERO_CHUNK[:n]):
                return False
        return True

    def _agrees(self, data: memoryview) -> bool:
        """Whether the old file's bytes from `agreed` on are `data` (`agreed`
        moves past those that are). Compared in the window (memcmp, no copy)."""
        while data:
            at = self.agreed - self._window_at
            if not 0 <= at < self._window_len:
                if not self._fill():
                    return False
                at = 0
            n = min(len(data), self._window_len - at)
            if not self._window.startswith(data[:n], at, at + n):
                return False
            self.agreed += n
            data = data[n:]
        return True

    def _fill(self) -> bool:
        """Read the window from `agreed` on; False at the end of the file."""
        if self._window is None:
            self._window = bytearray(_WINDOW)
        self._window_at = self.agreed
        try:
            if _HAS_PREADV:
                self._window_len = os.preadv(self.fd, [self._window], self.agreed)
            else:  # pragma: no cover - no preadv on this platform
                data = os.pread(self.fd, len(self._window), self.agreed)
                self._window[:len(data)] = data
                self._window_len = len(data)
        except OSError:
            self._window_len = 0  # agrees with nothing
        return self._window_len > 0

    def is_at(self, path: Path) -> bool:
        """Whether `path` is still this file, unchanged."""
        try:
            return _identity(os.stat(path)) == self.identity
        except OSError:
            return False

    def copy_agreed(self, fd: int) -> None:
        """Copy the bytes that agreed to the start of the file `fd` (they
        are the new bytes only if the old file has not been written to)."""
        if self.agreed and _identity(os.fstat(self.fd)) != self.identity:
            raise SchismError(f"{self.path} changed while the stage ran (run it again)")
        offset = 0
        while offset < self.agreed:
            n = _copy_range(self.fd, fd, self.agreed - offset, offset)
            if n <= 0:
                raise SchismError(f"{self.path} got shorter while the stage ran (run it again)")
            offset += n

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    """What tells a file apart from its replacement, or from itself rewritten."""
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns


def _copy_range(src: int, dst: int, size: int, offset: int) -> int:
    """Copy up to `size` bytes at `offset` from `src` to `dst`, in the
    kernel where it can; the bytes copied (0 at the end of `src`)."""
    try:
        return os.copy_file_range(src, dst, size, offset, offset)
    except (AttributeError, OSError):
        data = os.pread(src, min(size, _CHUNK), offset)
        return os.pwrite(dst, data, offset) if data else 0
