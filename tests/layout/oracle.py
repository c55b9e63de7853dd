"""An independent oracle for stages 5 and 6: the original tools' control flow
as docs/layout.md 5.1-6.5 and the original's sources describe it, written naively (a
plain list of free ranges, the "largest unplaced size" rescanned after every
size, eligibility re-evaluated per map, a copied free list per CPU), so the
optimised allocator in schism/ext/layout.py can be compared with it on
random scenarios.

Where docs/layout.md "Rules" fix a defect of the original, the oracle follows them:
a claim must lie inside one free range; a per-CPU fixed base, a failed claim,
"no alignment" and "cannot place" stop the stage; the VA space ends exactly
at 2^va_width - 4 KiB.
"""

from __future__ import annotations

from lxml import etree

PAGE = 0x1000
TOP_WINDOW = (1 << 64) - 1  # the original's window end: ~0UL


class OracleError(Exception):
    """The stage fails (the message names the rule, for test output only)."""


class Ranges:
    """Free ranges [start, end) in address order (the original's linked list)."""

    def __init__(self, start: int, end: int) -> None:
        self.r = [[start, end]]

    def copy(self) -> Ranges:
        new = Ranges(0, 0)
        new.r = [list(x) for x in self.r]
        return new

    def claim(self, base: int, size: int) -> bool:
        # the first range that ends above base must hold [base, base+size)
        for i, (s, e) in enumerate(self.r):
            if e > base:
                if base < s or base + size > e:
                    return False
                pieces = [[a, b] for a, b in ((s, base), (base + size, e)) if b > a]
                self.r[i : i + 1] = pieces
                return True
        return False

    def find(self, size: int, shift: int) -> int | None:
        mask = (1 << shift) - 1
        for s, e in self.r:
            if e - s < size:
                continue
            c = s if not s & mask else (s + (1 << shift)) & ~mask
            if c + size <= e:
                assert self.claim(c, size)
                return c
        return None

    def find_padded(self, size: int, shift: int, window: tuple[int, int] | None) -> int | None:
        mask = (1 << shift) - 1
        for s, e in self.r:
            if window is not None and (e <= window[0] or s > window[1]):
                continue
            if e - s < size + 2 * PAGE:
                continue
            c = s + PAGE
            if window is not None and c < window[0]:
                c = window[0]
            if c & mask:
                c = (c + (1 << shift)) & ~mask
            if window is not None and c + size > window[1]:
                continue
            if c + size + PAGE <= e:
                lo, n = c, size
                if s == c - PAGE:
                    lo, n = lo - PAGE, n + PAGE
                if e == c + size + PAGE:
                    n += PAGE
                assert self.claim(lo, n)
                return c
        return None


def _insert_shifts(aligns: list[int], fmt: etree._Element) -> None:
    """Insertion into a descending, duplicate-free list; a 0 ends the list."""
    for level in fmt.findall("level"):
        val = int(level.get("shift"))
        k = 0
        while val:
            if k == len(aligns):
                aligns.append(val)
                break
            if aligns[k] == val:
                break
            if aligns[k] < val:
                aligns[k], val = val, aligns[k]
            k += 1


def _start(aligns: list[int], size: int) -> int:
    for i, a in enumerate(aligns):
        if size >= 1 << a:
            return i
    raise OracleError(f"no alignment for size {size:#x}")


def _cpu_list(text: str, ncpus: int) -> list[int]:
    if text.strip() == "*":
        return list(range(ncpus))
    inner = text.strip()[1:-1].strip()
    return [int(x) for x in inner.split(",")] if inner else []


def _format(value: tuple | list) -> str:
    if isinstance(value, tuple):
        return f"{value[1]:#x}"
    return ";".join(f"[{c}]={v:#x}" for c, v in value)


# -- stage 5 -------------------------------------------------------------------------


def layout_memory(tree: etree._ElementTree) -> dict[str, str]:
    root = tree.getroot()
    aligns: list[int] = []
    arch = root.find("platform/arch")
    if arch is not None:
        for fmt in arch.findall("paging_format"):
            _insert_shifts(aligns, fmt)
    hyp = root.find("hypervisor")
    ncpus = int(hyp.get("ncpus")) if hyp is not None else 0
    out: dict[str, str] = {}
    for memory in root.findall("platform/board/memory"):
        start = int(memory.get("base"), 16)
        free = Ranges(start, start + int(memory.get("size"), 16))
        reqs = memory.findall("memreq")
        placed: dict[int, tuple | list] = {}
        for k, m in enumerate(reqs):  # step 1: claims
            text = m.get("base")
            if text is None:
                continue
            if text.startswith("["):
                raise OracleError("per-CPU fixed base")
            base = int(text, 16)
            shift = int(m.get("align_shift") or 0)
            if base & ((1 << shift) - 1):
                raise OracleError("fixed base violates align_shift")
            if not free.claim(base, int(m.get("size"), 16)):
                raise OracleError(f"cannot claim {m.get('id')}")
            placed[k] = ("*", base)
        while True:  # step 2: the largest unplaced size, again and again
            size = max(
                (int(m.get("size"), 16) for k, m in enumerate(reqs) if k not in placed),
                default=0,
            )
            if size == 0:
                break
            first = _start(aligns, size)
            for k, m in enumerate(reqs):
                if k in placed or int(m.get("size"), 16) != size:
                    continue
                custom = int(m.get("align_shift") or 0)
                cpus = None if m.get("cpumap") is None else _cpu_list(m.get("cpumap"), ncpus)
                entries = []
                for cpu in [None] if cpus is None else cpus:
                    base = None
                    for a in aligns[first:]:
                        base = free.find(size, max(a, custom))
                        if base is not None:
                            break
                    if base is None:
                        raise OracleError(f"cannot place {m.get('id')}")
                    entries.append((cpu, base))
                placed[k] = ("*", entries[0][1]) if cpus is None else entries
                out[m.get("id")] = _format(placed[k])
    return out


# -- stage 6 -------------------------------------------------------------------------


def layout_map(tree: etree._ElementTree) -> dict[tuple[str, int], str]:
    root = tree.getroot()
    hyp = root.find("hypervisor")
    mmu = hyp.find("mmu")
    ncpus = int(hyp.get("ncpus"))
    fmt = next(f for f in root.iter("paging_format") if f.get("id") == mmu.get("format"))
    aligns: list[int] = []
    _insert_shifts(aligns, fmt)
    free = Ranges(0, (1 << int(fmt.get("va_width"))) - PAGE)
    sizes = {el.get("id"): int(el.get("size"), 16)
             for el in root.iter("device", "memreq")}
    maps = mmu.findall("map")

    def size_of(m: etree._Element) -> int:
        if m.get("subsize") is not None:
            return int(m.get("subsize"), 16)
        return sizes[m.get("xref")]

    window0 = 0
    for m in maps:
        if m.get("xref") == "core_rx":
            text = m.get("base")
            if text is not None and not text.startswith("["):
                window0 = int(text, 16)
            elif text is not None:  # get_dict_hex(base, 0)
                for part in text.split(";"):
                    cpu, value = part.split("=")
                    if int(cpu.strip("[]")) == 0:
                        window0 = int(value, 16)
                        break
            break
    window = (window0, TOP_WINDOW)

    state: dict[int, tuple | list] = {}
    for k, m in enumerate(maps):  # step 1: claims
        text = m.get("base")
        if text is None:
            continue
        if text.startswith("["):
            raise OracleError("per-CPU fixed map base")
        if not free.claim(int(text, 16), size_of(m)):
            raise OracleError(f"cannot claim map {m.get('xref')}")
        state[k] = ("*", int(text, 16))

    def has_base(k: int, cpu: int) -> bool:
        b = state.get(k)
        if b is None:
            return False
        return cpu < 0 or isinstance(b, tuple) or any(c == cpu for c, _ in b)

    def eligible(k: int, cpu: int) -> bool:
        m = maps[k]
        if has_base(k, cpu):
            return False
        if cpu < 0:
            return m.get("cpumap") is None
        if m.get("cpumap") is None:
            return False
        return cpu in _cpu_list(m.get("cpumap"), ncpus)

    def one_pass(space: Ranges, cpu: int) -> None:
        while True:
            size = max((size_of(maps[k]) for k in range(len(maps)) if eligible(k, cpu)),
                       default=0)
            if size == 0:
                return
            first = _start(aligns, size)
            for k, m in enumerate(maps):
                if not eligible(k, cpu) or size_of(m) != size:
                    continue
                g = "g" in m.get("flags", "")
                base = None
                for a in aligns[first:]:
                    base = space.find_padded(size, a, window if g else None)
                    if base is not None:
                        break
                if base is None:
                    raise OracleError(f"cannot place map {m.get('xref')} (cpu {cpu})")
                if cpu < 0:
                    state[k] = ("*", base)
                else:
                    state.setdefault(k, []).append((cpu, base))

    one_pass(free, -1)
    for cpu in range(ncpus):
        one_pass(free.copy(), cpu)  # every CPU from the state after the common pass

    out: dict[tuple[str, int], str] = {}
    nth: dict[str, int] = {}
    for k, m in enumerate(maps):
        xref = m.get("xref")
        nth[xref] = nth.get(xref, 0) + 1
        if m.get("base") is None and k in state:
            out[(xref, nth[xref])] = _format(state[k])
    return out
