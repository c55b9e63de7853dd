"""verify, check 1: single corrupted descriptors of golden tables (address,
permission, a missing page, an extra page) in every format are each caught
with one located line naming the map and the VA; the table set; unreadable
tables; the file against its memreq."""

from __future__ import annotations

import pytest

from schism import spaces, verify
from schism.ext.values import format_hex
from schism.verify.tables import RegionIndex, _holes, _pieces, flag_differences

from .helpers import Entry, copy_case

# (case, table): every library format, 4- and 8-byte entries, blocks and pages
TABLES = [
    ("pt-arm64", "hv:0"), ("pt-arm64", "vm1:1"),
    ("pt-arm-long", "hv:0"), ("pt-arm-long", "vm:0"),
    ("pt-arm-short", "hv:1"), ("pt-arm-short", "g1:0"),
    ("pt-rpi3", "hv:2"), ("pt-cpumaps", "g1:1"),
]


def table_errors(build) -> list[str]:
    """The check-1 lines (isolation rules left out: some cases break them)."""
    result = verify.verify(build)
    return [f.line() for f in result.findings if f.level == "error"
            and (" is mapped " in f.text or " is not mapped" in f.text
                 or f.text.startswith("mmu base"))]


def target(build, table: str, pick=0) -> spaces.MapRange:
    space = next(s for s in spaces.load(build).spaces if s.name == table)
    return [m for m in space.maps if m.size >= 0x1000][pick]


def where(build, m: spaces.MapRange) -> str:
    return f"{build}/scenario_pagetables.xml:{m.el.sourceline}: error: "


@pytest.mark.parametrize("case, table", TABLES)
def test_the_golden_tables_pass(tmp_path, case, table):
    assert table_errors(copy_case(case, tmp_path)) == []


@pytest.mark.parametrize("case, table", TABLES)
def test_wrong_address(tmp_path, case, table):
    build = copy_case(case, tmp_path)
    m = target(build, table)
    e = Entry(build, table, m.va)
    e.write(e.value ^ e.size)  # the next block/page of physical memory
    [line] = table_errors(build)
    assert line.startswith(where(build, m) + f"map xref: VA {format_hex(e.va)}-"
                           f"{format_hex(e.va + e.size - 1)} ")
    assert f"of {m.label} is mapped to PA {format_hex(e.pa ^ e.size)} (" in line
    assert f"expected {format_hex(e.pa)} (entry at pagetables+{format_hex(e.offset)})" in line
    assert line.endswith(f"(table {table})")


@pytest.mark.parametrize("case, table", TABLES)
def test_wrong_permission(tmp_path, case, table):
    build = copy_case(case, tmp_path)
    m = target(build, table)
    e = Entry(build, table, m.va)
    on, off = e.level.flags["w"]
    e.write(e.value ^ (on | off))
    [line] = table_errors(build)
    flipped = m.flags[0] + ("-" if m.flags[1] == "w" else "w") + m.flags[2:]
    assert line.startswith(where(build, m) + f"map flags: VA {format_hex(e.va)}-")
    assert (f"of {m.label} is mapped with {flipped}, the map says {m.flags} (w differ; "
            f"entry at pagetables+{format_hex(e.offset)})") in line


@pytest.mark.parametrize("case, table", TABLES)
def test_missing_page(tmp_path, case, table):
    build = copy_case(case, tmp_path)
    m = target(build, table, pick=-1)
    e = Entry(build, table, m.va + m.size - 1)  # the last page of the map
    e.write(0)
    [line] = table_errors(build)
    assert line == (where(build, m) + f"map base: VA {format_hex(e.va)}-"
                    f"{format_hex(e.va + e.size - 1)} ({spaces.human_size(e.size)}) of "
                    f"{m.label} is not mapped (expected at PA {format_hex(e.pa)}) "
                    f"(table {table})")


@pytest.mark.parametrize("case, table", TABLES)
def test_extra_page(tmp_path, case, table):
    build = copy_case(case, tmp_path)
    m = target(build, table)
    e = Entry(build, table, m.va)
    offset, va = e.free_slot()
    e.write(e.value, offset)  # a copy of a leaf where nothing is mapped
    [line] = table_errors(build)
    mmu = next(s.mmu for s in spaces.load(build).spaces if s.name == table)
    assert line.startswith(f"{build}/scenario_pagetables.xml:{mmu.sourceline}: error: "
                           f"mmu base: VA {format_hex(va)}-{format_hex(va + e.size - 1)} ")
    assert (f"is mapped to PA {format_hex(e.pa)} (memreq {m.target.label}"
            if m.target.kind == "memreq" else f"(device {m.target.id})") in line
    assert f"but no map covers it (entry at pagetables+{format_hex(offset)})" in line


def test_a_corrupt_pointer_is_one_error_at_the_mmu(tmp_path):
    build = copy_case("pt-arm64", tmp_path)
    e = Entry(build, "hv:0", 0x8000000000)
    dump = verify.ptdump.load(build)
    top = dump.tables["hv:0"][2]
    # arm64:g4io40's top table has 2 entries; the second covers 0x8000000000
    pointer = top - dump.image.base + 8
    e.write(e.read(pointer) | 0x7ff0000000, pointer)  # a table far outside the file
    [line] = table_errors(build)
    mmu = next(s.mmu for s in spaces.load(build).spaces if s.name == "hv:0")
    assert line.startswith(f"{build}/scenario_pagetables.xml:{mmu.sourceline}: error: "
                           f"mmu base: table at {format_hex(top)} cannot be read: table at ")
    assert "lies outside the pagetables file" in line and line.endswith("(table hv:0)")


def test_missing_table_address(tmp_path):
    build = copy_case("pt-arm64", tmp_path)
    path = build / "scenario_pagetables.xml"
    text = path.read_text()
    path.write_text(text.replace(";[1]=0x1b000\"", "\"", 1))
    lines = [f.line() for f in verify.verify(build).findings]
    assert any(x.endswith("error: mmu base: no table address for hypervisor CPU 1 "
                          "(table hv:1)") for x in lines), lines


def test_the_file_must_fit_its_memreq(tmp_path):
    build = copy_case("pt-arm64", tmp_path)
    with open(build / "pagetables", "ab") as f:
        f.write(b"\0" * 0x60000)
    lines = [f.line() for f in verify.verify(build).findings]
    assert any("error: memreq size: the pagetables file holds 0x" in x
               and "more than the memreq (0x60000)" in x for x in lines), lines


def test_pieces_split_a_block_at_map_edges():
    def mr(va, size):
        return spaces.MapRange(va, va, size, "rw-----", None, None, 0)

    maps = [mr(0x1000, 0x1000), mr(0x3000, 0x2000)]
    leaf = verify.ptdump.Leaf(0, 0, 0x6000, "?w-----", 0, 0)
    got = [(va, size, m is not None) for va, size, m in _pieces(leaf, maps, [0x1000, 0x3000])]
    assert got == [(0, 0x1000, False), (0x1000, 0x1000, True), (0x2000, 0x1000, False),
                   (0x3000, 0x2000, True), (0x5000, 0x1000, False)]


def test_holes():
    assert _holes(0, 0x4000, [(0x1000, 0x1000), (0x3000, 0x800)]) == [
        (0, 0x1000), (0x2000, 0x1000), (0x3800, 0x800)]
    assert _holes(0, 0x1000, [(0, 0x1000)]) == []


def test_flag_differences():
    assert flag_differences("?w-?d--", "rw--d--") == ""  # '?' agrees with the map
    assert flag_differences("?--?!--", "rw--d--") == "wd"


def test_region_index_finds_nested_regions():
    def r(name, base, size):
        return spaces.Region(name, "memreq", base, size, "hypervisor", None, None)

    idx = RegionIndex([r("big", 0, 0x10000), r("a", 0x1000, 0x1000), r("b", 0x8000, 0x100)])
    assert [x.id for x in idx.overlapping(0x8000, 0x1000)] == ["big", "b"]
    assert [x.id for x in idx.overlapping(0x20000, 0x1000)] == []


def _check_of(maps: list[spaces.MapRange]):
    from lxml import etree

    from schism.verify.findings import Findings
    from schism.verify.tables import TableCheck

    space = spaces.Space("t:0", "g", 0, 0, "f", etree.Element("mmu"), 0x9000, maps)
    findings = Findings()
    return TableCheck(space, RegionIndex([]), 0x9000, findings), findings


def _map(va, pa, size, label):
    region = spaces.Region(label, "memreq", pa, size, "g", None, None)
    return spaces.MapRange(va, pa, size, "rw-----", region, None, 0)


@pytest.mark.parametrize("joined", [True, False])
def test_a_run_of_entries_reports_the_entry_a_finding_starts_at(joined):
    """Two maps back to back, the second at the wrong PA, read as one run of
    four 8-byte entries (`ptdump.runs`) or as four leaves: the finding names
    the third entry either way."""
    maps = [_map(0, 0x100000, 0x2000, "a"), _map(0x2000, 0x300000, 0x2000, "b")]
    check, findings = _check_of(maps)
    if joined:
        check.leaf(verify.ptdump.Leaf(0, 0x100000, 0x4000, "?w-----", 2, 0, 0x9100), 4, 8)
    else:
        for k in range(4):
            check.leaf(verify.ptdump.Leaf(k * 0x1000, 0x100000 + k * 0x1000, 0x1000,
                                          "?w-----", 2, 0, 0x9100 + 8 * k), 1, 8)
    check.finish()
    assert [f.text for f in findings] == [
        "map xref: VA 0x2000-0x3fff (8 KiB) of b is mapped to PA 0x102000 (no memreq or "
        "device), expected 0x300000 (entry at pagetables+0x110)"]
    assert check.entries == 4
    assert [(a.va, a.size, a.map.target.id) for a in check.accesses] == [
        (0, 0x2000, "a"), (0x2000, 0x2000, "b")]
