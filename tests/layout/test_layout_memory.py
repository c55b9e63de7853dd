"""Stage 5 (docs/layout.md 5.1-5.3): claims, largest size first, alignments,
per-CPU memreqs, and every error rule with its message."""

from __future__ import annotations

import pytest
from lxml import etree
from support import line_of
from support.fixtures import GOLDEN

from schism.errors import SchismError
from schism.stages import layout_memory

from .helpers import MEASURED, P_LAIDOUT, bases, build, error, one, run

REQ = "/scenario/platform/board/memory/memreq"


def test_reference_example_and_empty_stderr(tmp_path):
    out = build(tmp_path)
    assert run(out, layout_memory) == ""
    assert bases(out / P_LAIDOUT, f"{REQ}[@id='trace']") == [
        "[0]=0xb3000;[1]=0xf3000;[2]=0x133000;[3]=0x173000"
    ]
    assert bases(out / P_LAIDOUT, f"{REQ}[@id='linux1_main']") == ["[0]=0x200000"]


def test_reproducible(tmp_path):
    a, b = build(tmp_path / "a"), build(tmp_path / "b")
    run(a, layout_memory)
    run(b, layout_memory)
    assert (a / P_LAIDOUT).read_bytes() == (b / P_LAIDOUT).read_bytes()


def _set(xpath, **attrs):
    def edit(root):
        el = one(root, xpath)
        for k, v in attrs.items():
            el.set(k, v)
    return edit


def test_fixed_base_with_align_shift_it_meets(tmp_path):
    """Defect fixed: the original rejected every fixed memreq with an align_shift."""
    plain = build(tmp_path / "a")
    shifted = build(tmp_path / "b", edit=_set(f"{REQ}[@id='config_rws']", align_shift="15"))
    run(plain, layout_memory)
    run(shifted, layout_memory)
    assert bases(plain / P_LAIDOUT, REQ) == bases(shifted / P_LAIDOUT, REQ)


def test_fixed_base_violating_align_shift(tmp_path):
    out = build(tmp_path, edit=_set(f"{REQ}[@id='core_r']", align_shift="13"))
    line = line_of(out / MEASURED, xpath=f"{REQ}[@id='core_r']")
    assert error(out, layout_memory, P_LAIDOUT) == (
        f"{out / MEASURED}:{line}: error: memreq base: fixed base 0x1000 of 'core_r' "
        "violates its align_shift 13"
    )


def test_align_shift_raises_every_try(tmp_path):
    out = build(tmp_path, edit=_set(f"{REQ}[@id='linux1_arch']", align_shift="16"))
    run(out, layout_memory)
    assert bases(out / P_LAIDOUT, f"{REQ}[@id='linux1_arch']") == ["[0]=0x1d0000"]


def test_per_cpu_fixed_base_is_an_error(tmp_path):
    out = build(tmp_path, edit=_set(f"{REQ}[@id='core_rx']", base="[0]=0x0"))
    assert error(out, layout_memory, P_LAIDOUT).endswith(
        "error: memreq base: 'core_rx' has a per-CPU base '[0]=0x0'; "
        "a fixed base must be one value"
    )


def test_claim_overlapping_another(tmp_path):
    out = build(tmp_path, edit=_set(f"{REQ}[@id='core_r']", base="0x0"))
    line = line_of(out / MEASURED, xpath=f"{REQ}[@id='core_r']")
    other = line_of(out / MEASURED, xpath=f"{REQ}[@id='core_rx']")
    assert error(out, layout_memory, P_LAIDOUT) == (
        f"{out / MEASURED}:{line}: error: memreq base: cannot claim 'core_r' [0x0,0x1000): "
        "overlaps 'core_rx' [0x0,0x1000)\n"
        f"{out / MEASURED}:{other}: note: 'core_rx' claims it here"
    )


def test_claim_outside_the_memory(tmp_path):
    out = build(tmp_path, edit=_set(f"{REQ}[@id='blob']", base="0x39ff0000"))
    assert "memreq base: cannot claim 'blob' [0x39ff0000,0x3a03a000)" in error(
        out, layout_memory, P_LAIDOUT
    )


def test_cannot_place(tmp_path):
    out = build(tmp_path, edit=_set(f"{REQ}[@id='linux1_main']", size="0x40000000"))
    line = line_of(out / MEASURED, xpath=f"{REQ}[@id='linux1_main']")
    assert error(out, layout_memory, P_LAIDOUT) == (
        f"{out / MEASURED}:{line}: error: memreq base: cannot place 'linux1_main' "
        "(size 0x40000000, alignment 2^30..2^12) in memory 'dram': the largest free range "
        "[0xb3000,0x3a000000) holds 0x39f4d000, 0x60b3000 short; free: [0xb3000,0x3a000000)"
    )


def test_size_not_a_page_multiple_is_placed(tmp_path):
    """docs/layout.md 5.3 places any size, as the original did; only stage 7 rejects
    a mapped size that is not a multiple of its smallest page."""
    out = build(tmp_path, edit=_set(f"{REQ}[@id='stack']", size="0x1800"))
    run(out, layout_memory)
    (stack,) = bases(out / P_LAIDOUT, f"{REQ}[@id='stack']")
    assert stack.count("=") == 4


def test_size_below_every_alignment(tmp_path):
    def edit(root):
        for level in root.iter("level"):
            if level.get("shift") == "12":
                level.set("shift", "21")
    out = build(tmp_path, edit=edit)
    assert error(out, layout_memory, P_LAIDOUT).endswith(
        "error: memreq size: no preferred alignment for 'trace' of size 0x40000 "
        "(smallest: 2^21)"
    )


def test_size_zero_and_empty_cpumap_get_no_base(tmp_path):
    def edit(root):
        one(root, f"{REQ}[@id='stack']").set("size", "0x0")
        one(root, f"{REQ}[@id='trace']").set("cpumap", "[]")
    out = build(tmp_path, edit=edit)
    run(out, layout_memory)
    assert bases(out / P_LAIDOUT, f"{REQ}[@id='stack' or @id='trace']") == [None, None]


def test_no_arch_means_no_alignment(tmp_path):
    def edit(root):
        platform = root.find("platform")
        platform.remove(one(root, "//arch"))
        del platform.attrib["arch"]
    out = build(tmp_path, edit=edit)
    assert error(out, layout_memory, P_LAIDOUT).endswith(
        "error: memreq size: no preferred alignment for 'linux1_main' of size 0x10000000 "
        "(no paging levels to align to)"
    )


def test_zero_size_fixed_memreq_splits_the_free_range(tmp_path):
    """The original's claim of a zero-size range (a `blob` without files) cut
    the free range at its base: trace (0x40000 per CPU) no longer fits below
    0x80000, where it went without the cut (0x69000 after the blob moved)."""
    out = build(tmp_path, edit=_set(f"{REQ}[@id='blob']", base="0x80000", size="0x0"))
    run(out, layout_memory)
    assert bases(out / P_LAIDOUT, f"{REQ}[@id='trace']") == [
        "[0]=0x80000;[1]=0xc0000;[2]=0x100000;[3]=0x140000"
    ]
    assert bases(out / P_LAIDOUT, f"{REQ}[@id='core_rw']") == [
        "[0]=0x69000;[1]=0x6b000;[2]=0x6d000;[3]=0x6f000"
    ]


def test_zero_size_fixed_memreq_outside_every_free_range(tmp_path):
    """At the very end of the memory no free range ends above the base."""
    out = build(tmp_path, edit=_set(f"{REQ}[@id='blob']", base="0x3a000000", size="0x0"))
    line = line_of(out / MEASURED, xpath=f"{REQ}[@id='blob']")
    assert error(out, layout_memory, P_LAIDOUT) == (
        f"{out / MEASURED}:{line}: error: memreq base: cannot claim 'blob' "
        "[0x3a000000,0x3a000000): not inside one free range of memory 'dram'; "
        "free: [0x69000,0x3a000000)"
    )


def test_cpumap_order_is_the_placement_and_table_order(tmp_path):
    """Once per CPU in cpumap order (docs/layout.md 5.3), not sorted."""
    out = build(tmp_path, edit=_set(f"{REQ}[@id='linux1_arch']", cpumap="[3,1]"))
    run(out, layout_memory)
    assert bases(out / P_LAIDOUT, f"{REQ}[@id='linux1_arch']") == [
        "[3]=0x1c3000;[1]=0x1c4000"
    ]


def test_alignments_are_the_union_of_every_paging_format(tmp_path):
    """docs/layout.md 5.2: a level shift of any format of the arch counts, not only
    the hypervisor's: with a 2^16 level, trace (0x40000) starts at 2^16."""
    def edit(root):
        one(root, "//paging_format[@id='arm64:g4io40n']/level[@shift='21']").set("shift", "16")
    out = build(tmp_path, edit=edit)
    run(out, layout_memory)
    assert bases(out / P_LAIDOUT, f"{REQ}[@id='trace']") == [
        "[0]=0xc0000;[1]=0x100000;[2]=0x140000;[3]=0x180000"
    ]


def test_bad_attribute_value_is_a_located_error():
    """compute() reads through values.attribute (the validator catches these
    first in a stage run)."""
    tree = etree.parse(str(GOLDEN / "layout-rpi3" / MEASURED))
    el = one(tree.getroot(), f"{REQ}[@id='stack']")
    el.set("size", "0xzz")
    with pytest.raises(SchismError) as e:
        layout_memory.compute(tree)
    assert e.value.message == "memreq size: '0xzz' is not a hexadecimal number"
    assert e.value.line == el.sourceline


def test_cpumap_naming_a_cpu_twice(tmp_path):
    """The original abort()ed adding the second base for the same CPU."""
    out = build(tmp_path, edit=_set(f"{REQ}[@id='linux1_arch']", cpumap="[1,0,1]"))
    line = line_of(out / MEASURED, xpath=f"{REQ}[@id='linux1_arch']")
    assert error(out, layout_memory, P_LAIDOUT) == (
        f"{out / MEASURED}:{line}: error: memreq cpumap: '[1,0,1]' of 'linux1_arch' "
        "names a CPU twice (one base per CPU)"
    )
