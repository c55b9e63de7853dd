"""Every error of the Phidias generator: one located line, no output file
(docs/phidias.md "Errors"; the fix for per-offset memory32 values)."""

from __future__ import annotations

import pytest
from lxml import etree
from support import line_of, run_cli
from support.fixtures import EPOCH

from schism import cbi, xmlio
from schism.errors import SchismError
from schism.ext import values

from .helpers import prepared


def _vdev(root: etree._Element, ident: str) -> etree._Element:
    return root.find(f".//vdev[@id='{ident}']")


def _set(ident: str, **attrs: str):
    def edit(root):
        for k, v in attrs.items():
            _vdev(root, ident).set(k, v)
    return edit


def _drop_emulate(ident: str):
    def edit(root):
        v = _vdev(root, ident)
        v.remove(v.find("emulate"))
    return edit


def _add_value(ident: str, vtype: str, value: str, offset: str = "0x8"):
    def edit(root):
        etree.SubElement(_vdev(root, ident), "value", type=vtype, offset=offset, value=value)
    return edit


def _set_value(ident: str, vtype: str, value: str):
    def edit(root):
        _vdev(root, ident).find(f"value[@type='{vtype}']").set("value", value)
    return edit


def _drop_param(ident: str):
    def edit(root):
        v = _vdev(root, ident)
        v.remove(v.find("param"))
    return edit


def _param_without_xref(ident: str):
    def edit(root):
        del _vdev(root, ident).find("param").attrib["xref"]
    return edit


def _add_param(ident: str):
    def edit(root):
        etree.SubElement(_vdev(root, ident), "param", type="note", value="0x1")
    return edit


CASES = [
    ("unknown-type", _set("g1_sp804", type="watchdog"), 'vdev id="g1_sp804"',
     "vdev type: unknown type 'watchdog' of vdev 'g1_sp804' (known: clock, irq_controller, "
     "memory32, serial, timer, vtlb)"),
    ("unknown-frontend", _set("g1_uart0", frontend="cadence"), 'vdev id="g1_uart0"',
     "vdev frontend: unknown serial frontend 'cadence' of vdev 'g1_uart0' (known: 16550, pl011)"),
    ("no-generator", _set("g1_uart0", frontend="16550"), 'vdev id="g1_uart0"',
     "vdev frontend: serial vdev 'g1_uart0': frontend '16550' has no generator "
     "(the original Phidias CBI has none)"),
    ("emulate-count", _drop_emulate("g1_gic"), 'vdev id="g1_gic"',
     "vdev emulate: irq_controller vdev 'g1_gic' (arm_gic) needs 2 <emulate>, has 1"),
    ("emulate-count-timer", _drop_emulate("g1_twd"), 'vdev id="g1_twd"',
     "vdev emulate: timer vdev 'g1_twd' (mpcore) needs 1 <emulate>, has 0"),
    ("vtlb-format", _set("g1_vtlb", frontend="arm:long"), 'vdev id="g1_vtlb"',
     "vdev frontend: unknown vtlb paging format 'arm:long' of vdev 'g1_vtlb' (known: arm:short)"),
    ("vtlb-params", _drop_param("g1_vtlb"), 'vdev id="g1_vtlb"',
     "vdev param: vtlb vdev 'g1_vtlb' (arm:short) needs 2 <param> (one per level), has 1"),
    # the original counted every <param>, with or without xref
    ("vtlb-params-any-type", _add_param("g1_vtlb"), 'vdev id="g1_vtlb"',
     "vdev param: vtlb vdev 'g1_vtlb' (arm:short) needs 2 <param> (one per level), has 3"),
    ("vtlb-param-xref", _param_without_xref("g1_vtlb"), '<param type="pool"/>',
     "param xref: vtlb vdev 'g1_vtlb': a level's <param> needs an xref (its backing memreq)"),
    ("memory32-per-offset", _add_value("g1_sysregs", "mask_hw_w", "0x0"), 'type="mask_hw_w"',
     "value value: memory32 vdev 'g1_sysregs': per-offset mask_hw_w values are not supported "
     "(0x0 at offset 0x8 differs from the default 0xff)"),
    # the original wrote them into the uint32_t fields of emulate_memory, where
    # gcc rejected them (bench/fuzz.py seed 8080 run 175)
    ("memory32-default-width", _set_value("g1_sysregs", "default_mask_hw_w", "0x100000000"),
     'type="default_mask_hw_w"',
     "value value: memory32 vdev 'g1_sysregs': default_mask_hw_w 0x100000000 does not fit "
     "its 32-bit register (at most 0xffffffff)"),
]


@pytest.mark.parametrize("edit, needle, message", [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
@pytest.mark.parametrize("iteration", ["1", "2"])
def test_vdev_errors(tmp_path, capsys, monkeypatch, iteration, edit, needle, message):
    name = "scenario_reparented.xml" if iteration == "1" else "scenario_pagetables.xml"
    path = prepared(tmp_path, "phidias-vdevs", edit, name)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    rc, err = run_cli(capsys, "generate-config", tmp_path, iteration)
    assert rc == 1
    assert err.strip() == f"{path}:{line_of(path, needle)}: error: {message}"
    assert not list(tmp_path.glob("*.c")) and not list(tmp_path.glob(".*tmp"))


def test_memory32_hardware_beyond_the_word(tmp_path, capsys, monkeypatch):
    """The hardware pointer of emulate_memory (its `hardware` params' map
    bases + hardware_offset) within the arch's addresses: the original wrote
    the sum into C, where gcc rejected it (iteration 2, the map laid out)."""
    offset = 0xFFFF_FFFF_FFFF_FFFF
    path = prepared(tmp_path, "phidias-vdevs",
                    _set_value("g1_sysregs", "hardware_offset", hex(offset)))
    serial = xmlio.parse_file(path).find("hypervisor/mmu/map[@xref='serial']")
    hw = values.parse_table(serial.get("base")).get(-1) or 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    rc, err = run_cli(capsys, "generate-config", tmp_path, "2")
    assert rc == 1 and hw > 0
    line = line_of(path, 'type="hardware_offset"')
    assert err.strip() == (
        f"{path}:{line}: error: value value: memory32 "
        f"vdev 'g1_sysregs': its hardware at {hex(hw + offset)} lies above the 64-bit "
        "addresses of arch 'arm64'")
    assert not list(tmp_path.glob("*.c")) and not list(tmp_path.glob(".*tmp"))


def _guest(root, ident):
    return root.find(f"guest[@id='{ident}']")


def _cap_type(root):
    _guest(root, "linux1").find("init/cap").set("type", "irq")


def _cap_target(root):
    _guest(root, "linux1").find("init/cap").set("target_xref", "linux1_main")


def _copy_dref(root):
    hv_mmu = root.find("hypervisor/mmu")
    hv_mmu.remove(hv_mmu.find("map[@xref='linux1_main']"))


def _arch_page(root):
    hv_mmu = root.find("hypervisor/mmu")
    hv_mmu.remove(hv_mmu.find("map[@xref='idle_arch']"))


def _entry(root):
    _guest(root, "rtos").find("entry").set("bp_xref", "rtos_arch")
    mmu = _guest(root, "rtos").find("mmu")
    mmu.remove(mmu.find("map[@xref='rtos_arch']"))


def _entry_offset(root):
    _guest(root, "linux1").find("entry").set("bp_offset", "0xffffffffffffffff")


def _copy_at(offset: str):
    def edit(root):
        _guest(root, "linux1").find("init/copy[@xref='dtb']").set("offset", offset)
    return edit


GUEST_CASES = [
    ("cap-type", _cap_type, '<cap type="irq"',
     "cap type: unknown capability type 'irq' (known: ipc)"),
    ("copy-dref", _copy_dref, 'dref="linux1_main" offset="0x80000"',
     "copy dref: the hypervisor <mmu> has no map of 'linux1_main'"),
    ("arch-page", _arch_page, 'init arch_page="idle_arch"',
     "init arch_page: the hypervisor <mmu> has no map of 'idle_arch'"),
    ("entry", _entry, 'bp_xref="rtos_arch"',
     "entry bp_xref: guest 'rtos' has no map of 'rtos_arch'"),
    # the original wrote the sum into C, where gcc rejected it (bench/fuzz.py
    # seed 2718 run 1710)
    ("entry-beyond-word", _entry_offset, 'bp_offset="0xffffffffffffffff"',
     "entry bp_offset: the entry point 0x1000000003fffffff of guest 'linux1' lies above the "
     "64-bit addresses of arch 'arm64'"),
    # the dtb (0xbb8 bytes) one byte past the end of linux1_main (0x4000000):
    # the hypervisor would copy over what lies behind it
    ("copy-past-its-memreq", _copy_at("0x3fff449"), 'xref="dtb" dref="linux1_main"',
     "copy offset: the copy of 'dtb' (0xbb8 bytes at offset 0x3fff449) ends at 0x4000001, "
     "past the end of memreq 'linux1_main' (0x4000000 bytes)"),
]


@pytest.mark.parametrize("edit, needle, message", [c[1:] for c in GUEST_CASES],
                         ids=[c[0] for c in GUEST_CASES])
def test_guest_errors(tmp_path, capsys, edit, needle, message):
    path = prepared(tmp_path, "phidias-guests", edit)
    rc, err = run_cli(capsys, "generate-config", tmp_path, "2")
    assert rc == 1
    assert err.strip() == f"{path}:{line_of(path, needle)}: error: {message}"
    assert not (tmp_path / "scenario_config_real.c").exists()
    assert not (tmp_path / "config_base.lds").exists()


def test_a_copy_that_ends_at_its_memreq_end_fits(tmp_path, capsys, monkeypatch):
    prepared(tmp_path, "phidias-guests", _copy_at("0x3fff448"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    rc, err = run_cli(capsys, "generate-config", tmp_path, "2")
    assert rc == 0, err
    assert "{ 0x41ff448, " in (tmp_path / "scenario_config_real.c").read_text()


def test_iteration_1_knows_no_file_size(tmp_path, capsys):
    """Before measure a file has no size: only a copy offset past the
    memreq's end is wrong, and the message says no size."""
    path = prepared(tmp_path, "phidias-guests", _copy_at("0x4000001"),
                    "scenario_reparented.xml")
    rc, err = run_cli(capsys, "generate-config", tmp_path, "1")
    assert rc == 1
    line = line_of(path, 'xref="dtb" dref')
    assert err.strip() == (
        f"{path}:{line}: error: copy offset: the copy of 'dtb' at "
        "offset 0x4000001 starts past the end of memreq 'linux1_main' (0x4000000 bytes)")


def test_cap_target_not_a_guest(tmp_path):
    """The validator rejects this first; the generator still says it itself
    when called on an unvalidated tree."""
    path = prepared(tmp_path, "phidias-guests", _cap_target)
    tree = xmlio.parse_file(path)
    with pytest.raises(SchismError) as e:
        cbi.lookup("phidias").generate_config(tree, 2)
    line = line_of(path, 'target_xref="linux1_main"')
    assert str(e.value) == f"{path}:{line}: error: cap target_xref: 'linux1_main' is not a guest"


def test_unknown_cbi(tmp_path, capsys):
    path = prepared(tmp_path, "phidias-guests", lambda root: root.set("cbi", "xen"))
    rc, err = run_cli(capsys, "generate-config", tmp_path, "2")
    assert rc == 1
    assert err.strip().startswith(f"{path}:1: error: scenario cbi: unknown CBI 'xen' (known: ")
    assert "phidias" in err


def test_config_r_map_without_base(tmp_path, capsys):
    def edit(root):
        del root.find("hypervisor/mmu/map[@xref='config_r']").attrib["base"]
    path = prepared(tmp_path, "phidias-guests", edit)
    rc, err = run_cli(capsys, "generate-config", tmp_path, "2")
    assert rc == 1
    line = line_of(path, 'map xref="config_r"')
    assert err.strip() == (f"{path}:{line}: error: map base: the config_r map has no base "
                           "(run stage 6 first)")
    assert not (tmp_path / "scenario_config_real.c").exists()


def test_missing_input(tmp_path, capsys):
    rc, err = run_cli(capsys, "generate-config", tmp_path, "1")
    assert rc == 1
    assert "scenario_reparented.xml does not exist" in err
