"""Stages 5 and 6 equal the naive oracle (tests/layout/oracle.py, the
original's control flow) on random scenarios: several memories, fixed bases
(also overlapping or in holes), align_shift, per-CPU memreqs in any cpumap
order, zero sizes, sizes that are not page multiples, several paging formats;
maps with subsize, cpumaps (lists, `*`, CPUs beyond ncpus), fixed bases, `g`
flags, a global window or none, va_width 32/40/64."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from schism.errors import SchismError
from schism.ext.values import format_hex, format_list
from schism.stages import layout_memory

from . import oracle
from .helpers import map_bases

PAGE = 0x1000
FORMATS = {
    "f64": (39, 30, 21, 12),
    "f30": (30, 21, 12),
    "fshort": (20, 12),
    "f16": (16, 12),
}

pages = st.sampled_from([0, 1, 1, 2, 3, 4, 5, 16, 17, 256, 511, 512, 513, 1024])
odd_size = st.sampled_from([0x800, 0x1800, 0x1800, 0x2800, 0x2800])  # not page multiples


def _arch(platform: etree._Element, draw) -> list[str]:
    arch = etree.SubElement(platform, "arch", id="a")
    names = draw(st.lists(st.sampled_from(sorted(FORMATS)), min_size=1, max_size=3,
                          unique=True))
    va = draw(st.sampled_from(["32", "40", "64"]))
    for name in names:
        fmt = etree.SubElement(arch, "paging_format", id=name, va_width=va,
                               pa_width="40", size_estimate="0x10000")
        shifts = list(FORMATS[name])
        if draw(st.booleans()):
            shifts.reverse()  # level order must not matter
        for shift in shifts:
            etree.SubElement(fmt, "level", shift=str(shift), width="9", bpe="8", align="12")
    return names


def _size(draw) -> int:
    if draw(st.integers(0, 9)) == 0:
        return draw(odd_size)
    return draw(pages) * PAGE


def _cpumap(draw, ncpus: int, star: bool) -> str | None:
    kind = draw(st.integers(0, 3 if star else 2))
    if kind == 0:
        return None
    if kind == 3:
        return "*"
    cpus = draw(st.lists(st.integers(0, ncpus), min_size=1, max_size=3, unique=True))
    return format_list(cpus)


@st.composite
def memory_scenario(draw):
    root = etree.Element("scenario")
    platform = etree.SubElement(root, "platform")
    board = etree.SubElement(platform, "board", id="b")
    _arch(platform, draw)
    ncpus = draw(st.integers(1, 4))
    etree.SubElement(root, "hypervisor", ncpus=str(ncpus))
    n = 0
    for k in range(draw(st.integers(1, 3))):
        reqs = []
        for _ in range(draw(st.integers(0, 10))):
            size = _size(draw)
            shift = draw(st.sampled_from([None, None, None, 13, 14, 16, 21, 22]))
            fixed = draw(st.integers(0, 5)) == 0
            cpumap = None if fixed else _cpumap(draw, ncpus, star=False)
            reqs.append((size, shift, fixed, cpumap))
        # room for the demand times 1..4, plus slack for alignment (mostly fits)
        demand = sum(s * (1 if c is None else c.count(",") + 1) for s, _, _, c in reqs)
        size = (demand * draw(st.integers(4, 16)) // 4 + draw(st.integers(16, 2048)) * PAGE)
        size = -(-size // PAGE) * PAGE
        base = draw(st.integers(0, 0x400)) * PAGE * draw(st.sampled_from([1, 16, 256]))
        mem = etree.SubElement(board, "memory", id=f"m{k}", base=format_hex(base),
                               size=format_hex(size))
        for req_size, shift, fixed, cpumap in reqs:
            el = etree.SubElement(mem, "memreq", id=f"r{n}", size=format_hex(req_size))
            n += 1
            if fixed:  # anywhere: may clash with another or leave the memory
                step = PAGE << draw(st.sampled_from([0, 0, 4, 9]))
                if shift is not None and draw(st.integers(0, 3)):
                    step = max(step, 1 << shift)  # mostly meets its align_shift
                start = -(-base // step) * step
                el.set("base", format_hex(start + draw(st.integers(0, size // step)) * step))
            if cpumap is not None:
                el.set("cpumap", cpumap)
            if shift is not None:
                el.set("align_shift", str(shift))
    return root.getroottree()


@st.composite
def map_scenario(draw):
    root = etree.Element("scenario")
    platform = etree.SubElement(root, "platform")
    board = etree.SubElement(platform, "board", id="b")
    names = _arch(platform, draw)
    ncpus = draw(st.integers(1, 4))
    hyp = etree.SubElement(root, "hypervisor", ncpus=str(ncpus))
    mmu = etree.SubElement(hyp, "mmu", type="hardware", format=draw(st.sampled_from(names)))
    mem = etree.SubElement(board, "memory", id="m", base="0x0", size="0x10000000")
    etree.SubElement(mem, "memreq", id="core_rx", size="0x1000")
    window = draw(st.sampled_from([None, "none", 0x1000, 0x200000, 0x3000000, 0x80000000]))
    if window is not None:
        core = etree.SubElement(mmu, "map", xref="core_rx", flags="rxg")
        if window != "none":
            core.set("base", format_hex(window))
    space = 0x4000000  # fixed bases fall below this, to fragment the low VA space
    for k in range(draw(st.integers(0, 12))):
        size = _size(draw)
        if draw(st.booleans()):
            etree.SubElement(board, "device", id=f"d{k}", base="0x0", size=format_hex(size))
        else:
            etree.SubElement(mem, "memreq", id=f"d{k}", size=format_hex(size))
        m = etree.SubElement(mmu, "map", xref=f"d{k}", flags=draw(st.sampled_from(["rw", "rwg"])))
        if draw(st.integers(0, 4)) == 0:
            m.set("subsize", format_hex(draw(pages) * PAGE))
        if draw(st.integers(0, 3)) == 0:
            m.set("base", format_hex(draw(st.integers(0, space // PAGE)) * PAGE))
        cpumap = _cpumap(draw, ncpus, star=True)
        if cpumap is not None:
            m.set("cpumap", cpumap)
    if draw(st.booleans()):  # a second map of the same memreq (the n-th map lookup)
        etree.SubElement(mmu, "map", xref="d0" if len(mmu) > 1 else "core_rx", flags="rw",
                         cpumap="[0]")
    return root.getroottree()


def _same(compute, model, tree) -> None:
    try:
        expected = model(tree)
    except oracle.OracleError:
        try:
            compute(tree)
        except SchismError:
            return
        raise AssertionError("the oracle fails, the stage does not") from None
    assert compute(tree) == expected


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(memory_scenario())
def test_stage5_equals_the_oracle(tree):
    _same(layout_memory.compute, oracle.layout_memory, tree)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(map_scenario())
def test_stage6_equals_the_oracle(tree):
    _same(map_bases, oracle.layout_map, tree)
