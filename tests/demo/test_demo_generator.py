"""The demo CBI's configuration generator and Makeconf: values, and one test
per error rule (message and location)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree
from support import line_of, run_cli

from schism import cbi, xmlio
from schism.cbi.demo import DemoCBI, layout
from schism.cbi.demo.generator import collect
from schism.errors import SchismError

from .helpers import Built

CBI = DemoCBI()


def test_registry_resolves_demo():
    plugin = cbi.lookup("demo")
    assert isinstance(plugin, DemoCBI) and plugin.name == "demo"
    assert plugin.default_hypervisor.name == "default_hypervisor_demo.xml"
    assert plugin.config_linker_script.is_file()


def test_final_values(demo_raw: Built):
    cfg = collect(xmlio.parse_file(demo_raw.o / "scenario_pagetables.xml"), 2)
    assert (cfg.config_pa, cfg.config_va) == (demo_raw.base("config_r"),
                                              demo_raw.map_va("config_r"))
    assert cfg.init_table == demo_raw.table(-1)
    assert cfg.cpu_tables == [demo_raw.table(0), demo_raw.table(1)]
    assert cfg.image_size == demo_raw.base("blob") + 0x3000 - demo_raw.load_base
    header = cfg.header()
    assert cfg.memareas[header["uart_index"]].pa == 0x09000000
    assert cfg.memareas[header["stack_index"]].name == "stack"
    assert [m.name for m in cfg.memareas if m.name.startswith("guest")] == \
        ["guest1_ram", "guest1_page"]  # guest2's maps are CPU 1's only
    hello, payload = cfg.files
    assert (hello.va, payload.va) == (demo_raw.map_va("blob"), demo_raw.map_va("blob") + 0x138)


def test_iteration_1_is_zero_where_unknown(demo_raw: Built):
    cfg = collect(xmlio.parse_file(demo_raw.o / "scenario_reparented.xml"), 1)
    assert (cfg.config_pa, cfg.config_va, cfg.init_table, cfg.image_size) == (0, 0, 0, 0)
    assert cfg.cpu_tables == [0, 0]
    assert all(f.va == f.size == f.crc32 == 0 for f in cfg.files)


def test_source_is_reproducible(demo_raw: Built):
    tree = xmlio.parse_file(demo_raw.o / "scenario_pagetables.xml")
    text = CBI.generate_config(tree, 2)
    assert text == CBI.generate_config(tree, 2)
    assert text == (demo_raw.o / "scenario_config_real.c").read_text()
    code = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    assert "*" not in code and "&" not in code  # plain data: no pointers


# --- errors ------------------------------------------------------------------------


def _final(demo_raw: Built, tmp_path: Path) -> tuple[Path, etree._ElementTree]:
    """A copy of the final scenario and its payloads, to break."""
    for name in ("scenario_pagetables.xml", "hello.txt", "payload.bin"):
        shutil.copyfile(demo_raw.o / name, tmp_path / name)
    path = tmp_path / "scenario_pagetables.xml"
    return path, xmlio.parse_file(path)


def _error(tree: etree._ElementTree, iteration: int = 2) -> str:
    with pytest.raises(SchismError) as e:
        CBI.generate_config(tree, iteration)
    return str(e.value)


def _at(path: Path, element: etree._Element) -> str:
    return f"{path}:{element.sourceline}: error: "


def test_error_map_without_base(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    m = tree.find("hypervisor/mmu/map[@xref='stack']")
    del m.attrib["base"]
    assert _error(tree) == _at(path, m) + \
        "map base: no value for CPU 0 (run the layout stages first)"


def test_error_no_init_table(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    mmu = tree.find("hypervisor/mmu")
    mmu.set("base", "[0]=0x40210000;[1]=0x40216000")
    assert _error(tree) == _at(path, mmu) + \
        "mmu base: no value for CPU -1 in '[0]=0x40210000;[1]=0x40216000'"


def test_error_bad_hex(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    m = tree.find("hypervisor/mmu/map[@xref='blob']")
    m.set("base", "0xzz")
    assert _error(tree) == _at(path, m) + "map base: '0xzz' is not a hexadecimal number"


def test_error_bad_ncpus(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    hv = tree.find("hypervisor")
    hv.set("ncpus", "two")
    assert _error(tree) == _at(path, hv) + "hypervisor ncpus: 'two' is not a decimal number"


def test_error_bad_cpumap(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    m = tree.find("hypervisor/mmu/map[@xref='guest1_ram']")
    m.set("cpumap", "0,1")
    assert _error(tree).startswith(_at(path, m) + "map cpumap: '0,1' is not a CPU list")


def test_error_unknown_xref(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    m = tree.find("hypervisor/mmu/map[@xref='blob']")
    m.set("xref", "payload")  # a file id, not a memreq or device
    assert _error(tree) == _at(path, m) + "map xref: 'payload' is no memreq or device"


def test_error_no_hypervisor(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    root = tree.getroot()
    root.remove(root.find("hypervisor"))
    assert _error(tree) == _at(path, root) + "scenario: no <hypervisor> with an <mmu>"


def test_error_no_config_r_map(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    mmu = tree.find("hypervisor/mmu")
    mmu.remove(mmu.find("map[@xref='config_r']"))
    assert _error(tree) == _at(path, mmu) + ('mmu: no <map xref="config_r">: the demo '
                                             "hypervisor cannot find its configuration")


def test_error_file_without_blob_map(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    mmu = tree.find("hypervisor/mmu")
    mmu.remove(mmu.find("map[@xref='blob']"))
    f = tree.find("files/file")
    assert _error(tree) == _at(path, f) + \
        'file: the hypervisor has no <map xref="blob"> to reach it through'


def test_error_no_blob_memreq(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    root = tree.getroot()
    root.remove(root.find("files"))
    mmu = tree.find("hypervisor/mmu")
    mmu.remove(mmu.find("map[@xref='blob']"))
    blob = tree.find(".//memreq[@id='blob']")
    blob.getparent().remove(blob)
    hv = tree.find("hypervisor")
    assert _error(tree) == _at(path, hv) + 'hypervisor: no <memreq id="blob">: the image has no end'


def test_error_file_changed_since_measured(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    (tmp_path / "hello.txt").write_text("changed\n")
    f = tree.find("files/file[@id='hello']")
    assert _error(tree) == _at(path, f) + (
        f"file size: {tmp_path / 'hello.txt'} has 0x8 bytes now, measured 0x138 "
        "(rerun from stage 4)")


def test_error_file_missing(demo_raw, tmp_path):
    path, tree = _final(demo_raw, tmp_path)
    (tmp_path / "payload.bin").unlink()
    f = tree.find("files/file[@id='payload']")
    assert _error(tree) == _at(path, f) + \
        f"file href: {tmp_path / 'payload.bin'} does not exist"


def test_error_bad_iteration(demo_raw, tmp_path):
    _, tree = _final(demo_raw, tmp_path)
    assert _error(tree, 3) == "error: generate-config: iteration 3 is not 1 or 2"


def test_error_through_the_cli_leaves_no_output(demo_raw, tmp_path, capsys):
    path, tree = _final(demo_raw, tmp_path)
    tree.find("hypervisor/mmu/map[@xref='stack']").attrib.pop("base")
    xmlio.write_atomic(path, xmlio.serialize(tree))
    rc, err = run_cli(capsys, "generate-config", tmp_path, "2")
    assert rc == 1
    line = line_of(path, 'xref="stack"')
    assert f"{path}:{line}: error: map base: no value for CPU 0" in err
    assert not (tmp_path / "scenario_config_real.c").exists()


# --- Makeconf ------------------------------------------------------------------------

SCENARIO = """<scenario version="1.00" cbi="demo" image="raw">
  <platform board="qemu_virt_arm64" arch="{arch}"/>
  <hypervisor ncpus="1" load_base="0x40200000">
    <mmu type="hardware" format="arm64:g4io40"/>
  </hypervisor>
</scenario>
"""


def _scenario(tmp_path: Path, arch: str = "arm64") -> tuple[Path, etree._ElementTree]:
    path = tmp_path / "scenario.xml"
    path.write_text(SCENARIO.format(arch=arch))
    return path, xmlio.parse_file(path)


def test_makeconf(tmp_path, monkeypatch):
    monkeypatch.setenv("CROSS_COMPILE", "aarch64-test-")
    _, tree = _scenario(tmp_path)
    assert CBI.makeconf(tree) == (
        "# Build configuration of the demo hypervisor (schism demo CBI, stage -1)\n"
        "ARCH := arm64\nPLATFORM := qemu_virt_arm64\nCROSS_COMPILE := aarch64-test-\n")


def test_makeconf_without_cross_compiler(tmp_path, monkeypatch):
    monkeypatch.delenv("CROSS_COMPILE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    _, tree = _scenario(tmp_path)
    assert CBI.makeconf(tree).splitlines()[-1] == \
        "# no cross compiler on PATH: `make install` uses the committed demo.elf"


def test_makeconf_error_other_arch(tmp_path):
    path, tree = _scenario(tmp_path, "arm")
    with pytest.raises(SchismError) as e:
        CBI.makeconf(tree)
    assert str(e.value) == (f"{path}:2: error: platform arch: the demo hypervisor runs on "
                            "arm64 only, not 'arm'")


def test_makeconf_error_no_platform(tmp_path):
    path = tmp_path / "scenario.xml"
    path.write_text('<scenario version="1.00" cbi="demo" image="raw"/>\n')
    with pytest.raises(SchismError) as e:
        CBI.makeconf(xmlio.parse_file(path))
    assert str(e.value) == f"{path}:1: error: scenario: no <platform>"


def test_layout_none_when_absent():
    cfg = layout.Config(cpu_tables=[0])
    assert cfg.header()["uart_index"] == layout.NONE
