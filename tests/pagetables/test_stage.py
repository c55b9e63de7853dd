"""Stage 7 through the CLI: outputs, the INFO line, and one negative test per
error rule (message and FILE:LINE asserted, no output file left behind)."""

from __future__ import annotations

import errno
import os

import pytest
from support import line_of, run_cli

from schism import ptdump, xmlio
from schism.ext import pagetables as pt
from schism.stages import pagetables as stage

from .scen import guest, memreq, scenario, write

IN = "scenario_v_laidout.xml"


def run(capsys, tmp_path, text: str) -> tuple[int, str]:
    write(tmp_path, text)
    return run_cli(capsys, "pagetables", tmp_path)


def assert_error(capsys, tmp_path, text: str, needle: str, message: str,
                 note: tuple[str, str] | None = None) -> None:
    """One error line at `needle`; `note`: (needle, text) of a note line after it."""
    rc, err = run(capsys, tmp_path, text)
    assert rc != 0
    line = line_of(tmp_path / IN, needle)
    expected = f"{tmp_path / IN}:{line}: error: {message}\n"
    if note is not None:
        expected += f"{tmp_path / IN}:{line_of(tmp_path / IN, note[0])}: note: {note[1]}\n"
    assert err == expected
    assert not (tmp_path / "scenario_pagetables.xml").exists()
    assert not (tmp_path / "pagetables").exists()


CORE = memreq("core", "0x200000", "0x2000")


def test_outputs_and_info_line(capsys, tmp_path):
    rc, err = run(capsys, tmp_path, scenario(
        ['<map xref="core" base="0x8000000000" flags="rwg" is_init="is_init"/>'], [CORE]))
    assert rc == 0, err
    # INIT: top + 3 tables per path (identity, own VA); CPU 0: top + 3 tables.
    assert err == "INFO: total size of pagetables within estimate (0xb000 <= 0x60000).\n"
    text = (tmp_path / "scenario_pagetables.xml").read_text()
    assert 'base="[-1]=0x100000;[0]=0x107000"' in text
    assert len((tmp_path / "pagetables").read_bytes()) == 0xb000


def test_init_map_with_va_equal_pa_is_inserted_once(capsys, tmp_path):
    # Defect of the original: it inserted both and reported a clash.
    rc, err = run(capsys, tmp_path, scenario(
        ['<map xref="core" base="0x200000" flags="rwg" is_init="is_init"/>'], [CORE]))
    assert rc == 0, err
    dump = ptdump.load(tmp_path)
    assert [(x.va, x.pa, x.size) for x in ptdump.merge(dump.leaves("hv:init"))] == [
        (0x200000, 0x200000, 0x2000)]


def test_clash_at_va(capsys, tmp_path):
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="core" base="0x8000000000" flags="rwg"/>',
         '<map xref="uart" base="0x8000001000" flags="rwgd"/>'], [CORE]),
        'xref="uart"',
        "map base: clash at VA 0x8000001000: the map of uart [0x8000001000,0x8000002000) "
        "overlaps the map of core [0x8000000000,0x8000002000) (table hv:0)",
        ('xref="core" base', "the map of core is here"))


def test_clash_with_a_table_below(capsys, tmp_path):
    # A 2 MiB block where pages already hang from a table: a clash too.
    big = memreq("big", "0x400000", "0x200000")
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="uart" base="0x8000001000" flags="rwgd"/>',
         '<map xref="big" base="0x8000000000" flags="rwg"/>'], [big]),
        'xref="big" base',
        "map base: clash at VA 0x8000000000 (map of big, table hv:0)")


def test_clash_descending_through_a_leaf(capsys, tmp_path):
    big = memreq("big", "0x400000", "0x200000")
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="big" base="0x8000000000" flags="rwg"/>',
         '<map xref="uart" base="0x8000001000" flags="rwgd"/>'], [big]),
        'xref="uart"',
        "map base: clash at VA 0x8000001000: the map of uart [0x8000001000,0x8000002000) "
        "overlaps the map of big [0x8000000000,0x8000200000) (table hv:0)",
        ('xref="big" base', "the map of big is here"))


def test_clash_in_a_guest_table(capsys, tmp_path):
    g = guest("vm", "arm64:g4io40n", ['<map xref="core" base="0x1000" flags="rw"/>',
                                      '<map xref="uart" base="0x2000" flags="rw"/>'])
    assert_error(capsys, tmp_path, scenario([], [CORE], [g]),
                 'xref="uart" base="0x2000"',
                 "map base: clash at VA 0x2000: the map of uart [0x2000,0x3000) overlaps the "
                 "map of core [0x1000,0x3000) (table vm:0)",
                 ('xref="core" base="0x1000"', "the map of core is here"))


def test_total_above_estimate(capsys, tmp_path):
    # INIT: its top table (16 bytes); CPU 0 at 0x101000: top + 3 tables -> 0x5000.
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="core" base="0x8000000000" flags="rwg"/>'], [CORE], pt_size="0x4000"),
        'id="pagetables"',
        "memreq size: total size of pagetables 0x5000 exceeds the estimate 0x4000")


def test_unknown_hypervisor_format(capsys, tmp_path):
    assert_error(capsys, tmp_path, scenario([], fmt="arm64:g4io48"), 'format="arm64:g4io48"',
                 "mmu format: unknown paging format 'arm64:g4io48' "
                 "(the arch has: arm64:g4io40, arm64:g4io40n)")


def test_unknown_guest_format(capsys, tmp_path):
    g = guest("vm", "arm:nested", [])
    assert_error(capsys, tmp_path, scenario([], guests=[g]), 'format="arm:nested"',
                 "mmu format: unknown paging format 'arm:nested' "
                 "(the arch has: arm64:g4io40, arm64:g4io40n)")


def test_hypervisor_format_none(capsys, tmp_path):
    assert_error(capsys, tmp_path, scenario([], fmt="none"), 'format="none"',
                 "mmu format: the hypervisor needs a paging format, not 'none'")


def test_map_without_base_for_a_cpu(capsys, tmp_path):
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="uart" base="[0]=0x8000000000" flags="rwgd"/>'], ncpus=2),
        'xref="uart"',
        "map base: map of uart has no base for CPU 1")


def test_map_without_base(capsys, tmp_path):
    assert_error(capsys, tmp_path, scenario(['<map xref="uart" flags="rwgd"/>']),
                 'xref="uart"', "map base: map of uart has no base")


def test_memreq_without_base_for_a_cpu(capsys, tmp_path):
    req = memreq("pcpu", "[0]=0x300000", "0x1000", cpumap="[0,1]")
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="pcpu" base="0x8000000000" flags="rwg"/>'], [req], ncpus=2),
        'xref="pcpu"', "map xref: memreq pcpu has no base for CPU 1")


def test_guest_vcpu_without_host_cpu(capsys, tmp_path):
    g = guest("vm", "arm64:g4io40n", [], ncpus=2, cpumap="[0]")
    assert_error(capsys, tmp_path, scenario([], guests=[g]), '<guest id="vm"',
                 "guest cpumap: '[0]' names 1 host CPU(s) for the 2 vCPUs of 'vm': no host CPU "
                 "for vCPU 1")


def test_size_not_a_multiple_of_the_smallest_page(capsys, tmp_path):
    # Defect of the original: it ran off the end of its last-level table.
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="core" base="0x8000000000" subsize="0x1800" flags="rwg"/>'], [CORE]),
        'xref="core"',
        "map subsize: size 0x1800 is not a multiple of the smallest page size 0x1000 "
        "(map of core, table hv:0)")


def test_memreq_size_not_a_multiple(capsys, tmp_path):
    odd = memreq("odd", "0x300000", "0x1234")
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="odd" base="0x8000000000" flags="rwg"/>'], [odd]), 'xref="odd"',
        "map xref: size 0x1234 is not a multiple of the smallest page size 0x1000 "
        "(map of odd, table hv:0)")


def test_va_not_aligned(capsys, tmp_path):
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="core" base="0x8000000800" flags="rwg"/>'], [CORE]), 'xref="core"',
        "map base: VA 0x8000000800 is not aligned to the smallest page size 0x1000 "
        "(map of core, table hv:0)")


def test_pa_not_aligned_by_offset(capsys, tmp_path):
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="core" base="0x8000000000" offset="0x800" subsize="0x1000" flags="rwg"/>'],
        [CORE]), 'xref="core"',
        "map offset: PA 0x200800 is not aligned to the smallest page size 0x1000 "
        "(map of core, table hv:0)")


def test_offset_beyond_size(capsys, tmp_path):
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="core" base="0x8000000000" offset="0x3000" flags="rwg"/>'], [CORE]),
        'xref="core"', "map offset: offset 0x3000 lies beyond the size 0x2000 of core")


def test_va_beyond_the_format(capsys, tmp_path):
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="core" base="0x10000000000" flags="rwg"/>'], [CORE]), 'xref="core"',
        "map base: VA range 0x10000000000+0x2000 exceeds the 0x10000000000 bytes format "
        "arm64:g4io40 translates (map of core, table hv:0)")


def test_entry_too_wide_for_four_bytes(capsys, tmp_path):
    high = memreq("high", "0x80000000", "0x1000")
    text = scenario(['<map xref="high" base="0xf0000000" flags="rwg"/>'], [high],
                    fmt="arm:short", arch_id="arm", pt_base="0x100000000", pt_size="0x20000")
    assert_error(capsys, tmp_path, text, 'id="pagetables"',
                 "memreq base: table pointer 0x100008001 of table hv:0 does not fit in 4 bytes "
                 "(format arm:short)")


def test_no_pagetables_memreq(capsys, tmp_path):
    text = scenario([]).replace('id="pagetables"', 'id="pt"')
    assert_error(capsys, tmp_path, text, "<hypervisor",
                 "hypervisor memreq: no memreq 'pagetables' to hold the tables")


def test_per_cpu_pagetables_base(capsys, tmp_path):
    assert_error(capsys, tmp_path, scenario([], pt_base="[0]=0x100000"), 'id="pagetables"',
                 "memreq base: the pagetables memreq needs one (not per-CPU) base")


@pytest.mark.parametrize("cpumap, expect", [("[1]", ["hv:1"]), (None, ["hv:0", "hv:1"])])
def test_map_cpumap_selects_cpu_tables(capsys, tmp_path, cpumap, expect):
    cpus = f' cpumap="{cpumap}"' if cpumap else ""
    rc, err = run(capsys, tmp_path, scenario(
        [f'<map xref="uart" base="0x8000000000"{cpus} flags="rwgd"/>'], ncpus=2))
    assert rc == 0, err
    dump = ptdump.load(tmp_path)
    assert [n for n in ("hv:0", "hv:1") if dump.leaves(n)] == expect


def test_guest_format_none_has_no_table(capsys, tmp_path):
    g = guest("vm", "none", ['<map xref="core" base="0x0" flags="rw"/>'])
    rc, err = run(capsys, tmp_path, scenario([], [CORE], [g]))
    assert rc == 0, err
    assert 'format="none"/>' in (tmp_path / "scenario_pagetables.xml").read_text() or \
        'format="none">' in (tmp_path / "scenario_pagetables.xml").read_text()
    assert list(ptdump.load(tmp_path).tables) == ["hv:init", "hv:0"]


def test_reproducible(capsys, tmp_path):
    text = scenario(['<map xref="core" base="0x8000000000" flags="rwg" is_init="1"/>'], [CORE])
    outputs = []
    for sub in ("a", "b"):
        d = tmp_path / sub
        d.mkdir()
        rc, err = run(capsys, d, text)
        assert rc == 0, err
        outputs.append(((d / "pagetables").read_bytes(),
                        (d / "scenario_pagetables.xml").read_bytes()))
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("map_cpumap, req_cpumap, in_init", [
    (None, None, True),
    ("*", None, True),  # `*` contains every CPU, the INIT table's -1 too
    ("[0,1]", None, False),  # an explicit list never contains -1
    (None, "[0,1]", False),
    ("*", "[0,1]", False),
])
def test_init_leaves_out_maps_with_a_cpumap(capsys, tmp_path, map_cpumap, req_cpumap, in_init):
    # The original built INIT as the table of CPU -1 with the cpumap tests of
    # the CPU tables (has_list(cpumap, -1)): only `*` or no cpumap passes.
    req = memreq("core", "0x300000", "0x1000", cpumap=req_cpumap)
    cpus = f' cpumap="{map_cpumap}"' if map_cpumap else ""
    rc, err = run(capsys, tmp_path, scenario(
        [f'<map xref="core" base="0x8000000000"{cpus} flags="rwg" is_init=""/>'],
        [req], ncpus=2))
    assert rc == 0, err
    dump = ptdump.load(tmp_path)
    init = [(x.va, x.pa) for x in dump.leaves("hv:init")]
    assert init == ([(0x300000, 0x300000), (0x8000000000, 0x300000)] if in_init else [])
    for cpu in ("hv:0", "hv:1"):
        assert [(x.va, x.pa) for x in dump.leaves(cpu)] == [(0x8000000000, 0x300000)]


def test_init_map_without_a_base_for_init(capsys, tmp_path):
    # No cpumap, but a per-CPU base: the original looked up index -1 (and got 0).
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="core" base="[0]=0x8000000000" flags="rwg" is_init=""/>'], [CORE]),
        'xref="core"', "map base: map of core has no base for the INIT table")


def test_init_device_map_identity_and_own_va(capsys, tmp_path):
    rc, err = run(capsys, tmp_path, scenario(
        ['<map xref="uart" base="0x8000002000" flags="rwgd" is_init=""/>',
         '<map xref="core" base="0x8000000000" flags="rxg" is_init=""/>'], [CORE]))
    assert rc == 0, err
    dump = ptdump.load(tmp_path)
    assert [(x.va, x.pa, x.size, x.flags) for x in ptdump.merge(dump.leaves("hv:init"))] == [
        (0x200000, 0x200000, 0x2000, "?-x?-?-"), (0x9000000, 0x9000000, 0x1000, "?w-?d?-"),
        (0x8000000000, 0x200000, 0x2000, "?-x?-?-"),
        (0x8000002000, 0x9000000, 0x1000, "?w-?d?-")]
    # The top table (16 bytes, aligned to 4 KiB like the rest); uart's identity
    # (3 tables below the top), its own VA (3 more); core's identity needs a
    # new last-level table (0x200000 and 0x9000000 share the 2 MiB-level
    # table only), its own VA shares uart's. hv:0 follows the 7 + 1 pages.
    assert dump.tables["hv:init"][2] == 0x100000
    assert dump.tables["hv:0"][2] == 0x100000 + 8 * 0x1000


def test_cpu_tables_intersect_map_and_memreq_cpumaps(capsys, tmp_path):
    req = memreq("pcpu", "[1]=0x301000;[2]=0x302000", "0x1000", cpumap="[1,2]")
    rc, err = run(capsys, tmp_path, scenario(
        ['<map xref="pcpu" base="[0]=0x8000000000;[1]=0x8000001000" cpumap="[0,1]" '
         'flags="rwg"/>'], [req], ncpus=3))
    assert rc == 0, err
    dump = ptdump.load(tmp_path)
    assert {n: [(x.va, x.pa) for x in dump.leaves(n)] for n in ("hv:0", "hv:1", "hv:2")} == {
        "hv:0": [], "hv:1": [(0x8000001000, 0x301000)], "hv:2": []}


def test_guest_map_cpumap_is_tested_against_the_vcpu(capsys, tmp_path):
    main = memreq("main", "[2]=0x400000;[1]=0x600000", "0x1000", cpumap="[2,1]")
    g = guest("vm", "arm64:g4io40n", [
        '<map xref="main" base="0x0" flags="rw"/>',
        '<map xref="uart" base="0x9000000" cpumap="[1]" flags="rwd"/>'],
        ncpus=2, cpumap="[2,1]")
    rc, err = run(capsys, tmp_path, scenario([], [main], [g], ncpus=3))
    assert rc == 0, err
    dump = ptdump.load(tmp_path)
    # vCPU 0 runs on CPU 2, vCPU 1 on CPU 1; the uart map is for vCPU 1 only.
    assert [(x.va, x.pa) for x in dump.leaves("vm:0")] == [(0x0, 0x400000)]
    assert [(x.va, x.pa) for x in dump.leaves("vm:1")] == [(0x0, 0x600000),
                                                           (0x9000000, 0x9000000)]


def test_guest_map_of_a_memreq_not_on_its_host_cpu_is_left_out(capsys, tmp_path):
    # The memreq's cpumap is tested against the vCPU's host CPU: a guest on
    # CPU 1 mapping a memreq of CPU 0 only gets nothing for it (no error).
    other = memreq("other", "[0]=0x400000", "0x1000", cpumap="[0]")
    own = memreq("own", "[1]=0x500000", "0x1000", cpumap="[1]")
    g = guest("vm", "arm64:g4io40n", ['<map xref="other" base="0x0" flags="rw"/>',
                                      '<map xref="own" base="0x1000" flags="rw"/>'],
              cpumap="[1]")
    rc, err = run(capsys, tmp_path, scenario([], [other, own], [g], ncpus=2))
    assert rc == 0, err
    assert [(x.va, x.pa) for x in ptdump.load(tmp_path).leaves("vm:0")] == [(0x1000, 0x500000)]


def test_guest_vcpus_sharing_a_host_cpu(capsys, tmp_path):
    main = memreq("main", "[1]=0x400000", "0x2000", cpumap="[1,1]")
    g = guest("vm", "arm64:g4io40n", ['<map xref="main" base="0x40000000" flags="rwx"/>'],
              ncpus=2, cpumap="[1,1]")
    rc, err = run(capsys, tmp_path, scenario([], [main], [g], ncpus=2))
    assert rc == 0, err
    dump = ptdump.load(tmp_path)
    for name in ("vm:0", "vm:1"):
        assert [(x.va, x.pa) for x in ptdump.merge(dump.leaves(name))] == [
            (0x40000000, 0x400000)]
    # Two trees all the same: 8 KiB top + 2 tables each, one after the other.
    assert dump.tables["vm:1"][2] - dump.tables["vm:0"][2] == 0x4000


def test_size_zero_map_of_a_memreq_without_base(capsys, tmp_path):
    empty = memreq("empty", "0x0", "0x0").replace(' base="0x0"', "")
    rc, err = run(capsys, tmp_path, scenario(['<map xref="empty" flags="rg"/>'], [empty]))
    assert rc == 0, err


def test_map_of_a_memreq_without_base(capsys, tmp_path):
    nobase = memreq("nobase", "0x0", "0x1000").replace(' base="0x0"', "")
    assert_error(capsys, tmp_path, scenario(
        ['<map xref="nobase" base="0x8000000000" flags="rg"/>'], [nobase]),
        'xref="nobase"', "map xref: memreq nobase has no base")


def test_an_unchanged_pagetables_file_keeps_its_mtime(capsys, tmp_path):
    text = scenario(['<map xref="core" base="0x8000000000" flags="rwg" is_init="1"/>'], [CORE])
    rc, err = run(capsys, tmp_path, text)
    assert rc == 0, err
    path = tmp_path / "pagetables"
    data = path.read_bytes()
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    rc, err = run(capsys, tmp_path, text.replace('flags="rwgd"', 'flags="rwgd" '))
    assert rc == 0, err
    assert path.read_bytes() == data and path.stat().st_mtime_ns == 1_000_000_000
    rc, err = run(capsys, tmp_path, text.replace("0x8000000000", "0x8000200000"))
    assert rc == 0, err
    assert path.read_bytes() != data and path.stat().st_mtime_ns != 1_000_000_000
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _guests_alike(pas: list[int], vcpus: int = 2, arch_id: str = "arm64",
                  fmt: str = "arm64:g4io40n") -> str:
    """Guests of one layout (a page table each per vCPU), their memory at `pas`."""
    reqs, guests = [], []
    cpus = "[" + ",".join(str(c) for c in range(vcpus)) + "]"
    for i, pa in enumerate(pas):
        bases = ";".join(f"[{c}]={hex(pa + c * 0x400000)}" for c in range(vcpus))
        reqs.append(memreq(f"m{i}", bases, "0x201000", cpumap=cpus))
        guests.append(guest(f"vm{i}", fmt, [f'<map xref="m{i}" base="0x40000000" flags="rwx"/>',
                                            '<map xref="uart" base="0x9000000" flags="rwd"/>'],
                            ncpus=vcpus, cpumap=cpus))
    return scenario([], reqs, guests, ncpus=vcpus, arch_id=arch_id, fmt=fmt)


def test_guests_of_one_shape_are_written_as_built(capsys, tmp_path, monkeypatch):
    # vm0 and vm2 share a shape (2 MiB blocks fit), vm1 has its own (pages);
    # a guest's second vCPU has its first's.
    text = _guests_alike([0x1000000, 0x1201000, 0x3000000])
    add_like, alike = pt.TableFile.add_like, []

    def counted(self, *args):
        written = add_like(self, *args)
        alike.append(written is not None)
        return written
    monkeypatch.setattr(pt.TableFile, "add_like", counted)
    rc, err = run(capsys, tmp_path, text)
    assert rc == 0, err
    assert alike == [False, True, False, True, True, True]
    doc = xmlio.parse_file(tmp_path / IN)
    trees, roots = stage.build_trees(stage.Scenario(doc))  # every tree built
    end = pt.place(trees, 0x100000)
    assert (tmp_path / "pagetables").read_bytes() == pt.serialize(trees, 0x100000, end)
    dump = ptdump.load(tmp_path)
    assert [(x.va, x.pa, x.size) for x in ptdump.merge(dump.leaves("vm2:1"))] == [
        (0x9000000, 0x9000000, 0x1000), (0x40000000, 0x3400000, 0x201000)]


def test_a_guest_of_a_known_shape_that_does_not_fit(capsys, tmp_path):
    # vm1 has vm0's shape, but its memory lies beyond the 32-bit PAs of the format.
    text = _guests_alike([0x1000000, 0xffe00000], vcpus=1, arch_id="arm", fmt="arm:short")
    assert_error(capsys, tmp_path, text, 'xref="m1"',
                 "map xref: PA range 0xffe00000+0x201000 exceeds the 32-bit physical "
                 "addresses of format arm:short (map of m1, table vm1:0)")


def test_a_pagetables_file_that_cannot_be_written(capsys, tmp_path, monkeypatch):
    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "pwritev", full)
    rc, err = run(capsys, tmp_path, scenario(
        ['<map xref="core" base="0x8000000000" flags="rwg"/>'], [CORE]))
    assert rc == 1
    path = tmp_path / "pagetables"
    assert err == f"schism: error: cannot write {path}: No space left on device\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [IN]
