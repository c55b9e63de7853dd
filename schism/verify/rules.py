"""Check 2 of `schism verify`: isolation rules over what the tables really map
(decoded accesses; for guests without tables, their XML maps).

* a guest maps hypervisor-private memory (core_*, config_*, pagetables, stack,
  trace): the guest could read or corrupt the hypervisor;
* the hypervisor maps a page writable and executable, in one entry or through
  two aliases in one table: code that can be rewritten;
* device memory mapped without `d` (cached, reordered device accesses) or RAM
  with `d`;
* two guests map the same physical page: a warning, since the scenario may
  intend it, unless both maps declare it with `s`.

Each finding names both parties: the map at fault (its line) and what it
reaches (memreq copy, device, the other guest's map).
"""

from __future__ import annotations

from dataclasses import dataclass

from schism.spaces import HYPERVISOR, Memory
from schism.verify.findings import Findings, names, sized, span
from schism.verify.tables import Access, RegionIndex

PRIVATE_PREFIXES = ("core_", "config_")
PRIVATE_IDS = frozenset({"pagetables", "stack", "trace"})
W, X, D, S = 1, 2, 4, 6  # positions in `rwxgdus`


def is_private(region) -> bool:
    return region.kind == "memreq" and (region.id.startswith(PRIVATE_PREFIXES)
                                        or region.id in PRIVATE_IDS)


def _who(a: Access) -> str:
    return "the hypervisor" if a.space.owner == HYPERVISOR else f"guest {a.space.owner}"


def _at(a: Access, pa: int, size: int, more: str = "") -> str:
    """'VA 0x..-0x.. (map of X)' for the part of `a` at PA [pa, pa+size)."""
    return f"VA {span(a.va + pa - a.pa, size)} ({a.what}{more})"


def _target(what: str, pa: int, size: int) -> str:
    """'memreq X, PA 0x..-0x.. (4 KiB)': the other party of a finding."""
    return f"{what}, PA {sized(pa, size)}"


def _clip(a: Access, base: int, end: int) -> tuple[int, int]:
    lo, hi = max(a.pa, base), min(a.pa + a.size, end)
    return lo, hi - lo


def guest_private(accesses: list[Access], regions: RegionIndex, findings: Findings) -> None:
    for a in accesses:
        if a.space.owner == HYPERVISOR:
            continue
        for r in regions.overlapping(a.pa, a.size):
            if is_private(r):
                pa, size = _clip(a, r.base, r.end)
                findings.error(a.el, f"map xref: guest {a.space.owner} maps hypervisor-private "
                                     f"{_target('memreq ' + r.label, pa, size)}, at "
                                     f"{_at(a, pa, size)}", a.space.name)


def hypervisor_wx(accesses: list[Access], regions: RegionIndex, findings: Findings) -> None:
    """W+X in one entry, and W and X aliases of one page in one table."""
    hv = [a for a in accesses if a.space.owner == HYPERVISOR]
    for a in hv:
        if a.flags[W] == "w" and a.flags[X] == "x":
            hit = names(regions.overlapping(a.pa, a.size))
            findings.error(a.el, f"map flags: the hypervisor maps {_target(hit, a.pa, a.size)}, "
                                 f"writable and executable ({a.flags}) at "
                                 f"{_at(a, a.pa, a.size)}", a.space.name)
    by_space: dict[str, list[Access]] = {}
    for a in hv:
        by_space.setdefault(a.space.name, []).append(a)
    for table, items in by_space.items():
        writable = [a for a in items if a.flags[W] == "w"]
        executable = [a for a in items if a.flags[X] == "x" and a.flags[W] != "w"]
        for w, x, pa, size in _overlapping_pairs(writable, executable):
            hit = names(regions.overlapping(pa, size))
            findings.error(w.el, f"map flags: the hypervisor maps {_target(hit, pa, size)}, "
                                 f"writable at {_at(w, pa, size)} and executable at "
                                 f"{_at(x, pa, size)}", table)


def _overlapping_pairs(left: list[Access], right: list[Access]):
    """(l, r, pa, size) for every PA overlap of an access of `left` with one
    of `right` (a sweep over both, sorted by PA)."""
    events = sorted([(a.pa, 0, i, a) for i, a in enumerate(left)]
                    + [(a.pa, 1, i, a) for i, a in enumerate(right)], key=lambda e: e[:3])
    active: tuple[list[Access], list[Access]] = ([], [])
    for pa, side, _, a in events:
        for group in active:
            group[:] = [b for b in group if b.pa + b.size > pa]
        for b in active[1 - side]:
            lo, hi = max(a.pa, b.pa), min(a.pa + a.size, b.pa + b.size)
            yield (a, b, lo, hi - lo) if side == 0 else (b, a, lo, hi - lo)
        active[side].append(a)


def _minus(lo: int, hi: int, holes: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """[lo, hi) without the (sorted) `holes`, as (start, size) pieces."""
    out, at = [], lo
    for h_lo, h_hi in holes:
        if h_hi <= at or h_lo >= hi:
            continue
        if h_lo > at:
            out.append((at, h_lo - at))
        at = max(at, h_hi)
    if at < hi:
        out.append((at, hi - at))
    return out


def memory_types(accesses: list[Access], regions: RegionIndex, memories: list[Memory],
                 findings: Findings) -> None:
    """Devices need `d` (uncached, ordered), RAM must not have it. A device
    inside a `<memory>` range (some boards declare it so) counts as device."""
    for a in accesses:
        d = a.flags[D]
        if d == ".":
            continue  # no map and the format cannot tell: check 1 reported it
        devices = [r for r in regions.overlapping(a.pa, a.size) if r.kind == "device"]
        for r in devices:
            if d != "d":
                pa, size = _clip(a, r.base, r.end)
                findings.error(a.el, f"map flags: {_who(a)} maps "
                                     f"{_target('device ' + r.id, pa, size)}, without d "
                                     f"({a.flags}) at {_at(a, pa, size)}", a.space.name)
        if d != "d":
            continue
        holes = sorted((r.base, r.end) for r in devices)
        for mem in memories:
            if not (mem.base < a.pa + a.size and a.pa < mem.end):
                continue
            lo, size = _clip(a, mem.base, mem.end)
            for pa, n in _minus(lo, lo + size, holes):
                hit = names([r for r in regions.overlapping(pa, n) if r.kind == "memreq"])
                findings.error(a.el, f"map flags: {_who(a)} maps RAM of memory {mem.id} "
                                     f"({_target(hit, pa, n)}) with d ({a.flags}) at "
                                     f"{_at(a, pa, n)}", a.space.name)


@dataclass(frozen=True)
class Shared:
    """A physical range two guests both map (`tables`: every table that does)."""

    pa: int
    size: int
    first: Access
    second: Access
    tables: tuple[str, ...]

    @property
    def declared(self) -> bool:
        return self.first.flags[S] == "s" and self.second.flags[S] == "s"


def shared_regions(accesses: list[Access], guests: list[str]) -> list[Shared]:
    """Every PA overlap between the accesses of two different guests, once
    per pair of maps and range (a guest's vCPUs share their maps)."""
    order = {g: i for i, g in enumerate(guests)}
    seen: dict[tuple, list[str]] = {}  # one access per guest map range -> its tables
    mine = []
    for a in accesses:
        if a.space.owner == HYPERVISOR:
            continue
        key = (a.space.owner, id(a.el), a.va, a.pa, a.size, a.flags)
        if key not in seen:
            seen[key] = []
            mine.append(a)
        seen[key].append(a.space.name)

    def tables(a: Access) -> list[str]:
        return seen[(a.space.owner, id(a.el), a.va, a.pa, a.size, a.flags)]

    out, keys = [], set()
    for a, b, pa, size in _overlapping_pairs(mine, mine):
        if a.space.owner == b.space.owner:
            continue
        if order[a.space.owner] > order[b.space.owner]:
            a, b = b, a
        key = (id(a), id(b), pa, size)
        if key not in keys:
            keys.add(key)
            out.append(Shared(pa, size, a, b, tuple(tables(a) + tables(b))))
    return sorted(out, key=lambda s: (s.pa, order[s.first.space.owner],
                                      order[s.second.space.owner], s.first.va, s.second.va))


def sharing(shared: list[Shared], regions: RegionIndex, findings: Findings) -> None:
    for s in shared:
        if s.declared:
            continue
        a, b = s.first, s.second
        lacking = " and ".join(x.space.owner for x in (a, b) if x.flags[S] != "s")
        hit = names(regions.overlapping(s.pa, s.size))
        text = (f"map xref: guests {a.space.owner} and {b.space.owner} both map "
                f"{_target(hit, s.pa, s.size)}: {a.space.owner} at "
                f"{_at(a, s.pa, s.size, ', ' + a.flags)}, {b.space.owner} at "
                f"{_at(b, s.pa, s.size, ', ' + b.flags)}; not declared shared (s) "
                f"by {lacking}")
        for table in s.tables:
            findings.warning(b.el, text, table)
