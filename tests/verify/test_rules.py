"""verify, check 2: each isolation rule on a consistent build (pt-arm64's
stage-7 input edited, then stage 7) that breaks only that rule; the message
names both parties and is located at the map at fault."""

from __future__ import annotations

import pytest
from support import line_of

from schism import verify
from schism.verify.rules import is_private

from .helpers import rebuild

VM2_MAP = '<map xref="vm2_main" base="0x0" flags="rwx"/>'


def findings(build) -> list[str]:
    return [f.line() for f in verify.verify(build).findings]


def at(build, needle: str, level: str = "error") -> str:
    """The start of a finding's line: `FILE:LINE: error: ` or, for a warning,
    the located WARN line `WARN: FILE:LINE: `."""
    xml = build / "scenario_pagetables.xml"
    where = f"{xml}:{line_of(xml, needle)}: "
    return f"WARN: {where}" if level == "warning" else f"{where}{level}: "


def test_the_unedited_case_breaks_no_rule(tmp_path):
    result = verify.verify(rebuild("pt-arm64", tmp_path))
    assert [f.line() for f in result.findings] == []
    assert [(s.first.space.name, s.second.space.name, s.declared) for s in result.shared] == []


@pytest.mark.parametrize("xref, pa", [
    ("core_rx", "0x0-0x1fff (8 KiB)"), ("pagetables", "0x10000-0x6ffff (384 KiB)")])
def test_guest_maps_hypervisor_private_memory(tmp_path, xref, pa):
    mine = f'<map xref="{xref}" base="0x80000000" flags="r"/>'
    build = rebuild("pt-arm64", tmp_path, (VM2_MAP, VM2_MAP + mine))
    size = "0x80001fff" if xref == "core_rx" else "0x8005ffff"
    assert findings(build) == [
        at(build, mine) + f"map xref: guest vm2 maps hypervisor-private memreq {xref}, PA {pa}, "
        f"at VA 0x80000000-{size} (map of {xref}) (table vm2:0)"]


@pytest.mark.parametrize("rid, private", [
    ("core_rw", True), ("config_r", True), ("pagetables", True), ("stack", True),
    ("trace", True), ("core", False), ("configuration", False), ("stacks", False),
    ("hvlog", False)])
def test_private_ids(rid, private):
    region = verify.spaces.Region(rid, "memreq", 0, 0x1000, "hypervisor", None, None)
    assert is_private(region) is private
    device = verify.spaces.Region(rid, "device", 0, 0x1000, "device", None, None)
    assert is_private(device) is False


def test_hypervisor_writable_and_executable(tmp_path):
    old = '<map xref="percpu" base="0x8000200000" flags="rwg"/>'
    new = '<map xref="percpu" base="0x8000200000" flags="rwxg"/>'
    build = rebuild("pt-arm64", tmp_path, (old, new))
    assert findings(build) == [
        at(build, new) + "map flags: the hypervisor maps memreq percpu[0], PA "
        "0x200000-0x3fffff (2 MiB), writable and executable (rwxg---) at VA "
        "0x8000200000-0x80003fffff (map of percpu[0]) (table hv:0)",
        at(build, new) + "map flags: the hypervisor maps memreq percpu[1], PA "
        "0x400000-0x5fffff (2 MiB), writable and executable (rwxg---) at VA "
        "0x8000200000-0x80003fffff (map of percpu[1]) (table hv:1)"]


def test_hypervisor_writable_alias_of_code(tmp_path):
    core = '<map xref="core_rx" base="0x8000000000" flags="rxg" is_init="is_init"/>'
    alias = '<map xref="core_rx" base="0x8000500000" flags="rwg"/>'
    build = rebuild("pt-arm64", tmp_path, (core, core + alias))
    lines = findings(build)
    assert lines == [
        at(build, alias) + "map flags: the hypervisor maps memreq core_rx, PA 0x0-0x1fff "
        "(8 KiB), writable at VA 0x8000500000-0x8000501fff (map of core_rx) and executable "
        "at VA 0x8000000000-0x8000001fff (map of core_rx) (tables hv:0, hv:1)"]


def test_device_mapped_without_d(tmp_path):
    old = '<map xref="uart" base="0x8000010000" cpumap="[0]" flags="wrgd"/>'
    new = '<map xref="uart" base="0x8000010000" cpumap="[0]" flags="wrg"/>'
    build = rebuild("pt-arm64", tmp_path, (old, new))
    assert findings(build) == [
        at(build, new) + "map flags: the hypervisor maps device uart, PA 0x9000000-0x9000fff "
        "(4 KiB), without d (rw-g---) at VA 0x8000010000-0x8000010fff (map of uart) "
        "(table hv:0)"]


def test_guest_device_without_d(tmp_path):
    old = '<map xref="gicv" base="0x8010000" offset="0x2000" subsize="0x2000" flags="rwd"/>'
    new = '<map xref="gicv" base="0x8010000" offset="0x2000" subsize="0x2000" flags="rw"/>'
    build = rebuild("pt-arm64", tmp_path, (old, new))
    assert findings(build) == [
        at(build, new) + "map flags: guest vm1 maps device gicv, PA 0x8012000-0x8013fff "
        "(8 KiB), without d (rw-----) at VA 0x8010000-0x8011fff (map of gicv+0x2000) "
        "(tables vm1:0, vm1:1)"]


def test_ram_mapped_with_d(tmp_path):
    old = '<map xref="shm" base="0x8000102000" flags="rwgs"/>'
    new = '<map xref="shm" base="0x8000102000" flags="rwgds"/>'
    build = rebuild("pt-arm64", tmp_path, (old, new))
    assert findings(build) == [
        at(build, new) + "map flags: the hypervisor maps RAM of memory dram (memreq shm, PA "
        "0x72000-0x73fff (8 KiB)) with d (rw-gd-s) at VA 0x8000102000-0x8000103fff "
        "(map of shm) (tables hv:0, hv:1)"]


def test_undeclared_sharing_is_a_warning_naming_both_guests(tmp_path):
    mine = '<map xref="vm1_main" base="0x80000000" flags="rw"/>'
    build = rebuild("pt-arm64", tmp_path, (VM2_MAP, VM2_MAP + mine))
    # vm2 runs on CPU 1, so it maps CPU 1's copy, the one vm1's vCPU 0 uses
    lines = findings(build)
    assert lines == [
        at(build, mine, "warning") + "map xref: guests vm1 and vm2 both map memreq "
        "vm1_main[1], PA 0x80000000-0x803fffff (4 MiB): vm1 at VA 0x40000000-0x403fffff "
        "(map of vm1_main[1], rwx----), vm2 at VA 0x80000000-0x803fffff (map of vm1_main[1], "
        "rw-----); not declared shared (s) by vm1 and vm2 (tables vm1:0, vm2:0)"]
    out = verify.verify(build)
    assert out.errors == 0 and len(out.shared) == 1


def test_sharing_declared_by_both_maps_is_counted_not_warned(tmp_path):
    mine = '<map xref="shm" base="0x80000000" flags="rws"/>'
    build = rebuild("pt-arm64", tmp_path, (VM2_MAP, VM2_MAP + mine))
    result = verify.verify(build)
    assert [f.line() for f in result.findings] == []
    # vm1's two vCPUs map shm at the same VA: one region, not two
    assert [(s.first.space.owner, s.second.space.owner, s.declared, hex(s.pa), hex(s.size))
            for s in result.shared] == [("vm1", "vm2", True, "0x72000", "0x2000")]
    assert "shared regions: 1 (0 not declared with s)" in verify.summary(result)


def test_sharing_declared_by_one_side_only(tmp_path):
    mine = '<map xref="shm" base="0x80000000" flags="rw"/>'
    build = rebuild("pt-arm64", tmp_path, (VM2_MAP, VM2_MAP + mine))
    [line] = findings(build)
    assert line.startswith(at(build, mine, "warning") + "map xref: guests vm1 and vm2 both "
                           "map memreq shm, PA 0x72000-0x73fff (8 KiB): ")
    assert line.endswith("not declared shared (s) by vm2 (tables vm1:0, vm1:1, vm2:0)")


def test_rules_apply_to_a_guest_without_tables(tmp_path):
    # format none: no binary table; its XML maps are judged
    old = '<mmu type="hardware" format="arm64:g4io40n">\n      <map xref="vm2_main"'
    new = '<mmu type="vtlb" format="none">\n      <map xref="vm2_main"'
    mine = '<map xref="core_rx" base="0x80000000" flags="r"/>'
    build = rebuild("pt-arm64", tmp_path, (old, new), (VM2_MAP, VM2_MAP + mine))
    result = verify.verify(build)
    assert [f.line() for f in result.findings] == [
        at(build, mine) + "map xref: guest vm2 maps hypervisor-private memreq core_rx, PA "
        "0x0-0x1fff (8 KiB), at VA 0x80000000-0x80001fff (map of core_rx) (table vm2:0)"]
    assert "none (XML only)" in verify.summary(result)
