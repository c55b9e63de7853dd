"""Stage -1 and stage 0 of the phidias-v0.010 CBI: Makeconf as that
Phidias' precompilation tool writes it, and the variables core/Makefile
needs on make's command line (SHELL, EXEC_BASE_ADDR)."""

from __future__ import annotations

import pytest
from lxml import etree
from support import run_cli

from schism import cbi
from schism.errors import SchismError
from schism.xmlio import parse_bytes

CBI = cbi.lookup("phidias-v0.010")

SCENARIO = """<scenario version="1.00" cbi="phidias-v0.010" image="raw">
  <platform board="raspberrypi3" arch="{arch}"/>
  <hypervisor ncpus="1" load_base="0x80000"{exec_base}>
    <feature name="driver:irq" value="bcm283x"/>
    <feature name="debugger" value="yes"/>
    <feature name="tracer" value="yes"/>
    <feature name="multiplexer" value="no"/>
    <feature name="arch_width" value="64"/>
    <feature name="virt_type" value="vmx"/>
    <feature name="tweak" value="rpi3_no_armstub"/>
    <feature name="colour" value="blue"/>
    <mmu type="{mmu}" format="arm64:g4io40"/>
  </hypervisor>
  <guest id="a" ncpus="1">
    <vdev id="a_uart" type="serial" frontend="pl011"/>
    <vdev id="a_vtlb" type="vtlb" frontend="arm64:g4io40"/>
    <vdev id="a_nope" type="serial" frontend="8250"/>
  </guest>
  <guest id="b" ncpus="1">
    <vdev id="b_gic" type="irq_controller" frontend="arm_gic_virtext"/>
    <vdev id="b_uart" type="serial" frontend="pl011"/>
    <vdev id="b_mem" type="memory32" frontend="anything"/>
  </guest>
</scenario>
"""


def scenario(arch="arm64", exec_base="", mmu="hardware") -> etree._ElementTree:
    text = SCENARIO.format(arch=arch, exec_base=exec_base, mmu=mmu)
    return parse_bytes(text.encode(), "s.xml")


@pytest.fixture(autouse=True)
def cross(monkeypatch):
    monkeypatch.setenv("CROSS_COMPILE", "aarch64-linux-gnu-")


def test_makeconf_lines_in_the_forks_order():
    assert CBI.makeconf(scenario()).splitlines() == [
        "ARCH := arm64",
        "PLATFORM := raspberrypi3",
        "TARGET_PREFIX := aarch64-linux-gnu-",
        "FEATURE_AS_MMU := yes",
        # features in document order; unknown names are not written
        "IRQ_DRIVER_BCM283X := yes",
        "FEATURE_DEBUG := yes",
        "FEATURE_TRACE := yes",
        "FEATURE_MULTIPLEXER := no",
        "FEATURE_ARCH_WIDTH := 64",
        "FEATURE_VIRT_TYPE_VMX := yes",
        "CONFIG_TWEAK_RPI3_NO_ARMSTUB := yes",
        # one line per vdev, guest by guest (an unknown kind: stage 3 says so)
        "EMULATE_UART_PL011 := yes",
        "EMULATE_VTLB := yes",
        "EMULATE_IRQ_GIC := yes",
        "EMULATE_UART_PL011 := yes",
        "EMULATE_MEMORY32 := yes",
        "# exec_base 0xf40000000: passed to make as EXEC_BASE_ADDR (schism, stage 0)",
    ]


@pytest.mark.parametrize("mmu, line", [("hardware", "FEATURE_AS_MMU := yes"),
                                       ("mmu", "FEATURE_AS_MMU := yes"),
                                       ("mpu", "FEATURE_AS_MPU := yes"), ("none", None)])
def test_address_space_feature(mmu, line):
    lines = CBI.makeconf(scenario(mmu=mmu)).splitlines()
    assert lines[3] == (line or "IRQ_DRIVER_BCM283X := yes")


def test_make_variables_default_exec_base():
    assert CBI.hypervisor_make_variables(scenario()) == {
        "SHELL": "/bin/bash", "EXEC_BASE_ADDR": "0xf40000000"}


@pytest.mark.parametrize("given, written", [("0x7f00000000", "0x7f00000000"),
                                            ("0X7F00001000", "0x7f00001000"),
                                            ("f40000000", "0xf40000000")])
def test_make_variables_exec_base_from_the_scenario(given, written):
    tree = scenario(exec_base=f' exec_base="{given}"')
    assert CBI.hypervisor_make_variables(tree)["EXEC_BASE_ADDR"] == written
    assert f"# exec_base {written}: " in CBI.makeconf(tree)


@pytest.mark.parametrize("exec_base, arch, message", [
    (' exec_base="0xf4000 $(x)"', "arm64", "hypervisor exec_base: '0xf4000 $(x)' is not a "
                                           "hexadecimal number"),
    (' exec_base="0xf40000800"', "arm64", "hypervisor exec_base: 0xf40000800 is not a multiple "
                                          "of 0x1000 (the hypervisor's first page starts there)"),
    ("", "arm", "hypervisor exec_base: missing (the phidias-v0.010 CBI has a default only for "
                "arch arm64, not 'arm'; give the virtual address the hypervisor is linked at)"),
])
def test_bad_exec_base_is_a_located_error(exec_base, arch, message):
    for call in (CBI.hypervisor_make_variables, CBI.makeconf):
        with pytest.raises(SchismError) as e:
            call(scenario(arch=arch, exec_base=exec_base))
        assert str(e.value) == f"s.xml:3: error: {message}"


def test_feature_values_that_become_variable_names_are_checked():
    tree = scenario()
    tree.getroot().find("hypervisor/feature").set("value", "bcm 283x")
    with pytest.raises(SchismError) as e:
        CBI.makeconf(tree)
    assert str(e.value) == ("s.xml:4: error: feature value: 'bcm 283x' of feature 'driver:irq' "
                            "becomes part of a make variable name (letters, digits and '_' only)")
    tree = scenario()
    tree.getroot().find("hypervisor/feature[@name='arch_width']").set("value", "0x40")
    with pytest.raises(SchismError) as e:
        CBI.makeconf(tree)
    assert str(e.value) == "s.xml:8: error: feature value: '0x40' is not a decimal number"


def test_precompile_writes_it(tmp_path, capsys):
    (tmp_path / "scenario.xml").write_text(SCENARIO.format(arch="arm64", exec_base="",
                                                           mmu="hardware"))
    rc, err = run_cli(capsys, "precompile", tmp_path)
    assert rc == 0, err
    assert (tmp_path / "Makeconf").read_text() == CBI.makeconf(scenario())


def test_registered_and_installed():
    assert "phidias-v0.010" in cbi.known()
    assert CBI.hypervisor_elf == "phidias.elf" and cbi.hypervisor_elf("phidias-v0.010") == (
        "phidias.elf")
    assert CBI.default_hypervisor.is_file() and CBI.config_linker_script.is_file()
    assert (CBI.xmllib / "arch_arm64.xml").is_file()
    root = etree.parse(str(CBI.default_hypervisor)).getroot()
    xcore = root.find("memreq[@id='xcore']")
    assert xcore is not None and xcore.get("size") == "0x40000"
