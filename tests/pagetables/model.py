"""A slow, literal model of docs/pagetables.md 7.1-7.7 (and of the original's
`create_pagetable`/`add_mapping`/`place_directories`) for the model test.

It shares no code with `schism.ext.pagetables` or the stage module: scenarios
are plain dataclasses, formats are read from the arch XML here, every leaf is
written by a walk from the top table, and placement is the spec's loop over
alignment classes. `test_model.py` compares it with the stage byte for byte.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

LETTERS = "rwxgdus"
INIT = -1


# --- the scenario -------------------------------------------------------------

# A cpumap: None (absent), "*" or a list of CPUs; a base: an int (every CPU)
# or a dict cpu -> value.
CpuMap = list[int] | str | None
Base = int | dict[int, int]


@dataclass
class Req:
    id: str
    base: Base
    size: int
    cpumap: CpuMap = None
    device: bool = False


@dataclass
class Map:
    xref: str
    base: Base
    flags: str
    cpumap: CpuMap = None
    is_init: bool = False
    offset: int | None = None
    subsize: int | None = None


@dataclass
class Guest:
    id: str
    fmt: str
    cpumap: list[int]
    maps: list[Map] = field(default_factory=list)

    @property
    def ncpus(self) -> int:
        return len(self.cpumap)


@dataclass
class Scen:
    arch: str
    hv_fmt: str
    ncpus: int
    reqs: list[Req]
    hv_maps: list[Map]
    guests: list[Guest]
    pt_base: int = 0x100000


def has(cpumap: CpuMap, cpu: int) -> bool:
    """The original's test: no cpumap or `*` passes every CPU (-1 too)."""
    return cpumap is None or cpumap == "*" or cpu in cpumap


def get(base: Base, cpu: int) -> int:
    return base if isinstance(base, int) else base[cpu]


# --- formats ------------------------------------------------------------------


@dataclass
class Lvl:
    shift: int
    width: int
    bpe: int
    align: int
    dir_base: int | None
    leaf_base: int | None
    bits: dict[str, tuple[int, int]]


def read_formats(arch_el) -> dict[str, list[Lvl]]:
    def num(el, name, base=16):
        text = el.get(name)
        return None if text is None else int(text, base)

    out = {}
    for pf in arch_el.iter("paging_format"):
        out[pf.get("id")] = [
            Lvl(num(lv, "shift", 10), num(lv, "width", 10), num(lv, "bpe", 10),
                num(lv, "align", 10), num(lv, "dir_base"), num(lv, "leaf_base"),
                {f.get("name"): (num(f, "value_set"), num(f, "value_clear"))
                 for f in lv.iter("flag")})
            for lv in pf.iter("level")]
    return out


# --- one tree -----------------------------------------------------------------


class Clash(Exception):
    pass


class Dir:
    def __init__(self, level: int, n: int):
        self.level = level
        self.entries: list = [None] * n  # None, ("leaf", value), ("dir", Dir)
        self.addr = -1


class ModelTree:
    def __init__(self, levels: list[Lvl]):
        self.levels = levels
        self.dirs: list[Dir] = []
        self.top = self._new(0)

    def _new(self, level: int) -> Dir:
        d = Dir(level, 1 << self.levels[level].width)
        self.dirs.append(d)
        return d

    def add(self, va: int, pa: int, size: int, flags: str) -> None:
        while size:
            d = self.top
            while True:
                lv = self.levels[d.level]
                span = 1 << lv.shift
                idx = (va >> lv.shift) & ((1 << lv.width) - 1)
                if lv.leaf_base is not None and va % span == 0 and pa % span == 0 \
                        and size >= span:
                    if d.entries[idx] is not None:
                        raise Clash(hex(va))
                    value = pa | lv.leaf_base
                    for letter in LETTERS:
                        on, off = lv.bits.get(letter, (0, 0))
                        value |= on if letter in flags else off
                    d.entries[idx] = ("leaf", value)
                    va, pa, size = va + span, pa + span, size - span
                    break
                e = d.entries[idx]
                if e is None:
                    child = self._new(d.level + 1)
                    d.entries[idx] = ("dir", child)
                    d = child
                elif e[0] == "dir":
                    d = e[1]
                else:
                    raise Clash(hex(va))


# --- the stage ----------------------------------------------------------------


def build(sc: Scen, formats: dict[str, list[Lvl]]) -> tuple[bytes, dict[str, list]]:
    """(pagetables file, owner -> [(mmu base index, top address)])."""
    reqs = {r.id: r for r in sc.reqs}
    trees: list[tuple[str, int, ModelTree]] = []

    def fill(tree: ModelTree, maps: list[Map], table_cpu: int, host: int, init: bool):
        for m in maps:
            r = reqs[m.xref]
            if not has(m.cpumap, table_cpu) or (init and not m.is_init):
                continue
            if not r.device and not has(r.cpumap, host):
                continue
            pa, size = get(r.base, host), r.size
            if m.offset is not None:
                pa, size = pa + m.offset, size - m.offset
            if m.subsize is not None:
                size = m.subsize
            va = get(m.base, table_cpu)
            if init:
                tree.add(pa, pa, size, m.flags)
                if va == pa:  # docs/pagetables.md 7.1: once (the original clashed)
                    continue
            tree.add(va, pa, size, m.flags)

    hv = formats[sc.hv_fmt]
    t = ModelTree(hv)
    fill(t, sc.hv_maps, INIT, INIT, True)
    trees.append(("", INIT, t))
    for cpu in range(sc.ncpus):
        t = ModelTree(hv)
        fill(t, sc.hv_maps, cpu, cpu, False)
        trees.append(("", cpu, t))
    for g in sc.guests:
        if g.fmt == "none":
            continue
        for vcpu, host in enumerate(g.cpumap):
            t = ModelTree(formats[g.fmt])
            fill(t, g.maps, vcpu, host, False)
            trees.append((g.id, vcpu, t))

    # Placement: per tree, alignment classes from the largest down, creation
    # order inside a class; the cursor carries on.
    cursor = sc.pt_base
    for _, _, t in trees:
        unplaced = list(t.dirs)
        while unplaced:
            align = max(t.levels[d.level].align for d in unplaced)
            for d in [d for d in unplaced if t.levels[d.level].align == align]:
                mask = (1 << align) - 1
                d.addr = (cursor + mask) & ~mask
                lv = t.levels[d.level]
                cursor = d.addr + (lv.bpe << lv.width)
                unplaced.remove(d)

    out = bytearray(cursor - sc.pt_base)
    for _, _, t in trees:
        for d in t.dirs:
            lv = t.levels[d.level]
            code = "<I" if lv.bpe == 4 else "<Q"
            for i, e in enumerate(d.entries):
                if e is None:
                    continue
                value = e[1] if e[0] == "leaf" else e[1].addr | lv.dir_base
                struct.pack_into(code, out, d.addr - sc.pt_base + i * lv.bpe, value)

    bases: dict[str, list] = {}
    for owner, idx, t in trees:
        bases.setdefault(owner, []).append((idx, t.top.addr))
    return bytes(out), bases
