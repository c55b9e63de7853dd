"""Stages 3 and 8 of the phidias-v0.010 CBI: each point where Phidias
v0.010's configuration interface differs from the seed's (the table in
schism/cbi/phidias_v0010/interface.py), on the seed CBI's golden inputs
switched to this CBI."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from support.fixtures import EPOCH

from schism import cbi
from schism.errors import SchismError

from .helpers import load

CBI = cbi.lookup("phidias-v0.010")


@pytest.fixture(autouse=True)
def epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def scenario(case: str) -> etree._ElementTree:
    tree = load(case)
    tree.getroot().set("cbi", "phidias-v0.010")
    return tree


def generate(tree: etree._ElementTree) -> str:
    return CBI.generate_config(tree, 2)


def definition(text: str, name: str) -> str:
    """The definition of `name` (up to its `;`)."""
    m = re.search(rf"^(?:__SEC_\w+ )?[^\n;]*\b{re.escape(name)}(?:\[\w*\])? = .*?;$", text,
                  re.S | re.M)
    assert m, f"no definition of {name}"
    return m.group(0)


def test_file_layout():
    text = generate(scenario("phidias-guests"))
    head = text.split("\n\n")[0].splitlines()
    assert head[:3] == ["#include <phidias.h>", "#include <vm.h>", "#include <interrupts.h>"]
    assert head[-1] == "#include <arch/specification.h>"
    assert "#define\t__SEC_RWS\t__attribute__((section(\".data_shared\")))" in text
    # definitions repeat their section macro
    assert "\n__SEC_RW uintptr_t __placeholder_rw = 0xbeef;\n" in text
    assert "\n__SEC_RWS uintptr_t __placeholder_rws = 0xf4eebeef;\n" in text


def test_specification_has_irq_owners_and_arch():
    tree = scenario("phidias-guests")
    init = tree.getroot().find("guest[@id='rtos']/init")
    etree.SubElement(init, "irq", vector="0x21", handler="uart")
    etree.SubElement(init, "irq", vector="0x3ff", handler="timer")
    text = generate(tree)
    assert ', 4, _specification_cpus, _specification_irq_owners, &_specification_arch, "' in text
    assert definition(text, "_specification_irq_owners") == (
        "__SEC_RO const vm * const _specification_irq_owners[IRQID_MAXIMUM] = {\n"
        "  [0x21] = &vm_rtos,\n  [0x3ff] = &vm_rtos,\n};")
    assert "__SEC_RO specification_arch const _specification_arch = {};" in text


def test_every_cpu_has_its_vcpu_list_after_its_memareas():
    text = generate(scenario("phidias-vdevs"))  # guest g1 on host CPUs 1 and 3
    names = re.findall(r"^__SEC_RO \S+(?: \*)? const (cpu\d_(?:memareas|vm_cpus))\[", text, re.M)
    assert names[:8] == ["cpu0_memareas", "cpu0_vm_cpus", "cpu1_memareas", "cpu1_vm_cpus",
                         "cpu2_memareas", "cpu2_vm_cpus", "cpu3_memareas", "cpu3_vm_cpus"]
    assert "__SEC_RO vm_cpu * const cpu2_vm_cpus[0] = {\n};" in text
    assert "{ 0x1a000, 32, cpu2_memareas, &cpu2_memtree, 0, NULL, {} }," in text


def test_fixed_slots():
    """xcore 12, trace 13, irqc 17 (the seed: trace 12, irqc 25)."""
    text = generate(scenario("phidias-guests"))
    cpu0 = definition(text, "cpu0_memareas").splitlines()[1:]
    assert cpu0[13].startswith("  { 0x") and "0x800000a000" in cpu0[13]  # trace
    assert "0x3f00b200, 0x8000065000" in cpu0[17]  # irqc
    assert cpu0[12] == cpu0[25] == "  { 0, 0, 0, 0, NULL },"


def test_map_offset_moves_only_the_pa():
    """irqc: offset 0x200, subsize 0x400; without subsize the size shrinks
    by the offset. Guest map of mbox (offset 0x100, subsize 0x800)."""
    tree = scenario("phidias-guests")
    text = generate(tree)
    flags = "MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D"
    assert f"  {{ 0x3f00b200, 0x8000065000, 0x400, {flags}, NULL }}," in text
    assert ("  { 0x40000100, 0x50000000, 0x800, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_D, "
            "cpu1_memareas + 24 },") in definition(text, "vm_linux1_cpu1_memareas")
    del tree.getroot().find("hypervisor/mmu/map[@xref='irqc']").attrib["subsize"]
    assert f"  {{ 0x3f00b200, 0x8000065000, 0xe00, {flags}, NULL }}," in generate(tree)


def test_trees_in_order():
    text = generate(scenario("phidias-vdevs"))
    nodes = re.findall(r"tree_memarea const (cpu1_memtree\w*) = ", text)
    # left subtree, node, right subtree: the leftmost node first, the top in between
    assert nodes[0].endswith("_l_l") and nodes[-1].endswith("_r")
    assert nodes.index("cpu1_memtree") == len([n for n in nodes if n.startswith(
        "cpu1_memtree_l")])
    # and the in-order walk is sorted by VA
    areas = definition(text, "cpu1_memareas").splitlines()[1:-1]
    slots = [int(m) for n in nodes for m in re.findall(
        rf"tree_memarea const {n} = {{ [^,]+, [^,]+, cpu1_memareas \+ (\d+) }}", text)]
    vas = [int(areas[s].split(", ")[1], 16) for s in slots]
    assert vas == sorted(vas) and len(vas) == len(set(vas))


def test_vcpus():
    """Host CPU after the cpu-state pointer; page-table identifier = the
    guest's number; hw emulates; masters by emulate slot; memareas read
    with the host CPU (vCPU 0 runs on host CPU 1, vCPU 1 on 3)."""
    text = generate(scenario("phidias-vdevs"))
    cpus = definition(text, "vm_g1_cpus")
    assert "{ &vm_g1, (vm_cpu_state *)0x8000031000, 1,\n    0x24000, 1,\n" in cpus
    assert "{ &vm_g1, (vm_cpu_state *)0x8000031000, 3,\n    0x29000, 1,\n" in cpus
    assert ("    0, vm_g1_hw_emulates,\n    vm_g1_cpu1_emulates + 3,\n"
            "    vm_g1_cpu1_emulates + 5,\n    vm_g1_cpu1_emulates + 7,\n") in cpus
    assert ("{ 0x200000, 0x80000000, 0x1000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, "
            "cpu1_memareas + 32 }") in definition(text, "vm_g1_cpu0_memareas")
    assert ("{ 0x1200000, 0x80000000, 0x1000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, "
            "cpu3_memareas + 32 }") in definition(text, "vm_g1_cpu1_memareas")
    second = generate(scenario("phidias-guests"))
    assert "(vm_cpu_state *)0x800006d000, 2,\n    0x38000, 2," in definition(second, "vm_rtos_cpus")
    assert "0x3c000, 3," in definition(second, "vm_idle_cpus")


def test_guest_part_comes_guest_by_guest():
    text = generate(scenario("phidias-guests"))
    order = re.findall(r"^__SEC_\w+ [^=\n]*?\b(vm_\w+?)(?:\[\w*\])? = ", text, re.M)
    linux = [n for n in order if n.startswith("vm_linux1")]
    assert linux[:6] == ["vm_linux1", "vm_linux1_cpus", "vm_linux1_copyins",
                         "vm_linux1_capabilities", "vm_linux1_cpu0_scheds",
                         "vm_linux1_cpu0_memareas"]
    assert linux[-1] == "vm_linux1_hw_emulates"
    assert order.index("vm_linux1_hw_emulates") < order.index("vm_rtos")


def test_capabilities():
    tree = scenario("phidias-guests")
    init = tree.getroot().find("guest[@id='linux1']/init")
    etree.SubElement(init, "cap", type="start", target_xref="idle")
    text = generate(tree)
    assert definition(text, "vm_linux1_capabilities").splitlines()[1:] == [
        "  { &vm_rtos, CAPABILITY_TYPE_IRQ, 0x5b },",
        "  { &vm_idle, CAPABILITY_TYPE_IRQ, 0x0 },",
        "  { &vm_idle, CAPABILITY_TYPE_START_DOMU, 0x0 },",
        "};"]


def test_vdev_objects():
    text = generate(scenario("phidias-vdevs"))
    assert "\n__SEC_RWS emulate_timer_sp804 vdev_g1_sp804 = {};" in text
    assert "\n__SEC_RWS emulate_clock_mpcore vdev_g1_clock = {};" in text
    assert "\n__SEC_RWS emulate_uart_pl011 vdev_g1_uart0 = {};" in text
    assert ("\n__SEC_RW emulate_irq_gic vdev_g1_gic_cpu1 = "
            "{ 0, 0, 0, 0, {}, {}, {}, {}, &vdev_g1_gic_dist, {}, 0 };") in text
    assert ("vdev_g1_vtlb_cpu0 = { VTLB_PAGING_FORMAT_ARM_SHORT, 0, 8, "
            "vdev_g1_vtlb_cpu0_instances, 2, ") in text


def test_hardware_vdevs_and_new_kinds():
    """armcp14 (no <emulate>) and arm_gic_virtext (one) are the vCPU's
    hardware; vtlb arm64:g4io40 with a paravirt value; lapic; 16550."""
    tree = scenario("phidias-vdevs")
    guest = tree.getroot().find("guest")
    gic = guest.find("vdev[@type='irq_controller']")
    gic.set("frontend", "arm_gic_virtext")
    gic.remove(gic.findall("emulate")[1])
    etree.SubElement(guest, "vdev", id="g1_cp14", type="timer", frontend="armcp14")
    text = generate(tree)
    # slots: sp804 0, twd 1, clock 2, vtlb 3, uart0 4, gic 5, uart1 6, sysregs 7, cp14 8
    assert ("__SEC_RO const emulate * const vm_g1_hw_emulates[2] = "
            "{ vm_g1_cpu0_emulates + 5, vm_g1_cpu0_emulates + 8, };") in text
    assert "    2, vm_g1_hw_emulates,\n" in definition(text, "vm_g1_cpus")
    assert "{ 0, 0, EMULATE_TYPE_TIMER_ARMCP14, { &vdev_g1_cp14_cpu1 }, 0 }," in text
    assert "EMULATE_TYPE_IRQ_GIC_VIRTEXT, { &vdev_g1_gic_cpu0 }, 0 }" in text
    assert "__SEC_RW emulate_timer_armcp14 vdev_g1_cp14_cpu0 = {};" in text


def test_vtlb_arm64_pools():
    tree = scenario("phidias-vdevs")
    vtlb = tree.getroot().find("guest/vdev[@type='vtlb']")
    vtlb.set("frontend", "arm64:g4io40")
    params = vtlb.findall("param")
    for _ in range(2):
        etree.SubElement(vtlb, "param", type="backing", xref=params[1].get("xref"))
    etree.SubElement(vtlb, "value", type="paravirt", value="0x1")
    text = generate(tree)
    assert "vdev_g1_vtlb_cpu1 = { VTLB_PAGING_FORMAT_ARM64_G4IO40, 1, 8, " in text
    pools = definition(text, "vdev_g1_vtlb_cpu1_levelpools")
    # dirsize, entry size (log2), shift: 40 - (4-3) = 39, then 30, 21, 12
    shifts = re.findall(r"\{ (\d+), (\d+), 0x[0-9a-f]+, \w+, (\d+),", pools)
    assert shifts == [("4", "3", "39"), ("12", "3", "30"), ("12", "3", "21"),
                      ("12", "3", "12")]


@pytest.mark.parametrize("frontend, message", [
    ("arm:long", "vdev frontend: unknown vtlb paging format 'arm:long' of vdev 'g1_vtlb' "
                 "(known: arm:short, x86:legacy, x86:long, arm64:g4io40)"),
])
def test_vtlb_unknown_format(frontend, message):
    tree = scenario("phidias-vdevs")
    vtlb = tree.getroot().find("guest/vdev[@type='vtlb']")
    vtlb.set("frontend", frontend)
    with pytest.raises(SchismError) as e:
        generate(tree)
    assert str(e.value).endswith(f": error: {message}")


def test_irq_header_only_with_an_irq_vdev():
    """Fix: without an irq_controller vdev the build enables no irq
    emulation, and emulate/irq.h does not compile under -Werror then."""
    tree = scenario("phidias-guests")
    assert "#include <emulate/irq.h>\n" in generate(tree)
    for vdev in tree.getroot().findall("guest/vdev[@type='irq_controller']"):
        vdev.getparent().remove(vdev)
    text = generate(tree)
    assert "emulate/irq.h" not in text and "#include <emulate/timer.h>\n" in text


def test_x86_arch_specification_is_not_generated():
    tree = scenario("phidias-guests")
    tree.getroot().find("platform/arch").set("id", "x86")
    with pytest.raises(SchismError) as e:
        generate(tree)
    assert "error: arch id: the phidias-v0.010 CBI does not generate x86's" in str(e.value)


def test_seed_cbi_unchanged_by_the_shared_code():
    """The same input through the seed CBI still gives the seed's shape."""
    text = cbi.lookup("phidias").generate_config(load("phidias-guests"), 2)
    assert "interrupts.h" not in text and "__SEC_" not in text
    assert "uint32_t __placeholder_rws = 0x7ee1beef;" in text
