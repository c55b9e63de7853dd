"""The free-range allocator of stages 5 (physical) and 6 (virtual layout).

docs/layout.md 5.1-5.3 and 6.1-6.5 describe one first-fit allocator used two
ways: plain (physical memory) and padded (hypervisor VA space: a guard page on
each side, `g` maps inside the global window). Its results must equal the
original's exactly, so the scan order and every tie-break follow the spec;
only the data structure differs. The original walked a linked list for every
placement (quadratic); here the free list is kept in blocks of sorted ranges,
each block knowing the largest request it could take at a given alignment,
so a scan jumps over whole runs of blocks that cannot hold the request, and
claims are found by bisection.

Sizes are plain integers (Python: no 64-bit overflow, docs/layout.md 6.1: the
`2^va_width` bound is exact for va_width 64).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from schism import errors
from schism.ext.values import PAGE_SIZE, align_up, format_hex

if TYPE_CHECKING:
    from lxml import etree

GUARD = PAGE_SIZE  # docs/layout.md 6.3: one 4 KiB guard page on both sides
_BLOCK = 16  # ranges per block before it is split (a block holds up to 2x)


class FreeList:
    """Disjoint free ranges `[start, end)` in address order, in blocks.

    Each block caches, per (padded, shift), the largest size any of its
    ranges can take at that alignment ("room"), and a max segment tree over
    the blocks finds the first block with enough room in O(log n), also when
    many ranges are long enough but misaligned (where a plain length bound
    degrades to a full scan). A changed block's room counts as unknown
    (infinite) until a scan reaches it and measures it again.
    """

    __slots__ = ("_starts", "_ends", "_firsts", "_fit", "_trees")

    def __init__(self, ranges: Iterable[tuple[int, int]] = ()) -> None:
        self._starts: list[list[int]] = []
        self._ends: list[list[int]] = []
        self._firsts: list[int] = []  # the first start of each block (bisect)
        self._fit: list[dict[tuple[bool, int], int]] = []  # see _room
        # Per (padded, shift): a max segment tree over the blocks' rooms (an
        # unknown room, after a change, counts as infinite until looked at).
        self._trees: dict[tuple[bool, int], list[int]] = {}
        pairs = [(s, e) for s, e in ranges if e > s]
        for k in range(0, len(pairs), _BLOCK):
            chunk = pairs[k : k + _BLOCK]
            self._starts.append([s for s, _ in chunk])
            self._ends.append([e for _, e in chunk])
            self._firsts.append(chunk[0][0])
            self._fit.append({})

    def copy(self) -> FreeList:
        """An independent copy (one per CPU pass, docs/layout.md 6.4)."""
        new = FreeList()
        new._starts = [list(b) for b in self._starts]
        new._ends = [list(b) for b in self._ends]
        new._firsts = list(self._firsts)
        new._fit = [dict(c) for c in self._fit]
        new._trees = {k: list(t) for k, t in self._trees.items()}
        return new

    def ranges(self) -> list[tuple[int, int]]:
        return [
            (s, e)
            for starts, ends in zip(self._starts, self._ends, strict=True)
            for s, e in zip(starts, ends, strict=True)
        ]

    def __len__(self) -> int:
        return sum(len(b) for b in self._starts)

    def largest(self, above: int = 0) -> tuple[int, int] | None:
        """The largest free range at or above `above` (the lowest of equal
        ones), or None."""
        best = None
        for s, e in self.ranges():
            s = max(s, above)
            if s < e and (best is None or e - s > best[1] - best[0]):
                best = (s, e)
        return best

    def shortfall(self, size: int, above: int = 0) -> str:
        """Why `size` bytes do not fit at or above `above`, for an error
        message: the largest free range and how much is missing (or that only
        alignment stands in the way)."""
        best = self.largest(above)
        if best is None:
            return "no free range is left"
        s, e = best
        room = f"the largest free range [{format_hex(s)},{format_hex(e)}) holds {format_hex(e - s)}"
        if e - s < size:
            return f"{room}, {format_hex(size - (e - s))} short"
        return f"{room}, but no start in it has the alignment"

    def describe(self, limit: int = 8) -> str:
        """The free list for an error message: `[0x0,0x1000) [0x3000,0x8000)`."""
        rs = self.ranges()
        text = " ".join(f"[{format_hex(s)},{format_hex(e)})" for s, e in rs[:limit])
        if len(rs) > limit:
            text += f" ... ({len(rs) - limit} more)"
        return text or "(empty)"

    # -- removing ranges -------------------------------------------------------

    def _cut(self, b: int, i: int, lo: int, hi: int) -> None:
        """Remove `[lo, hi)` from range i of block b, which contains it."""
        starts, ends = self._starts[b], self._ends[b]
        s, e = starts[i], ends[i]
        new_s: list[int] = []
        new_e: list[int] = []
        if s < lo:
            new_s.append(s)
            new_e.append(lo)
        if hi < e:
            new_s.append(hi)
            new_e.append(e)
        starts[i : i + 1] = new_s
        ends[i : i + 1] = new_e
        if not starts:
            del self._starts[b], self._ends[b], self._firsts[b], self._fit[b]
            self._trees.clear()  # block indices moved: rebuild on demand
            return
        self._firsts[b] = starts[0]
        self._fit[b] = {}
        for tree in self._trees.values():
            _set_leaf(tree, b, _UNKNOWN)
        if len(starts) > 2 * _BLOCK:
            self._trees.clear()
            half = len(starts) // 2
            self._starts.insert(b + 1, starts[half:])
            self._ends.insert(b + 1, ends[half:])
            self._firsts.insert(b + 1, starts[half])
            self._fit.insert(b + 1, {})
            del starts[half:], ends[half:]

    def claim(self, base: int, size: int) -> bool:
        """Remove `[base, base+size)` if it lies inside one free range (docs/layout.md
        5.1, 6.1); False otherwise (the original accepted ranges that began in a
        hole).

        A zero size (a `blob` without files, a map with `subsize` 0) is what
        the original made of it: it needs a free range that starts at or
        below `base` and ends above it, and splits that range in two at
        `base`, so no later placement straddles `base`."""
        if size < 0:
            return False
        b = bisect_right(self._firsts, base) - 1
        if b < 0:
            return False
        i = bisect_right(self._starts[b], base) - 1
        end = self._ends[b][i]
        if base + size > end or base >= end:
            return False
        if size or base > self._starts[b][i]:
            self._cut(b, i, base, base + size)
        return True

    # -- first fit -------------------------------------------------------------

    def _room(self, b: int, pad: int, shift: int) -> int:
        """The largest size a range of block b can take at 2^shift with `pad`
        bytes free below and above: end - pad - align_up(start + pad)."""
        key = (pad != 0, shift)
        cache = self._fit[b]
        room = cache.get(key)
        if room is None:
            mask = (1 << shift) - 1
            low = pad + mask  # a list, not a generator: max() over it is faster
            pairs = zip(self._starts[b], self._ends[b], strict=True)
            room = max([e - ((s + low) & ~mask) for s, e in pairs]) - pad
            cache[key] = room
        return room

    def _block_with_room(self, first: int, pad: int, shift: int, size: int) -> int | None:
        """The lowest block >= first that has a range taking `size` (O(log n)
        per step; a block whose room was unknown is measured and re-checked)."""
        key = (pad != 0, shift)
        tree = self._trees.get(key)
        if tree is None:
            tree = self._trees[key] = _build_tree(
                [self._fit[b].get(key, _UNKNOWN) for b in range(len(self._starts))]
            )
        while True:
            b = _first_at_least(tree, first, size)
            if b is None:
                return None
            room = self._room(b, pad, shift)
            _set_leaf(tree, b, room)
            if room >= size:
                return b
            first = b + 1

    def take_first_fit(self, size: int, shift: int) -> int | None:
        """docs/layout.md 5.3: the lowest free range where `start` rounded up to
        2^shift leaves room for `size`; that part is removed, its base returned."""
        b = self._block_with_room(0, 0, shift, size)
        if b is None:
            return None
        starts, ends = self._starts[b], self._ends[b]
        for i, s in enumerate(starts):
            c = align_up(s, shift)
            if c + size <= ends[i]:
                self._cut(b, i, c, c + size)
                return c
        raise AssertionError("block room out of date")

    def take_padded_fit(self, size: int, shift: int, window: int | None = None) -> int | None:
        """docs/layout.md 6.3: first fit with a guard page below and above, at or
        above `window` (the global window's start) if given; the window ends
        at the top of the VA space, which no free range passes, so its end
        checks never fire. The removed range is extended to the free range's
        edge where only the one guard page would be left."""
        first = 0
        if window is not None:
            # Only the block holding the window start has ranges that begin
            # below it: scan that one by the rules, the rest by their rooms.
            first = max(0, bisect_right(self._firsts, window) - 1)
            if first < len(self._starts):
                base = self._padded_in_block(first, size, shift, window)
                if base is not None:
                    return base
                first += 1
        b = self._block_with_room(first, GUARD, shift, size)
        if b is None:
            return None
        base = self._padded_in_block(b, size, shift, None)
        assert base is not None, "block room out of date"
        return base

    def _padded_in_block(self, b: int, size: int, shift: int, window: int | None) -> int | None:
        starts, ends = self._starts[b], self._ends[b]
        need = size + 2 * GUARD
        for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
            if e - s < need:
                continue
            c = s + GUARD
            if window is not None:
                if e <= window:
                    continue
                if c < window:
                    c = window
            c = align_up(c, shift)
            if c + size + GUARD <= e:
                lo = s if c - GUARD == s else c
                hi = e if c + size + GUARD == e else c + size
                self._cut(b, i, lo, hi)
                return c
        return None


_UNKNOWN = 1 << 128  # a room not yet measured: larger than any request
_NONE = -(1 << 128)  # padding leaves of a segment tree


def _build_tree(leaves: list[int]) -> list[int]:
    """A max segment tree: tree[cap + b] is leaf b, tree[i] = max of 2i, 2i+1
    (built level by level with C-speed `map`: a rebuild follows every block
    split)."""
    cap = 1
    while cap < len(leaves):
        cap *= 2
    level = leaves + [_NONE] * (cap - len(leaves))
    levels = [level]
    while len(level) > 1:
        level = list(map(max, level[0::2], level[1::2]))
        levels.append(level)
    tree = [_NONE]
    for level in reversed(levels):
        tree += level
    return tree


def _set_leaf(tree: list[int], b: int, value: int) -> None:
    i = len(tree) // 2 + b
    tree[i] = value
    i //= 2
    while i:
        tree[i] = max(tree[2 * i], tree[2 * i + 1])
        i //= 2


def _first_at_least(tree: list[int], first: int, size: int) -> int | None:
    """The lowest leaf index >= first whose value is >= size."""
    cap = len(tree) // 2
    if first >= cap:
        return None
    i = cap + first
    if tree[i] < size:
        while True:  # climb to the next subtree on the right that qualifies
            while i & 1:
                i //= 2
            if i == 0:
                return None
            i += 1
            if tree[i] >= size:
                break
        while i < cap:  # descend to its leftmost qualifying leaf
            i = 2 * i if tree[2 * i] >= size else 2 * i + 1
    return i - cap


# -- alignments ----------------------------------------------------------------


def preferred_alignments(shifts: Iterable[int]) -> list[int]:
    """The distinct level shifts, largest first (docs/layout.md 5.2: arm64 39,30,21,12).
    A shift 0 is left out: the original's list ended at its first 0."""
    return sorted({s for s in shifts if s > 0}, reverse=True)


def start_alignment(aligns: Sequence[int], size: int) -> int | None:
    """Index of the largest preferred shift a with size >= 2^a (docs/layout.md 5.3)."""
    for k, a in enumerate(aligns):
        if size >= 1 << a:
            return k
    return None


def alignment_tries(aligns: Sequence[int], start: int, align_shift: int = 0) -> list[int]:
    """The alignments a placement tries in turn: aligns[start:], each raised to
    `align_shift`; repeats are dropped (a retry with the same alignment on the
    same free list finds nothing new)."""
    tries: list[int] = []
    for a in aligns[start:]:
        a = max(a, align_shift)
        if not tries or tries[-1] != a:
            tries.append(a)
    return tries


def tried(tries: Sequence[int]) -> str:
    """For error messages: `2^21..2^12`, or `2^12` for a single alignment."""
    if len(tries) == 1:
        return f"2^{tries[0]}"
    return f"2^{tries[0]}..2^{tries[-1]}"


def smallest(aligns: Sequence[int]) -> str:
    """For error messages: the smallest preferred alignment."""
    return f"smallest: 2^{aligns[-1]}" if aligns else "no paging levels to align to"


# -- passes ----------------------------------------------------------------------


@dataclass
class Request:
    """One thing to place: `size` bytes, once per CPU of `cpus` (None: once)."""

    key: Any  # the caller's handle (an element, an index)
    size: int
    cpus: list[int] | None = None
    align_shift: int = 0
    in_window: bool = False  # a `g` map: inside the global window (stage 6)
    bases: dict[int | None, int] = field(default_factory=dict)  # cpu (None: all) -> base


class Claims:
    """What fixed bases took so far, to name the other party of a clash."""

    def __init__(self) -> None:
        self._taken: list[tuple[int, int, Any]] = []

    def add(self, start: int, end: int, owner: Any) -> None:
        self._taken.append((start, end, owner))

    def overlapping(self, start: int, end: int) -> tuple[int, int, Any] | None:
        """The first claim that overlaps [start, end), or None."""
        for s, e, owner in self._taken:
            if s < end and start < e:
                return s, e, owner
        return None

    def claim(self, free: FreeList, owner: etree._Element, base: int, size: int, what: str,
              name: Callable[[etree._Element], str]) -> bool:
        """docs/layout.md 5.1, 6.1: take `[base, base+size)` from `free` for
        `owner`. False when no free range holds it and no earlier claim
        overlaps it (the caller says why); an overlap is the located error
        `WHAT: overlaps NAME [s,e)` with a note at the other claim, NAME being
        `name(element)`."""
        if free.claim(base, size):
            self.add(base, base + size, owner)
            return True
        other = self.overlapping(base, base + size)
        if other is None:
            return False
        s, e, el = other
        raise errors.at(owner, f"{what}: overlaps {name(el)} "
                               f"[{format_hex(s)},{format_hex(e)})").note_at(
            el, f"{name(el)} claims it here")


class NoAlignment(Exception):
    """A size below every preferred alignment (original: "no possible alignment")."""

    def __init__(self, request: Request) -> None:
        super().__init__(request.key)
        self.request = request


class NoFit(Exception):
    """No free range holds the request with any alignment it may try."""

    def __init__(self, request: Request, tries: list[int], free: FreeList) -> None:
        super().__init__(request.key)
        self.request = request
        self.tries = tries
        self.free = free


def by_size(requests: Iterable[Request]) -> list[tuple[int, list[Request]]]:
    """Groups of equal size, largest first, each in document order; size 0 is
    never placed (docs/layout.md 5.3). Equal to the original's repeated "largest
    unplaced size" scans, since a placement never changes another's size."""
    groups: dict[int, list[Request]] = {}
    for r in requests:
        if r.size > 0:
            groups.setdefault(r.size, []).append(r)
    return sorted(groups.items(), key=lambda kv: -kv[0])


def place_all(
    free: FreeList,
    requests: Iterable[Request],
    aligns: Sequence[int],
    padded: bool = False,
    window: int | None = None,
    cpu: int | None = None,
) -> None:
    """Place `requests` into `free`, largest size first (docs/layout.md 5.3, 6.3-6.4).

    Plain (stage 5): each request once per CPU of its `cpus`, or once.
    Padded (stage 6): guard pages; `in_window` requests at or above `window`
    (the global window's start); `cpu` is the CPU whose pass this is (None:
    the common pass), the key results are recorded under.
    Results go to `request.bases`."""
    for size, group in by_size(requests):
        start = start_alignment(aligns, size)
        if start is None:
            raise NoAlignment(group[0])
        for r in group:
            tries = alignment_tries(aligns, start, r.align_shift)
            targets: Sequence[int | None] = (
                r.cpus if (r.cpus is not None and not padded) else [cpu]
            )
            for target in targets:
                base = _try(free, size, tries, padded, window if r.in_window else None)
                if base is None:
                    raise NoFit(r, tries, free)
                r.bases[target] = base


def _try(
    free: FreeList,
    size: int,
    tries: list[int],
    padded: bool,
    window: int | None,
) -> int | None:
    for a in tries:
        base = free.take_padded_fit(size, a, window) if padded else free.take_first_fit(size, a)
        if base is not None:
            return base
    return None
