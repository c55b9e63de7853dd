"""Stage-level properties on random scenarios (hypothesis): whatever stages 5
and 6 place never overlaps anything, lies in free space, is aligned, keeps
guard pages, puts `g` maps in the window; and the same input gives the same
output."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from schism.errors import SchismError
from schism.ext.values import format_hex, format_list, parse_list, parse_table
from schism.stages import layout_memory

from .helpers import map_bases

PAGE = 0x1000
LEVELS = (30, 21, 12)


def _arch(platform):
    arch = etree.SubElement(platform, "arch", id="a")
    fmt = etree.SubElement(arch, "paging_format", id="f", va_width="32", pa_width="32",
                           size_estimate="0x10000")
    for shift in LEVELS:
        etree.SubElement(fmt, "level", shift=str(shift), width="9", bpe="8", align="12")


request = st.tuples(
    st.sampled_from([1, 2, 3, 16, 512, 513, 1024]),  # pages
    st.none() | st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True),
    st.sampled_from([None, 13, 16, 21]),  # align_shift
)


@st.composite
def memory_scenario(draw):
    root = etree.Element("scenario")
    platform = etree.SubElement(root, "platform")
    board = etree.SubElement(platform, "board", id="b")
    base = draw(st.integers(0, 64)) * 0x100000
    size = draw(st.integers(64, 4096)) * PAGE
    mem = etree.SubElement(board, "memory", id="m", base=format_hex(base), size=format_hex(size))
    cursor = base
    for k, (pages, cpus, shift) in enumerate(draw(st.lists(request, max_size=12))):
        el = etree.SubElement(mem, "memreq", id=f"r{k}", size=format_hex(pages * PAGE))
        if draw(st.booleans()) and cpus is None and cursor + pages * PAGE <= base + size:
            el.set("base", format_hex(cursor))  # a fixed one, back to back
            cursor += pages * PAGE + draw(st.integers(0, 3)) * PAGE
            continue
        if cpus is not None:
            el.set("cpumap", format_list(cpus))
        if shift is not None:
            el.set("align_shift", str(shift))
    _arch(platform)
    etree.SubElement(root, "hypervisor", ncpus="3")
    return root.getroottree()


def _occupied(tree):
    """(start, end, memreq) of every base, per-CPU entries each."""
    out = []
    for el in tree.iter("memreq"):
        if el.get("base") is None:
            continue
        size = int(el.get("size"), 16)
        for _, b in _entries(el.get("base")):
            out.append((b, b + size, el))
    return out


def _entries(text):
    t = parse_table(text)
    return [(None, t.uniform)] if t.uniform is not None else list(t)


@settings(max_examples=150, deadline=None)
@given(memory_scenario())
def test_memory_placements(tree):
    try:
        bases = layout_memory.compute(tree)
    except SchismError as e:
        assert "cannot place" in str(e)
        return
    assert bases == layout_memory.compute(tree)  # deterministic
    mem = tree.find(".//memory")
    lo = int(mem.get("base"), 16)
    hi = lo + int(mem.get("size"), 16)
    for el in tree.iter("memreq"):
        if el.get("id") in bases:
            assert el.get("size") != "0x0"
            el.set("base", bases[el.get("id")])
            shift = int(el.get("align_shift") or 12)
            cpus = [c for c, _ in _entries(el.get("base"))]
            assert cpus == ([None] if el.get("cpumap") is None else parse_list(el.get("cpumap")))
            for _, b in _entries(el.get("base")):
                assert b % (1 << max(12, shift)) == 0
        else:
            assert el.get("base") is not None  # every request got placed
    spans = sorted(_occupied(tree), key=lambda x: x[0])
    for s, e, _ in spans:
        assert lo <= s < e <= hi
    for (_, e1, _), (s2, _, _) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2


map_request = st.tuples(
    st.sampled_from([1, 2, 3, 16, 512, 513]),  # pages
    st.none() | st.lists(st.integers(0, 2), min_size=1, max_size=3, unique=True),
    st.booleans(),  # g
)


@st.composite
def map_scenario(draw):
    root = etree.Element("scenario")
    platform = etree.SubElement(root, "platform")
    board = etree.SubElement(platform, "board", id="b")
    _arch(platform)
    hyp = etree.SubElement(root, "hypervisor", ncpus="3")
    mmu = etree.SubElement(hyp, "mmu", type="hardware", format="f")
    window = draw(st.integers(1, 0xF0000)) * PAGE
    etree.SubElement(board, "device", id="core_rx", base="0x0", size="0x1000")
    etree.SubElement(mmu, "map", xref="core_rx", base=format_hex(window), flags="rxg")
    for k, (pages, cpus, g) in enumerate(draw(st.lists(map_request, max_size=12))):
        etree.SubElement(board, "device", id=f"d{k}", base="0x0", size=format_hex(pages * PAGE))
        m = etree.SubElement(mmu, "map", xref=f"d{k}", flags="rwg" if g else "rw")
        if cpus is not None:
            m.set("cpumap", format_list(cpus))
    return root.getroottree(), window


@settings(max_examples=150, deadline=None)
@given(map_scenario())
def test_map_placements(scenario):
    tree, window = scenario
    try:
        bases = map_bases(tree)
    except SchismError as e:
        assert "cannot place" in str(e)
        return
    assert bases == map_bases(tree)
    sizes = {d.get("id"): int(d.get("size"), 16) for d in tree.iter("device")}
    nth: dict[str, int] = {}
    per_cpu: dict[int, list[tuple[int, int, bool]]] = {0: [], 1: [], 2: []}
    for m in tree.iter("map"):
        xref = m.get("xref")
        nth[xref] = nth.get(xref, 0) + 1
        fixed = m.get("base") is not None
        text = m.get("base") or bases[(xref, nth[xref])]
        size = sizes[xref]
        for cpu, b in _entries(text):
            if not fixed:
                assert b % PAGE == 0 and b >= PAGE
                if "g" in m.get("flags"):
                    assert b >= window
            assert b + size <= (1 << 32) - PAGE
            for c in per_cpu if cpu is None else [cpu]:
                per_cpu[c].append((b, b + size, fixed))
    for spans in per_cpu.values():
        spans.sort()
        for (s1, e1, f1), (s2, e2, f2) in zip(spans, spans[1:], strict=False):
            gap = 0 if (f1 and f2) else PAGE  # a placed map keeps its guard pages
            assert e1 + gap <= s2, (hex(s1), hex(e1), hex(s2), hex(e2))
