"""schism.spaces: the address spaces it derives agree with the literal
transcription of docs/pagetables.md 7.1-7.4 in tests/support/ptexpect.py on every golden case
with page tables; memory regions, owners, sizes, errors."""

from __future__ import annotations

import shutil

import pytest
from support.fixtures import GOLDEN
from support.ptexpect import expected_tables

from schism import spaces
from schism.errors import SchismError

CASES = sorted(d.parent.parent for d in GOLDEN.glob("*/expected/scenario_pagetables.xml"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_tables_agree_with_the_literal_rules(case):
    path = case / "expected" / "scenario_pagetables.xml"
    model = spaces.load(case / "expected")
    expected = expected_tables(path)
    got = {s.name: sorted((m.va, m.pa, m.size, m.flags) for m in s.maps)
           for s in model.spaces if s.has_table}
    want = {name: sorted((va, pa, size, spaces.positional(flags))
                         for va, pa, size, flags in maps if size)
            for name, maps in expected.items()}
    assert got == want


def test_demo_like_owners_come_from_the_expanded_scenario(tmp_path):
    case = GOLDEN / "e2e-hikey-arm64-smp" / "expected"
    shutil.copyfile(case / "scenario_pagetables.xml", tmp_path / "scenario_pagetables.xml")
    inferred = {r.id: r.owner for r in spaces.load(tmp_path).regions()}
    shutil.copyfile(case / "scenario_expanded.xml", tmp_path / "scenario_expanded.xml")
    declared = {r.id: r.owner for r in spaces.load(tmp_path).regions()}
    # ipc_shm: declared by the hypervisor, mapped by two guests
    assert declared["ipc_shm"] == inferred["ipc_shm"] == "hypervisor"
    assert declared["linux_main"] == inferred["linux_main"] == "linux"
    assert declared["rtos_arch"] == "rtos" and declared["serial"] == "device"
    assert declared["core_rw"] == "hypervisor"


def test_per_cpu_copies_are_regions_sorted_by_base():
    model = spaces.load(GOLDEN / "pt-arm-short" / "expected")
    dram = model.memories[0]
    labels = [r.label for r in dram.regions]
    assert labels[:3] == ["core_rx", "pagetables", "core_rw[0]"]
    assert "g1_main[1]" in labels and "g1_main[0]" in labels
    assert [r.base for r in dram.regions] == sorted(r.base for r in dram.regions)
    g2 = [s for s in model.spaces if s.owner == "g2"]
    assert [(s.name, s.has_table, s.top) for s in g2] == [("g2:0", False, None)]
    assert [(m.va, m.pa, m.label) for m in g2[0].maps] == [(0, 0x2000000, "g2_main[0]")]


@pytest.mark.parametrize("size, text", [
    (0, "0 B"), (0x138, "312 B"), (0x1000, "4 KiB"), (0x101000, "1028 KiB"),
    (0x200000, "2 MiB"), (0x40000000, "1 GiB"), (0x3ffff000, "~1024.0 MiB"),
    (1 << 50, "1024 TiB"), (0x12345, "~72.8 KiB"),
])
def test_human_size(size, text):
    assert spaces.human_size(size) == text


def test_positional():
    assert spaces.positional("wrgd") == "rw-gd--"
    assert spaces.positional("") == "-------"


def test_a_map_without_a_base_for_its_cpu_is_a_located_error(tmp_path):
    text = (GOLDEN / "pt-arm64" / "expected" / "scenario_pagetables.xml").read_text()
    broken = text.replace('base="[1]=0x8000100000;[0]=0x8000101000"',
                          'base="[1]=0x8000100000"')
    assert broken != text
    (tmp_path / "scenario_pagetables.xml").write_text(broken)
    with pytest.raises(SchismError) as e:
        spaces.load(tmp_path)
    assert str(e.value).startswith(f"{tmp_path}/scenario_pagetables.xml:")
    assert ": error: map base: map of" in str(e.value)
    assert str(e.value).endswith("has no base for CPU 0")


def test_no_laid_out_scenario(tmp_path):
    with pytest.raises(SchismError, match="scenario_v_laidout.xml does not exist"):
        spaces.load(tmp_path)
