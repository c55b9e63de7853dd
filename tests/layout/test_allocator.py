"""The free-range allocator (schism/ext/layout.py) against a literal, naive
model of docs/layout.md 5.3 and 6.3 (a plain sorted list scanned from the start),
plus the properties every placement must have."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schism.ext import layout
from schism.ext.layout import GUARD, FreeList

PAGE = 0x1000


# -- the model: docs/layout.md 5.3/6.3 word by word, no cleverness ------------------


class Model:
    def __init__(self, ranges):
        self.r = [list(x) for x in ranges if x[1] > x[0]]

    def _remove(self, i, lo, hi):
        s, e = self.r[i]
        pieces = [[a, b] for a, b in ((s, lo), (hi, e)) if b > a]
        self.r[i : i + 1] = pieces

    def claim(self, base, size):
        # the original: the first range ending above base must hold the claim;
        # a zero size splits that range at base (an empty piece is dropped)
        for i, (s, e) in enumerate(self.r):
            if e > base:
                if s <= base and base + size <= e:
                    self._remove(i, base, base + size)
                    return True
                return False
        return False

    def first_fit(self, size, shift):
        for i, (s, e) in enumerate(self.r):
            c = -(-s // (1 << shift)) * (1 << shift)
            if c + size <= e:
                self._remove(i, c, c + size)
                return c
        return None

    def padded_fit(self, size, shift, window=None):
        for i, (s, e) in enumerate(self.r):
            if e - s < size + 2 * PAGE:
                continue
            if window is not None and (e <= window[0] or s > window[1]):
                continue
            c = s + PAGE
            if window is not None and c < window[0]:
                c = window[0]
            c = -(-c // (1 << shift)) * (1 << shift)
            if window is not None and c + size > window[1]:
                continue
            if c + size + PAGE <= e:
                lo = s if c - PAGE == s else c
                hi = e if c + size + PAGE == e else c + size
                self._remove(i, lo, hi)
                return c
        return None


# -- strategies ------------------------------------------------------------------------

pages = st.integers(min_value=0, max_value=64).map(lambda n: n * PAGE)
sizes = st.integers(min_value=1, max_value=40).map(lambda n: n * PAGE)
shifts = st.sampled_from([12, 13, 14, 16, 21])


@st.composite
def initial(draw):
    """Disjoint page-granular ranges with gaps."""
    out, cursor = [], draw(pages)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        length = draw(st.integers(min_value=1, max_value=80)) * PAGE
        out.append((cursor, cursor + length))
        cursor += length + draw(st.integers(min_value=1, max_value=8)) * PAGE
    return out


op = st.one_of(
    st.tuples(st.just("claim"), pages.map(lambda p: p * 4), st.just(0) | sizes),
    st.tuples(st.just("fit"), sizes, shifts),
    st.tuples(st.just("padded"), sizes, shifts, st.none() | pages.map(lambda p: p * 8)),
)


def apply(free, o):
    if o[0] == "claim":
        return free.claim(o[1], o[2])
    if o[0] == "fit":
        return (free.take_first_fit if isinstance(free, FreeList) else free.first_fit)(o[1], o[2])
    if isinstance(free, FreeList):
        return free.take_padded_fit(o[1], o[2], o[3])
    # the model keeps the spec's window end: the top, above every range
    return free.padded_fit(o[1], o[2], None if o[3] is None else (o[3], 1 << 40))


@pytest.fixture(params=[2, 64], ids=["tiny-blocks", "default-blocks"])
def block(request, monkeypatch):
    """Tiny blocks exercise block splits and deletions with few ranges."""
    monkeypatch.setattr(layout, "_BLOCK", request.param)


# -- equivalence with the model ------------------------------------------------------------


FIXTURE_OK = [HealthCheck.function_scoped_fixture]  # `block` holds for every example


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURE_OK)
@given(initial(), st.lists(op, max_size=40))
def test_same_results_as_the_model(block, ranges, ops):
    free, model = FreeList(ranges), Model(ranges)
    for o in ops:
        assert apply(free, o) == apply(model, o), o
        assert free.ranges() == [tuple(x) for x in model.r]


@settings(max_examples=200, deadline=None, suppress_health_check=FIXTURE_OK)
@given(initial(), st.lists(op, max_size=40))
def test_placements_are_sound(block, ranges, ops):
    """Never overlapping, inside free space, aligned, guard pages kept free,
    and the free list stays sorted and disjoint."""
    free = FreeList(ranges)
    taken: list[tuple[int, int]] = []
    for o in ops:
        before = free.ranges()
        result = apply(free, o)
        if o[0] == "claim":
            if result and o[2]:
                taken.append((o[1], o[1] + o[2]))
            continue
        if result is None:
            assert free.ranges() == before
            continue
        size, shift = o[1], o[2]
        assert result % (1 << shift) == 0
        pad = GUARD if o[0] == "padded" else 0
        lo, hi = result - pad, result + size + pad
        assert any(s <= lo and hi <= e for s, e in before), "not inside one free range"
        if o[0] == "padded" and o[3] is not None:
            assert result >= o[3]
        for s, e in taken:
            assert result + size <= s or e <= result, "overlap"
        taken.append((result, result + size))
        # the guard pages are never handed out later: nothing free touches the map
        for s, e in free.ranges():
            assert e <= result or s >= result + size
    rs = free.ranges()
    assert all(s < e for s, e in rs)
    # adjacent ranges only where a zero-size claim split one
    assert all(rs[k][1] <= rs[k + 1][0] for k in range(len(rs) - 1))


@settings(max_examples=50, deadline=None)
@given(initial(), st.lists(op, max_size=30))
def test_deterministic_and_copy_is_independent(ranges, ops):
    a, b = FreeList(ranges), FreeList(ranges)
    results_a = [apply(a, o) for o in ops]
    snapshot = a.ranges()
    c = a.copy()
    for o in ops:
        apply(c, o)
    assert a.ranges() == snapshot
    assert [apply(b, o) for o in ops] == results_a


# -- the rules, one example each --------------------------------------------------------------


def test_first_fit_rounds_the_free_start_up():
    free = FreeList([(0xB3000, 0x3A000000)])
    assert free.take_first_fit(0x10000000, 21) == 0x200000
    assert free.ranges() == [(0xB3000, 0x200000), (0x10200000, 0x3A000000)]
    assert free.take_first_fit(0x40000, 12) == 0xB3000


def test_padded_fit_extends_to_exactly_one_guard_page():
    free = FreeList([(0x9000, 0x100000)])
    assert free.take_padded_fit(0x4A000, 12, 0) == 0xA000
    # extended down to 0x9000 (one page below); the page above stays free
    assert free.ranges() == [(0x54000, 0x100000)]


def test_padded_fit_keeps_a_larger_gap_below():
    free = FreeList([(0x0, 0x1000000)])
    assert free.take_padded_fit(0x200000, 21) == 0x200000
    assert free.ranges() == [(0x0, 0x200000), (0x400000, 0x1000000)]


def test_padded_fit_takes_the_whole_range_when_both_guards_are_one_page():
    free = FreeList([(0x0, 0x3000), (0x10000, 0x20000)])
    assert free.take_padded_fit(0x1000, 12) == 0x1000
    assert free.ranges() == [(0x10000, 0x20000)]


def test_padded_fit_skips_ranges_too_small_for_both_guards():
    free = FreeList([(0x0, 0x2000), (0x10000, 0x20000)])
    assert free.take_padded_fit(0x1000, 12) == 0x11000


def test_window_moves_g_maps_up():
    free = FreeList([(0, 0x8000000000), (0x8000009000, (1 << 64) - PAGE)])
    assert free.take_padded_fit(0x1000, 12, 0x8000000000) == 0x800000A000
    assert free.take_padded_fit(0x1000, 12) == 0x1000  # not g: lowest fit


def test_window_start_inside_a_range():
    free = FreeList([(0, 0x100000)])
    assert free.take_padded_fit(0x1000, 12, 0x40000) == 0x40000
    assert free.ranges() == [(0, 0x40000), (0x41000, 0x100000)]


def test_claim_must_lie_inside_one_free_range():
    free = FreeList([(0x1000, 0x3000), (0x4000, 0x8000)])
    assert not free.claim(0x2000, 0x2000)  # spans the hole
    assert not free.claim(0x0, 0x1000)  # below everything
    assert not free.claim(0x3000, 0x1000)  # in the hole (the original accepted it)
    assert not free.claim(0x8000, 0x1000)  # above everything
    assert free.ranges() == [(0x1000, 0x3000), (0x4000, 0x8000)]
    assert free.claim(0x5000, 0x1000)
    assert free.ranges() == [(0x1000, 0x3000), (0x4000, 0x5000), (0x6000, 0x8000)]


def test_zero_size_claim_splits_the_range_as_the_original():
    """A zero-size fixed memreq (a `blob` without files) or map: the original's
    claim found the range ending above the base and cut it there, so a later
    placement cannot straddle the base; a base in a hole or above every range
    could not be claimed."""
    free = FreeList([(0x1000, 0x9000), (0xA000, 0xB000)])
    assert free.claim(0x1000, 0)  # at a range's start: nothing changes
    assert free.ranges() == [(0x1000, 0x9000), (0xA000, 0xB000)]
    assert free.claim(0x3000, 0)
    assert free.ranges() == [(0x1000, 0x3000), (0x3000, 0x9000), (0xA000, 0xB000)]
    assert free.take_first_fit(0x4000, 12) == 0x3000  # not 0x1000: 0x3000 splits
    assert not free.claim(0x9000, 0)  # in the hole
    assert not free.claim(0xB000, 0)  # at the very end
    assert free.claim(0x7000, 0x2000)  # a claim may start at a split point
    assert free.ranges() == [(0x1000, 0x3000), (0xA000, 0xB000)]


def test_64_bit_top_does_not_overflow():
    top = (1 << 64) - PAGE
    free = FreeList([(0, top)])
    assert free.claim(top - PAGE, PAGE)
    assert not free.claim(top, PAGE)
    assert free.ranges() == [(0, top - PAGE)]


def test_describe_is_one_line_and_bounded():
    free = FreeList([(k * 0x2000, k * 0x2000 + 0x1000) for k in range(20)])
    text = free.describe(limit=3)
    assert text == "[0x0,0x1000) [0x2000,0x3000) [0x4000,0x5000) ... (17 more)"
    assert FreeList().describe() == "(empty)"


def test_preferred_and_starting_alignments():
    aligns = layout.preferred_alignments([39, 30, 21, 12, 30, 21, 12])
    assert aligns == [39, 30, 21, 12]
    assert aligns[layout.start_alignment(aligns, 0x10000000)] == 21
    assert aligns[layout.start_alignment(aligns, 0x40000000)] == 30
    assert aligns[layout.start_alignment(aligns, 0x1000)] == 12
    assert layout.start_alignment(aligns, 0x800) is None
    assert layout.alignment_tries(aligns, 1) == [30, 21, 12]
    assert layout.alignment_tries(aligns, 2, align_shift=16) == [21, 16]
    assert layout.alignment_tries(aligns, 1, align_shift=30) == [30]


def test_place_all_largest_first_then_document_order():
    free = FreeList([(0, 0x100000)])
    reqs = [
        layout.Request("a", 0x1000),
        layout.Request("b", 0x4000, cpus=[1, 0]),
        layout.Request("c", 0x1000),
        layout.Request("z", 0),
    ]
    layout.place_all(free, reqs, [21, 12])
    assert reqs[1].bases == {1: 0x0, 0: 0x4000}
    assert reqs[0].bases == {None: 0x8000}
    assert reqs[2].bases == {None: 0x9000}
    assert reqs[3].bases == {}


def test_place_all_raises_with_the_request_and_tries():
    free = FreeList([(0, 0x3000)])
    req = layout.Request("big", 0x4000, align_shift=14)
    with pytest.raises(layout.NoFit) as e:
        layout.place_all(free, [req], [21, 12])
    assert e.value.request is req and e.value.tries == [14]
    with pytest.raises(layout.NoAlignment):
        layout.place_all(free, [layout.Request("tiny", 0x800)], [21, 12])


def test_using_up_the_last_free_range_works():
    """The original's list code dereferenced NULL here (crash)."""
    free = FreeList([(0x0, 0x1000), (0x4000, 0x7000)])
    assert free.take_padded_fit(0x1000, 12) == 0x5000
    assert free.ranges() == [(0x0, 0x1000)]
    assert free.claim(0x0, 0x1000)
    assert free.ranges() == []
    assert free.take_first_fit(0x1000, 12) is None
