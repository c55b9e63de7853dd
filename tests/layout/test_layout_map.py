"""Stage 6 (docs/layout.md 6.1-6.5): claims, the global window, guard pages,
per-CPU passes, guests, and every error rule with its message."""

from __future__ import annotations

import subprocess
import sys

import pytest
from lxml import etree
from support import line_of
from support.fixtures import GOLDEN

from schism.errors import SchismError
from schism.stages import layout_map

from .helpers import P_LAIDOUT, V_LAIDOUT, bases, build, error, one, run

HMAP = "/scenario/hypervisor/mmu/map"
REF_P = GOLDEN / "layout-rpi3" / "expected" / P_LAIDOUT


def stage6(tmp_path, edit=None, case_source=REF_P):
    return build(tmp_path, edit=edit, name=P_LAIDOUT, source=case_source)


def _set(xpath, **attrs):
    def edit(root):
        el = one(root, xpath)
        for k, v in attrs.items():
            el.set(k, v)
    return edit


def test_reference_example_and_empty_stderr(tmp_path):
    out = stage6(tmp_path)
    assert run(out, layout_map) == ""
    assert bases(out / V_LAIDOUT, f"{HMAP}[@xref='blob' or @xref='linux1_arch']") == [
        "0x800000a000", "[0]=0x80000a3000"
    ]


def test_reproducible(tmp_path):
    a, b = stage6(tmp_path / "a"), stage6(tmp_path / "b")
    run(a, layout_map)
    run(b, layout_map)
    assert (a / V_LAIDOUT).read_bytes() == (b / V_LAIDOUT).read_bytes()


def test_last_page_below_the_64_bit_top_can_be_claimed(tmp_path):
    """Defect fixed: the free list is [0, 2^64 - 4 KiB), computed exactly."""
    out = stage6(tmp_path, _set(f"{HMAP}[@xref='mbox']", base="0xffffffffffffe000"))
    run(out, layout_map)
    assert bases(out / V_LAIDOUT, f"{HMAP}[@xref='mbox']") == ["0xffffffffffffe000"]


def test_claim_at_the_64_bit_top_is_outside(tmp_path):
    """Defect fixed: the original ignored a failed claim and went on."""
    out = stage6(tmp_path, _set(f"{HMAP}[@xref='mbox']", base="0xfffffffffffff000"))
    line = line_of(out / P_LAIDOUT, xpath=f"{HMAP}[@xref='mbox']")
    assert error(out, layout_map, V_LAIDOUT) == (
        f"{out / P_LAIDOUT}:{line}: error: map base: cannot claim map 'mbox' "
        "[0xfffffffffffff000,0x10000000000000000): outside the free virtual address space; "
        "free: [0x0,0xfffffffffffff000)"
    )


def test_claim_overlapping_another_map(tmp_path):
    """Both parties are named; a note points at the map that holds the range."""
    out = stage6(tmp_path, _set(f"{HMAP}[@xref='core_r']", base="0x8000000000"))
    first, note = error(out, layout_map, V_LAIDOUT).split("\n")
    assert first.endswith(
        "error: map base: cannot claim map 'core_r' [0x8000000000,0x8000001000): overlaps map "
        "'core_rx' [0x8000000000,0x8000001000)")
    line = line_of(out / P_LAIDOUT, xpath=f"{HMAP}[@xref='core_rx']")
    assert note == f"{out / P_LAIDOUT}:{line}: note: map 'core_rx' claims it here"


def test_claim_above_a_32_bit_space(tmp_path):
    src = GOLDEN / "layout-arm32-long" / "expected" / P_LAIDOUT
    out = stage6(tmp_path, _set(f"{HMAP}[@xref='core_rx']", base="0xfffff000"), src)
    assert "map base: cannot claim map 'core_rx' [0xfffff000,0x100000000)" in error(
        out, layout_map, V_LAIDOUT
    )


def test_per_cpu_fixed_base_is_an_error(tmp_path):
    out = stage6(tmp_path, _set(f"{HMAP}[@xref='linux1_main']", base="[0]=0x200000"))
    assert error(out, layout_map, V_LAIDOUT).endswith(
        "error: map base: map 'linux1_main' has a per-CPU base '[0]=0x200000'; "
        "a fixed base must be one value"
    )


def test_unknown_format(tmp_path):
    out = stage6(tmp_path, _set("/scenario/hypervisor/mmu", format="arm64:nope"))
    line = line_of(out / P_LAIDOUT, xpath="/scenario/hypervisor/mmu")
    assert error(out, layout_map, V_LAIDOUT) == (
        f"{out / P_LAIDOUT}:{line}: error: mmu format: unknown paging format 'arm64:nope'"
    )


def test_cannot_place_in_the_global_window(tmp_path):
    def edit(root):
        one(root, "//paging_format[@id='arm64:g4io40']").set("va_width", "40")
        one(root, f"{HMAP}[@xref='blob']").set("subsize", "0x8000000000")
    out = stage6(tmp_path, edit)
    line = line_of(out / P_LAIDOUT, xpath=f"{HMAP}[@xref='blob']")
    assert error(out, layout_map, V_LAIDOUT) == (
        f"{out / P_LAIDOUT}:{line}: error: map base: cannot place map 'blob' in the global "
        "window (size 0x8000000000 + guard pages, alignment 2^39..2^12): the largest free "
        "range [0x8000009000,0xfffffff000) holds 0x7fffff6000, 0xc000 short; "
        "free: [0x0,0x8000000000) [0x8000009000,0xfffffff000)"
    )


def test_cannot_place_for_a_cpu(tmp_path):
    def edit(root):
        one(root, "//paging_format[@id='arm64:g4io40']").set("va_width", "36")
        for m in root.xpath(f"{HMAP}[@base]"):
            m.attrib.pop("base")  # the window starts at 0 without a core_rx base
        one(root, f"{HMAP}[@xref='linux1_main']").set("subsize", "0xfffff0000")
    out = stage6(tmp_path, edit)
    assert "map base: cannot place map 'linux1_main' for CPU 0 (size 0xfffff0000" in error(
        out, layout_map, V_LAIDOUT
    )


def test_map_size_not_a_page_multiple_is_placed(tmp_path):
    """docs/layout.md 6.3 places any size; stage 7 rejects what it cannot map."""
    out = stage6(tmp_path, _set(f"{HMAP}[@xref='trace']", subsize="0x1800"))
    run(out, layout_map)
    assert bases(out / V_LAIDOUT, f"{HMAP}[@xref='trace']")[0]


def test_guest_map_without_base(tmp_path):
    xpath = "/scenario/guest/mmu/map[@xref='linux1_arch']"
    out = stage6(tmp_path, lambda root: one(root, xpath).attrib.pop("base"))
    line = line_of(out / P_LAIDOUT, xpath=xpath)
    assert error(out, layout_map, V_LAIDOUT) == (
        f"{out / P_LAIDOUT}:{line}: error: map base: map 'linux1_arch' of guest 'linux1' has "
        "no base (guest maps are not placed dynamically)"
    )


def test_map_of_neither_memreq_nor_device():
    """The validator rejects such an xref first; compute() says it too."""
    tree = etree.parse(str(REF_P))
    one(tree.getroot(), f"{HMAP}[@xref='trace']").set("xref", "linux1")
    with pytest.raises(SchismError, match="map xref: 'linux1' is neither a memreq nor a device"):
        layout_map.compute(tree)


def test_window_starts_at_zero_without_a_core_rx_map(tmp_path):
    """As the original's zero-initialised window: `g` maps then go lowest."""
    out = stage6(tmp_path, lambda root: one(root, f"{HMAP}[@xref='core_rx']").set("xref", "core_r"))
    run(out, layout_map)
    assert bases(out / V_LAIDOUT, f"{HMAP}[@xref='blob']") == ["0x1000"]


def test_cpus_outside_ncpus_are_an_error(tmp_path):
    """The original placed nothing for them and built a map no CPU uses
    (docs/deviations.md)."""
    out = stage6(tmp_path, _set(f"{HMAP}[@xref='linux1_arch']", cpumap="[7]"))
    assert "map cpumap: '[7]' names CPU 7, but the hypervisor has 4 (0 to 3)" in error(
        out, layout_map, V_LAIDOUT)


def test_cli_reports_one_line_and_fails(tmp_path):
    """Through `schism layout-map O`: exit 1, one located line, no output."""
    out = stage6(tmp_path, _set("/scenario/hypervisor/mmu", format="arm64:nope"))
    proc = subprocess.run(
        [sys.executable, "-m", "schism", "layout-map", str(out)], capture_output=True, text=True
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.endswith("error: mmu format: unknown paging format 'arm64:nope'\n")
    assert not (out / V_LAIDOUT).exists()


def test_map_size_below_every_alignment(tmp_path):
    def edit(root):
        for level in root.xpath("//paging_format[@id='arm64:g4io40']/level[@shift='12']"):
            level.set("shift", "21")
    out = stage6(tmp_path, edit)
    assert error(out, layout_map, V_LAIDOUT).endswith(
        "error: map base: no preferred alignment for map 'blob' of size 0x4a000 "
        "(smallest: 2^21)"
    )


@pytest.mark.parametrize("drop, message", [
    ("/scenario/hypervisor", "scenario: no <hypervisor>"),
    ("/scenario/hypervisor/mmu", "hypervisor: no <mmu>"),
])
def test_missing_hypervisor_parts(drop, message):
    """The validator reports these first; compute() does not crash on them."""
    tree = etree.parse(str(REF_P))
    el = one(tree.getroot(), drop)
    el.getparent().remove(el)
    with pytest.raises(SchismError, match=message):
        layout_map.compute(tree)


def test_zero_size_fixed_map_splits_the_free_range(tmp_path):
    """A fixed map of size 0 (subsize 0) cuts the free range at its base, as
    the original's claim did: blob (0x4a000 + guard pages) no longer fits
    below 0x8000030000 and goes above it (0x800000a000 without the cut)."""
    out = stage6(tmp_path, _set(f"{HMAP}[@xref='serial']", base="0x8000030000", subsize="0x0"))
    run(out, layout_map)
    assert bases(out / V_LAIDOUT, f"{HMAP}[@xref='blob']") == ["0x8000031000"]


def test_a_cpu_pass_does_not_see_another_cpus_placements(tmp_path):
    """docs/layout.md 6.4, as the original (a copy of the free list per CPU):
    the same map for CPUs 0..3 gets the same address on every CPU."""
    out = stage6(tmp_path, _set(f"{HMAP}[@xref='linux1_arch']", cpumap="[2,0,3,1]"))
    run(out, layout_map)
    assert bases(out / V_LAIDOUT, f"{HMAP}[@xref='linux1_arch']") == [
        "[0]=0x80000a3000;[1]=0x80000a3000;[2]=0x80000a3000;[3]=0x80000a3000"
    ]


def test_per_cpu_is_the_map_cpumap_not_the_memreq_cpumap(tmp_path):
    """core_rw's memreq has a cpumap, its map none: one common placement."""
    out = stage6(tmp_path, lambda root: one(root, f"{HMAP}[@xref='core_rw']").attrib.pop("base"))
    run(out, layout_map)
    (base,) = bases(out / V_LAIDOUT, f"{HMAP}[@xref='core_rw']")
    assert not base.startswith("[")
