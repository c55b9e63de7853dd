"""Rules of the original Phidias generator that the reference example does not
exercise: definition order over several guests, host CPUs listing each guest
once, vCPU count from the cpumap, guest map cpumaps, the memarea ref slot,
fixed slots of mpcore/cs7a, tree keys without map offsets, the memory32
hardware address, vtlb pool numbers (docs/phidias.md, "Fidelity")."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from lxml import etree
from support.fixtures import EPOCH

from schism import cbi

from .helpers import load

_DECL = re.compile(r"^SEC_\w+ .*?(\w+)(\[\d+\])?;$", re.M)
_DEF = re.compile(r"^[^\n=]*?(\w+)(\[\d+\])? = (.*?);$", re.M | re.S)


@pytest.fixture(autouse=True)
def _epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def generate(case: str, edit: Callable[[etree._Element], None] | None = None,
             iteration: int = 2) -> str:
    name = "scenario_pagetables.xml" if iteration == 2 else "scenario_reparented.xml"
    tree = load(case, name)
    if edit is not None:
        edit(tree.getroot())
    return cbi.lookup("phidias").generate_config(tree, iteration)


def declared(text: str) -> list[str]:
    """Identifiers in declaration order (array dimensions dropped)."""
    return [m[1] for m in _DECL.finditer(text)]


def defined(text: str) -> dict[str, str]:
    """identifier -> initializer text."""
    body = text.split("\n\n", 1)[1]
    return {m[1]: m[3] for m in _DEF.finditer(body)}


def _guest(root: etree._Element, ident: str) -> etree._Element:
    return root.find(f"guest[@id='{ident}']")


def test_definitions_come_kind_by_kind_over_all_guests():
    """The original made one pass over the guests per kind of definition, and
    built a guest's emulate trees after all its emulate arrays."""
    names = [n for n in declared(generate("phidias-guests"))
             if n.startswith("vm_") and "tree" not in n]
    assert names == [
        "vm_linux1", "vm_rtos", "vm_idle",
        "vm_linux1_cpus", "vm_linux1_cpu0_scheds", "vm_linux1_cpu1_scheds",
        "vm_rtos_cpus", "vm_rtos_cpu0_scheds", "vm_idle_cpus", "vm_idle_cpu0_scheds",
        "vm_linux1_cpu0_memareas", "vm_linux1_cpu1_memareas", "vm_rtos_cpu0_memareas",
        "vm_idle_cpu0_memareas",
        "vm_linux1_capabilities", "vm_rtos_capabilities", "vm_idle_capabilities",
        "vm_linux1_copyins", "vm_rtos_copyins", "vm_idle_copyins",
        "vm_linux1_cpu0_emulates", "vm_linux1_cpu1_emulates", "vm_rtos_cpu0_emulates",
        "vm_idle_cpu0_emulates",
    ]
    order = declared(generate("phidias-guests"))
    at = order.index
    # memtrees right after their memareas; emulate trees after both arrays
    assert at("vm_linux1_cpu0_memtree") == at("vm_linux1_cpu0_memareas") + 1
    assert at("vm_linux1_cpu1_emulates") < at("vm_linux1_cpu0_emulatetree")
    assert at("vm_linux1_cpu1_emulatetree") < at("vm_rtos_cpu0_emulates")
    # the vdev objects of every guest come last, guest by guest
    vdevs = [n for n in order if n.startswith("vdev_")]
    assert order[-len(vdevs):] == vdevs
    assert vdevs.index("vdev_linux1_irqs_dist") < vdevs.index("vdev_rtos_uart")


def _cpumap_1_0_1(root):
    _guest(root, "linux1").set("cpumap", "[1,0,1]")


def test_host_cpu_lists_each_guest_once():
    """cpuX_vm_cpus: one entry per guest that runs on X (its first vCPU
    there); the vCPU count of a guest is its cpumap's length, not ncpus."""
    text = generate("phidias-guests", _cpumap_1_0_1)
    d = defined(text)
    assert d["cpu1_vm_cpus"] == "{\n  vm_linux1_cpus + 0,\n}"
    assert d["cpu0_vm_cpus"] == "{\n  vm_linux1_cpus + 1,\n  vm_idle_cpus + 0,\n}"
    assert "{ 0x17000, 35, cpu1_memareas, &cpu1_memtree, 1, cpu1_vm_cpus, {} }" in d[
        "_specification_cpus"]
    assert "SEC_RO vm_cpu * const cpu1_vm_cpus[1];" in text
    assert d["vm_linux1"].startswith("{\n  3, vm_linux1_cpus,")  # ncpus="2", cpumap of 3
    assert "SEC_RW vm_cpu vm_linux1_cpus[3];" in text
    assert "vm_linux1_cpu2_scheds" in d and "vm_linux1_cpu2_emulatetree" in d
    # vCPU 2 reads the memreq base with index 2: linux1_main has none there
    assert d["vm_linux1_cpu2_memareas"].startswith(
        "{\n  { 0x0, 0x40000000, 0x4000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, "
        "cpu2_memareas + 33 },")


def test_guest_map_cpumap_is_matched_against_the_vcpu_number():
    def edit(root):
        _guest(root, "linux1").find("mmu/map[@xref='mbox']").set("cpumap", "[1]")

    d = defined(generate("phidias-guests", edit))
    assert d["vm_linux1_cpu0_memareas"].splitlines()[3] == "  { 0, 0, 0, 0, NULL },"
    assert d["vm_linux1_cpu1_memareas"].splitlines()[3] == (
        "  { 0x40000100, 0x50000100, 0x800, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_D, "
        "cpu1_memareas + 24 },")
    cpu0_nodes = [v for k, v in d.items() if k.startswith("vm_linux1_cpu0_memtree")]
    assert len(cpu0_nodes) == 2 and not any(v.endswith("+ 2 }") for v in cpu0_nodes)
    assert len([k for k in d if k.startswith("vm_linux1_cpu1_memtree")]) == 3


def _split_linux1_main(root):
    """linux1_main mapped by two hypervisor maps: CPU 1 first, CPU 2 last."""
    mmu = root.find("hypervisor/mmu")
    first = mmu.find("map[@xref='linux1_main']")
    first.set("cpumap", "[1]")
    first.set("base", "[1]=0x200000")
    etree.SubElement(mmu, "map", xref="linux1_main", base="[2]=0x300000", cpumap="[2]",
                     flags="rw")


def test_memarea_ref_is_the_slot_of_the_first_hypervisor_map():
    """The ref names the slot of the first hypervisor map of the xref (33 on
    CPU 1), not that of the map handled last (35 on CPU 2)."""
    d = defined(generate("phidias-guests", _split_linux1_main))
    assert "cpu1_memareas + 33 }" in d["vm_linux1_cpu1_memareas"].splitlines()[1]
    assert "cpu0_memareas + 33 }" in d["vm_linux1_cpu0_memareas"].splitlines()[1]
    assert d["cpu2_memareas"].splitlines()[36] == (
        "  { 0x0, 0x300000, 0x4000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },")


def _mpcore_and_cs7a(root):
    board = root.find("platform/board")
    etree.SubElement(board, "device", id="mpcore", base="0x3f000000", size="0x2000")
    etree.SubElement(board, "device", id="cs7a", base="0x3f100000", size="0x1000")
    mmu = root.find("hypervisor/mmu")
    etree.SubElement(mmu, "map", xref="mpcore", base="0x8000080000", flags="wrgd")
    etree.SubElement(mmu, "map", xref="cs7a", base="0x8000082000", flags="wrgd")


def test_fixed_slots_of_mpcore_and_cs7a():
    """mpcore takes slot 17; cs7a shares 24 with mbox and, later in the mmu,
    overwrites it; neither adds to the count; both stay in the tree."""
    plain = defined(generate("phidias-guests"))
    d = defined(generate("phidias-guests", _mpcore_and_cs7a))
    lines = d["cpu0_memareas"].splitlines()
    assert len(lines) == len(plain["cpu0_memareas"].splitlines())
    assert lines[1 + 17] == ("  { 0x3f000000, 0x8000080000, 0x2000, "
                             "MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },")
    assert lines[1 + 24] == ("  { 0x3f100000, 0x8000082000, 0x1000, "
                             "MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },")
    nodes = [v for k, v in d.items() if re.fullmatch(r"cpu0_memtree[_lr]*", k)]
    assert sum(v.endswith("cpu0_memareas + 24 }") for v in nodes) == 2
    assert sum(v.endswith("cpu0_memareas + 17 }") for v in nodes) == 1


def test_tree_key_is_the_map_base_without_offset():
    """mbox (base 0x50000000, offset 0x100) sorts before a map at 0x50000080."""
    def edit(root):
        _guest(root, "linux1").find("mmu/map[@xref='linux1_arch']").set("base", "0x50000080")

    d = defined(generate("phidias-guests", edit))
    assert d["vm_linux1_cpu0_memtree"] == (
        "{ &vm_linux1_cpu0_memtree_l, &vm_linux1_cpu0_memtree_r, vm_linux1_cpu0_memareas + 2 }")


def test_iteration_1_tree_follows_the_mmu_order_despite_offsets():
    """Iteration 1: every map base is 0, so irqc (offset 0x200) keeps its
    place as the second map."""
    d = defined(generate("phidias-guests", iteration=1))
    assert d["cpu3_memtree_l_l_l_l"] == "{ NULL, NULL, cpu3_memareas + 16 }"
    assert d["cpu3_memtree_l_l_l"] == "{ &cpu3_memtree_l_l_l_l, NULL, cpu3_memareas + 25 }"


@pytest.mark.parametrize("base, address", [
    ("[-1]=0x1000;[1]=0x2000;[3]=0x2000", "0x1020"),
    ("[1]=0x2000;[3]=0x2000", "0x20"),
    ("0x3000", "0x3020"),
])
def test_memory32_hardware_map_base_is_read_with_index_minus_one(base, address):
    def edit(root):
        root.find("hypervisor/mmu/map[@xref='serial']").set("base", base)

    d = defined(generate("phidias-vdevs", edit))
    assert f"(volatile uint32_t *){address}," in d["vdev_g1_sysregs"]


def test_memory32_fields():
    d = defined(generate("phidias-vdevs"))
    assert d["vdev_g1_sysregs"] == (
        "{ EMULATE_MEMORY_FLAG_SINGLE_VALUE|EMULATE_MEMORY_FLAG_SINGLE_MEM_RMASK|"
        "EMULATE_MEMORY_FLAG_SINGLE_MEM_WMASK|EMULATE_MEMORY_FLAG_SINGLE_HW_RMASK|"
        "EMULATE_MEMORY_FLAG_SINGLE_HW_WMASK, 0x1234, 0xffffffff, 0x0, 0x0, 0xff, NULL, "
        "(volatile uint32_t *)0x800000d020, NULL, NULL, NULL, NULL }")


def test_vtlb_pool_numbers():
    """Entry count in hex (0x%lx in the original), sizes and shifts decimal."""
    text = generate("phidias-vdevs")
    d = defined(text)
    assert d["vdev_g1_vtlb_cpu1_levelpools"] == (
        "{\n"
        "  { 14, 2, 0x4, vdev_g1_vtlb_cpu1_levelpool0_bitmap, 20, 0x8000017000, 0x89000 },\n"
        "  { 10, 2, 0x20, vdev_g1_vtlb_cpu1_levelpool1_bitmap, 12, 0x8000028000, 0xa1000 },\n"
        "}")
    assert "SEC_RW uint32_t vdev_g1_vtlb_cpu1_levelpool1_bitmap[1];" in text
    assert d["vdev_g1_vtlb_cpu1"] == (
        "{ VTLB_PAGING_FORMAT_ARM_SHORT, 8, vdev_g1_vtlb_cpu1_instances, 2, "
        "vdev_g1_vtlb_cpu1_levelpools, VTLB_NO_ACTIVE_INSTANCE }")
