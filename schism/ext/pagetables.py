"""Page-table builder of stage 7 (docs/pagetables.md 7.5-7.7).

A `PagingFormat` is read from one `<paging_format>` element; a `Tree` is one
translation tree (the INIT table, a hypervisor CPU's table, a guest vCPU's
table) into which mappings are inserted; `place` lays the trees' tables out
back to back and `serialize` writes them as the `pagetables` file.

Why it is shaped this way: a leaf run inside one table is written with one
slice assignment (no per-page walk from the top), entry kinds live in a
bytearray beside the values (a leaf may legitimately be 0), and the bytes are
produced by `array` (no per-entry string work): 1600 guests build in well
under a second.
"""

from __future__ import annotations

import os
import sys
from array import array
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
    _bits: dict[tuple[int, str], int] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.min_leaf_shift = min(lv.shift for lv in self.levels if lv.leaf_base is not None)
        top = self.levels[0]
        self.va_limit = 1 << (top.shift + top.width)  # end of the VA space it translates
        # An empty table of each level, copied (memcpy) for every new table.
        self._empty = [array(_ARRAY_CODE[lv.bpe], bytes(lv.table_bytes)) for lv in self.levels]
        # Per level, what `Tree.insert` needs: (shift, span, entries, may hold
        # a leaf, may hold a table pointer).
        last = len(self.levels) - 1
        self._steps = tuple(
            (lv.shift, 1 << lv.shift, lv.entries, lv.leaf_base is not None,
             lv.dir_base is not None and i < last)
            for i, lv in enumerate(self.levels))

    def leaf_bits(self, index: int, flags: str) -> int:
        """leaf_base | per letter of the level: value_set if in `flags`, else value_clear."""
        key = (index, flags)
        bits = self._bits.get(key)
        if bits is None:
            lv = self.levels[index]
            bits = lv.leaf_base or 0
            for letter, on, off in lv.flags:
                bits |= on if letter in flags else off
            self._bits[key] = bits
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
    """One translation tree; `tables` in creation order (top table first)."""

    def __init__(self, name: str, fmt: PagingFormat):
        self.name = name
        self.fmt = fmt
        self.top = PageTable(0, fmt)
        self.tables = [self.top]
        self.addr = -1  # the top table's address, once placed

    def release(self) -> None:
        """Let the tables go (placed and written): `addr` stays."""
        self.tables = []
        self.top = None

    def insert(self, va: int, pa: int, size: int, flags: str) -> None:
        """Map [va, va+size) to pa (docs/pagetables.md 7.5)."""
        fmt = self.fmt
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
        steps = fmt._steps
        while size:
            table = self.top
            i = 0
            while True:
                shift, span, count, leaf_ok, dir_ok = steps[i]
                idx = (va >> shift) & (count - 1)
                if leaf_ok and size >= span and not (va | pa) & (span - 1):
                    n = min(size >> shift, count - idx)
                    kinds = table.kinds
                    if kinds.count(EMPTY, idx, idx + n) != n:
                        k = next(k for k in range(n) if kinds[idx + k])
                        raise MapError("va", f"clash at VA {format_hex(va + k * span)}",
                                       va + k * span)
                    end = pa + n * span
                    table.entries[idx:idx + n] = _leaves(
                        table.entries.typecode, pa, end, span, fmt.leaf_bits(i, flags))
                    kinds[idx:idx + n] = (_LEAF_RUN[:n] if n <= len(_LEAF_RUN)
                                          else bytes((LEAF,)) * n)
                    va += n * span
                    pa = end
                    size -= n * span
                    break
                kind = table.kinds[idx]
                if kind == LEAF:
                    raise MapError("va", f"clash at VA {format_hex(va)}", va)
                if kind == EMPTY:
                    if not dir_ok:
                        raise MapError("va", f"cannot map VA {format_hex(va)}: no leaf fits at "
                                             f"level {i} and it holds no table pointers")
                    child = PageTable(i + 1, fmt)
                    self.tables.append(child)
                    table.children[idx] = child
                    table.kinds[idx] = POINTER
                    table = child
                else:
                    table = table.children[idx]
                i += 1


def _leaves(code: str, pa: int, end: int, span: int, bits: int) -> array:
    """Leaf entries `p | bits` for p in range(pa, end, span), as an array.
    When no p shares a bit with `bits`, OR is ADD and the array is filled
    from a range in C; otherwise entry by entry."""
    high = bits & ~(span - 1)
    try:
        if not high or high & -high >= end:
            return array(code, range(pa + bits, end + bits, span))
        return array(code, [p | bits for p in range(pa, end, span)])
    except OverflowError:
        size = array(code).itemsize
        raise MapError("pa", f"leaf entry {format_hex((end - span) | bits)} does not fit "
                             f"in {size} bytes") from None


def place_tree(tree: Tree, cursor: int) -> int:
    """Give the tables of one tree their addresses from `cursor` on
    (docs/pagetables.md 7.6); fill its table-pointer entries; return the new
    cursor. `tree.addr` becomes its top table's address."""
    # Largest alignment class first; creation order inside a class.
    for table in sorted(tree.tables, key=lambda t: -t.level.align):
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


def place(trees: list[Tree], base: int) -> int:
    """Give every table its address (docs/pagetables.md 7.6);
    fill the table-pointer entries; return the end address."""
    cursor = base
    for tree in trees:
        cursor = place_tree(tree, cursor)
    return cursor


def _entry_bytes(table: PageTable):
    """The table's entries as little-endian bytes (the array itself on a
    little-endian host: no copy)."""
    if sys.byteorder == "little":
        return table.entries
    data = table.entries[:]  # pragma: no cover - big-endian hosts
    data.byteswap()
    return data


def tree_bytes(tree: Tree, start: int, end: int) -> bytearray:
    """The bytes of [start, end), which holds exactly `tree`'s placed tables
    and the alignment gaps between them (zero)."""
    out = bytearray(end - start)
    for table in tree.tables:
        offset = table.addr - start
        out[offset:offset + table.level.table_bytes] = _entry_bytes(table)
    return out


def serialize(trees: list[Tree], base: int, end: int) -> bytearray:
    """The `pagetables` file: every table at addr - base, little-endian, zero-filled gaps."""
    out = bytearray(end - base)
    for tree in trees:
        for table in tree.tables:
            offset = table.addr - base
            out[offset:offset + table.level.table_bytes] = _entry_bytes(table)
    return out


class TableFile:
    """The `pagetables` file, written while the trees are built: each tree is
    placed (7.6) as soon as it is complete, its bytes go to a temporary file
    in the build directory, and its tables are let go, so that the stage
    holds one tree at a time rather than every table twice (tables, then
    the file's bytes). `commit` renames it into place once the XML is
    written; `discard` removes it.

    A placement error (a table address too wide for its entries) is kept
    until every tree is built, so that an error inserting a later tree is
    reported first, as when the trees were all built before placing them.
    Where no temporary file can be created, the bytes stay in memory and
    `commit` writes them (and reports why it cannot)."""

    _CHUNK = 1 << 22  # bytes gathered before a write

    def __init__(self, directory: Path, base: int):
        self.base = base
        self.cursor = base
        self.error: SchismError | None = None
        self._pending: list[bytes | bytearray] = []
        self._pending_size = 0
        self._memory: bytearray | None = None
        try:
            self._fd, self._tmp = xmlio.mkstemp(".pagetables.", ".tmp", directory)
        except OSError:
            self._fd, self._tmp = -1, None
            self._memory = bytearray()

    def add(self, tree: Tree) -> None:
        """Place `tree` after the trees added before it and write its bytes."""
        if self.error is None:
            start = self.cursor
            try:
                self.cursor = place_tree(tree, start)
            except SchismError as e:
                self.error = e
            else:
                self._write(tree_bytes(tree, start, self.cursor))
        tree.release()

    def _write(self, data: bytearray) -> None:
        if self._memory is not None:
            self._memory += data
            return
        self._pending.append(data)
        self._pending_size += len(data)
        if self._pending_size >= self._CHUNK:
            self._flush()

    def _flush(self) -> None:
        data = b"".join(self._pending)
        self._pending.clear()
        self._pending_size = 0
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view):]

    def finish(self) -> int:
        """Every tree added: the end address (raises a kept placement error)."""
        if self.error is not None:
            raise self.error
        if self._memory is None:
            self._flush()
        return self.cursor

    def commit(self, path: Path) -> None:
        """Put the file at `path`, leaving a file that already holds the same
        bytes alone (as `xmlio.write_atomic` does)."""
        if self._memory is not None:
            xmlio.write_atomic(path, bytes(self._memory))
            return
        fd, tmp = self._fd, self._tmp
        self._fd, self._tmp = -1, None
        if _same_file(path, tmp, self.cursor - self.base):
            os.close(fd)
            xmlio.remove_temporary(tmp)
            return
        xmlio.put_in_place(fd, tmp, path)

    def discard(self) -> None:
        if self._tmp is not None:
            os.close(self._fd)
            xmlio.remove_temporary(self._tmp)
            self._fd, self._tmp = -1, None


def _same_file(path: Path, tmp: str, size: int) -> bool:
    """Whether the regular file `path` holds the bytes of `tmp` (`size` of
    them), compared a chunk at a time (neither is a stage input)."""
    from schism import deps

    try:
        if not path.is_file() or path.stat().st_size != size:
            return False
        with deps.unrecorded(), open(path, "rb") as old, open(tmp, "rb") as new:
            while True:
                a = old.read(1 << 20)
                if a != new.read(1 << 20):
                    return False
                if not a:
                    return True
    except OSError:
        return False
