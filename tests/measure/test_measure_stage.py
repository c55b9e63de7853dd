"""Stage 4 (schism.stages.measure): errors, the fixed defects of the original,
and the arithmetic of the page-table estimate and the file blob.

The golden cases tests/golden/measure-*/ cover the normal outputs."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from support import line_of
from support.fixtures import GOLDEN
from xmldiff import main as xmldiff

from schism.errors import SchismError
from schism.pipeline import by_key
from schism.stages import Context, measure

from .measure_elfgen import Phdr, contiguous, make_elf

CASE = GOLDEN / "measure-example-rpi3"
INPUT = "scenario_reparented.xml"


def make_build_dir(tmp_path: Path, edits: tuple[tuple[str, str], ...] = ()) -> Path:
    """A build directory holding the reference case, with `edits` (old, new)
    applied to its scenario_reparented.xml."""
    o = tmp_path / "O"
    o.mkdir()
    for p in CASE.iterdir():
        if p.is_file():
            shutil.copyfile(p, o / p.name)
    text = (o / INPUT).read_text()
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    (o / INPUT).write_text(text)
    return o


def run(o: Path) -> str:
    """Run the stage; its stderr."""
    out = io.StringIO()
    measure.run(Context(build_dir=o, out=out, stage=by_key("measure")))
    return out.getvalue()


def error(o: Path) -> str:
    with pytest.raises(SchismError) as info:
        run(o)
    assert not (o / "scenario_measured.xml").exists()
    return str(info.value)


def output(o: Path) -> etree._Element:
    return etree.parse(str(o / "scenario_measured.xml")).getroot()


# --- the command ------------------------------------------------------------------


def test_cli_on_the_reference(tmp_path):
    o = make_build_dir(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "schism", "measure", str(o)],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == (CASE / "expected" / "measure.stderr.txt").read_text()
    assert xmldiff.diff_files(
        str(o / "scenario_measured.xml"), str(CASE / "expected" / "scenario_measured.xml")
    ) == []


def test_cli_error_exit(tmp_path):
    o = make_build_dir(tmp_path)
    (o / "linux-Image.bin").unlink()
    done = subprocess.run(
        [sys.executable, "-m", "schism", "measure", str(o)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1].startswith(f"{o / INPUT}:")
    assert not (o / "scenario_measured.xml").exists()


def test_missing_input(tmp_path):
    o = make_build_dir(tmp_path)
    (o / INPUT).unlink()
    assert "does not exist" in error(o)


# --- ELF inputs ---------------------------------------------------------------------


def test_missing_hypervisor_elf(tmp_path):
    o = make_build_dir(tmp_path)
    (o / "phidias.elf").unlink()
    assert error(o) == (
        f"{o / 'phidias.elf'}: error: file does not exist (run the previous stage first)"
    )


def test_elf_name_follows_cbi(tmp_path):
    o = make_build_dir(tmp_path, (('cbi="phidias"', 'cbi="other"'),))
    assert error(o).startswith(f"{o / 'other.elf'}: error: file does not exist")


def test_hypervisor_elf_not_an_elf(tmp_path):
    o = make_build_dir(tmp_path)
    (o / "phidias.elf").write_text("not an ELF\n" * 20)
    assert error(o).startswith(f"{o / 'phidias.elf'}: error: not an ELF file")


def test_hypervisor_elf_wrong_count(tmp_path):
    o = make_build_dir(tmp_path)
    shutil.copyfile(o / "scenario_config.xo", o / "phidias.elf")
    assert error(o) == (
        f"{o / 'phidias.elf'}: error: hypervisor ELF has 3 program headers, expected 4"
    )


def test_config_object_wrong_count(tmp_path):
    o = make_build_dir(tmp_path)
    shutil.copyfile(o / "phidias.elf", o / "scenario_config.xo")
    assert error(o) == (
        f"{o / 'scenario_config.xo'}: error: config object has 4 program headers, expected 3"
    )


def test_missing_config_object(tmp_path):
    o = make_build_dir(tmp_path)
    (o / "scenario_config.xo").unlink()
    assert error(o).startswith(f"{o / 'scenario_config.xo'}: error: file does not exist")


def test_gap_in_config_object(tmp_path):
    """Defect fix: the physical layout assumes contiguous segments."""
    o = make_build_dir(tmp_path)
    phdrs = [Phdr(0x10000, 0x1000, 0x1000, 0x1000), Phdr(0x11000, 0x1000, 0x2000, 0x1000),
             Phdr(0x13000, 0x1000, 0x3000, 0x1000)]
    (o / "scenario_config.xo").write_bytes(make_elf(phdrs))
    assert error(o) == (
        f"{o / 'scenario_config.xo'}: error: config object segments are not contiguous: "
        "segment 2 starts at 0x13000, segment 1 ends at 0x12000"
    )


def test_entry_below_image(tmp_path):
    o = make_build_dir(tmp_path, (('load_base="0x00000000"', 'load_base="0x100000"'),))
    (o / "phidias.elf").write_bytes(
        contiguous([0x1000, 0x1000, 0x1000, 0x2000], 0x8000000000, entry_offset=-0x200000)
    )
    assert error(o) == (
        f"{o / INPUT}:{line_of(o / INPUT, '<hypervisor ')}: error: hypervisor entry: the ELF entry "
        "point 0x7fffe00000 lies below load_base in the image (first segment at 0x8000000000)"
    )


def test_image_above_the_64_bit_addresses(tmp_path):
    """A load_base the image cannot follow within 64 bits: its part
    addresses would not be HEX values (bench/fuzz.py seed 2718 run 814, a
    traceback before; the original wrapped the sums)."""
    o = make_build_dir(tmp_path, (('load_base="0x00000000"', 'load_base="0xfffffffffffff000"'),))
    message = error(o)
    assert message.startswith(
        f"{o / INPUT}:{line_of(o / INPUT, '<hypervisor ')}: error: hypervisor load_base: the "
        "image from 0xfffffffffffff000 (0x")
    assert message.endswith(" bytes) ends above the 64-bit addresses")
    assert not (o / "scenario_measured.xml").exists()


def test_exec_base_must_be_where_the_elf_is_linked(tmp_path):
    """exec_base is what stage 0 linked the hypervisor at (H0.start)."""
    o = make_build_dir(tmp_path, (('load_base="0x00000000"',
                                   'load_base="0x00000000" exec_base="0x8000000000"'),))
    run(o)
    assert output(o).find("hypervisor").get("exec_base") == "0x8000000000"
    (tmp_path / "stale").mkdir()
    o = make_build_dir(tmp_path / "stale", (('load_base="0x00000000"',
                                             'load_base="0x00000000" exec_base="0xf40000000"'),))
    assert error(o) == (
        f"{o / INPUT}:{line_of(o / INPUT, '<hypervisor ')}: error: hypervisor exec_base: "
        "0xf40000000, "
        "but the hypervisor ELF is linked at 0x8000000000 (its first segment; rebuild it, "
        "stage 0)"
    )


# --- the scenario -------------------------------------------------------------------


def test_missing_load_base(tmp_path):
    o = make_build_dir(tmp_path, ((' load_base="0x00000000"', ""),))
    assert error(o) == (
        f"{o / INPUT}:{line_of(o / INPUT, '<hypervisor ')}: error: hypervisor load_base: missing"
    )


@pytest.mark.parametrize("name", ["core_rx", "core_rw", "config_rwt", "pagetables", "blob"])
def test_missing_memreq(tmp_path, name):
    o = make_build_dir(tmp_path)
    text = (o / INPUT).read_text()
    lines = [line for line in text.splitlines() if f'<memreq id="{name}"' not in line
             and f'<map xref="{name}"' not in line]
    (o / INPUT).write_text("\n".join(lines) + "\n")
    assert error(o) == (
        f"{o / INPUT}:1: error: scenario: no <memreq id=\"{name}\"> (the CBI's default "
        "hypervisor file provides it in stage 1)"
    )


@pytest.mark.parametrize("name", ["core_rws", "core_rwt", "config_r", "config_rw"])
def test_missing_hypervisor_map(tmp_path, name):
    o = make_build_dir(tmp_path)
    line = next(x for x in (o / INPUT).read_text().splitlines() if f'<map xref="{name}"' in x)
    (o / INPUT).write_text((o / INPUT).read_text().replace(line + "\n", ""))
    mmu_line = line_of(o / INPUT, 'format="arm64:g4io40"')
    assert error(o) == (
        f"{o / INPUT}:{mmu_line}: error: mmu: the hypervisor has no <map xref=\"{name}\">"
    )


def test_unknown_hypervisor_format(tmp_path):
    o = make_build_dir(tmp_path, (('format="arm64:g4io40">', 'format="arm64:g4io48">'),))
    assert error(o) == (
        f"{o / INPUT}:{line_of(o / INPUT, 'arm64:g4io48')}: error: mmu format: "
        "'arm64:g4io48' names "
        "no paging_format of the arch (known: arm64:g4io40, arm64:g4io40n)"
    )


def test_unknown_guest_format_even_with_size_estimate(tmp_path):
    o = make_build_dir(
        tmp_path, (('format="arm64:g4io40n">', 'format="nested" size_estimate="0x1000">'),)
    )
    mmu_line = line_of(o / INPUT, 'format="nested"')
    assert error(o) == (
        f"{o / INPUT}:{mmu_line}: error: mmu format: 'nested' names "
        "no paging_format of the arch (known: arm64:g4io40, arm64:g4io40n)"
    )


def test_guest_format_none_needs_no_paging_format(tmp_path):
    o = make_build_dir(tmp_path, (('format="arm64:g4io40n"', 'format="none"'),))
    assert run(o).splitlines()[0] == "INFO: estimating total size of pagetables: 0x50000"


def test_missing_payload_file(tmp_path):
    o = make_build_dir(tmp_path)
    (o / "linux-Image.bin").unlink()
    assert error(o) == (
        f"{o / INPUT}:{line_of(o / INPUT, '<file id=')}: error: file href: cannot access "
        f"'linux-Image.bin' ({o / 'linux-Image.bin'}): No such file or directory"
    )


def test_payload_is_a_directory(tmp_path):
    o = make_build_dir(tmp_path, (('href="linux-Image.bin"', 'href="payload"'),))
    (o / "payload").mkdir()
    assert error(o) == (
        f"{o / INPUT}:{line_of(o / INPUT, '<file id=')}: error: file href: 'payload' "
        f"({o / 'payload'}) is not a regular file"
    )


def test_pagetables_info_printed_before_a_file_error(tmp_path):
    """The original's order: the estimate is reported, then the files fail."""
    o = make_build_dir(tmp_path)
    (o / "linux-Image.bin").unlink()
    out = io.StringIO()
    with pytest.raises(SchismError):
        measure.run(Context(build_dir=o, out=out, stage=by_key("measure")))
    assert out.getvalue() == "INFO: estimating total size of pagetables: 0x60000\n"


# --- defects of the original fixed ------------------------------------------------


def test_relative_href_resolves_against_the_scenario_directory(tmp_path, monkeypatch):
    """Defect fix: the original resolved hrefs against its working directory."""
    o = make_build_dir(tmp_path)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    (elsewhere / "linux-Image.bin").write_bytes(b"x" * 10)
    monkeypatch.chdir(elsewhere)
    run(Path(os.path.relpath(o, elsewhere)))
    (f,) = output(o).iter("file")
    assert (f.get("offset"), f.get("size")) == ("0x0", "0x493e0")


def test_absolute_href(tmp_path):
    payload = tmp_path / "abs.bin"
    payload.write_bytes(bytes(0x1001))
    o = make_build_dir(tmp_path, (('href="linux-Image.bin"', f'href="{payload}"'),))
    assert run(o).splitlines()[1] == "INFO: file blob has size 0x2000."


def test_blob_size_summed_in_64_bits(tmp_path):
    """Defect fix: the original summed file sizes in 32 bits. Two sparse
    3 GiB files: the second starts at 0xc0000000, the blob is 6 GiB."""
    big = [tmp_path / "a.bin", tmp_path / "b.bin"]
    for p in big:
        with open(p, "wb") as f:
            f.truncate(3 << 30)
    o = make_build_dir(tmp_path, (
        ('<file id="linux_kernel" href="linux-Image.bin"/>',
         f'<file id="linux_kernel" href="{big[0]}"/><file id="b" href="{big[1]}"/>'),
    ))
    assert run(o).splitlines()[1] == "INFO: file blob has size 0x180000000."
    files = {f.get("id"): (f.get("offset"), f.get("size")) for f in output(o).iter("file")}
    assert files == {"linux_kernel": ("0x0", "0xc0000000"), "b": ("0xc0000000", "0xc0000000")}
    blob = next(m for m in output(o).iter("memreq") if m.get("id") == "blob")
    assert blob.get("size") == "0x180000000"


# --- arithmetic -------------------------------------------------------------------


def _scenario(hv_ncpus: int, hv_est: int | None, guests: list[tuple[int, str, int | None]]):
    formats = {"fa": 0x10000, "fb": 0x8000}
    root = etree.Element("scenario")
    arch = etree.SubElement(etree.SubElement(root, "platform"), "arch", id="a")
    for fid, est in formats.items():
        etree.SubElement(arch, "paging_format", id=fid, size_estimate=hex(est))
    hv = etree.SubElement(root, "hypervisor", ncpus=str(hv_ncpus))
    mmu = etree.SubElement(hv, "mmu", format="fa")
    if hv_est is not None:
        mmu.set("size_estimate", hex(hv_est))
    expected = (hv_ncpus + 1) * (formats["fa"] if hv_est is None else hv_est)
    for ncpus, fmt, est in guests:
        g = etree.SubElement(root, "guest", ncpus=str(ncpus))
        gm = etree.SubElement(g, "mmu", format=fmt)
        if est is not None:
            gm.set("size_estimate", hex(est))
        if fmt != "none":
            expected += ncpus * (formats[fmt] if est is None else est)
    return root, hv, expected


@settings(max_examples=100, deadline=None)
@given(
    hv_ncpus=st.integers(1, 64),
    hv_est=st.none() | st.integers(0, 2**32),
    guests=st.lists(
        st.tuples(st.integers(1, 16), st.sampled_from(["fa", "fb", "none"]),
                  st.none() | st.integers(0, 2**32)),
        max_size=8,
    ),
)
def test_pagetable_estimate(hv_ncpus, hv_est, guests):
    root, hv, expected = _scenario(hv_ncpus, hv_est, guests)
    assert measure.pagetable_estimate(root, hv) == expected


@settings(max_examples=30, deadline=None)
@given(sizes=st.lists(st.integers(0, 0x3000), max_size=6))
def test_file_offsets_are_prefix_sums(tmp_path_factory, sizes):
    d = tmp_path_factory.mktemp("files")
    root = etree.Element("scenario")
    files = etree.SubElement(root, "files")
    for i, size in enumerate(sizes):
        (d / f"f{i}").write_bytes(bytes(size))
        etree.SubElement(files, "file", id=f"f{i}", href=f"f{i}")
    m = measure.Facts()
    blob = measure.measure_files(m, root, d)
    assert blob % 0x1000 == 0 and sum(sizes) <= blob < sum(sizes) + 0x1000
    for i, size in enumerate(sizes):
        assert m.file_offset[f"f{i}"] == sum(sizes[:i]) and m.file_size[f"f{i}"] == size


@settings(max_examples=50, deadline=None)
@given(
    load_page=st.integers(0, 2**20),
    sizes=st.lists(st.integers(1, 4).map(lambda n: n * 0x1000), min_size=4, max_size=4),
    csizes=st.lists(st.integers(1, 4).map(lambda n: n * 0x1000), min_size=3, max_size=3),
    entry_offset=st.integers(0, 0xFFF),
)
def test_physical_image_is_contiguous(tmp_path_factory, load_page, sizes, csizes, entry_offset):
    """docs/measure.md 4.6: core_rx | core_r | core_rws | core_rwt | config_r | config_rwt |
    config_rws | pagetables | blob, back to back from load_base."""
    d = tmp_path_factory.mktemp("img")
    for p in CASE.iterdir():
        if p.is_file():
            shutil.copyfile(p, d / p.name)
    load = load_page * 0x1000
    (d / "phidias.elf").write_bytes(contiguous(sizes, 0xFFFF000000000000, entry_offset))
    (d / "scenario_config.xo").write_bytes(contiguous(csizes, 0x7000000))
    tree = etree.parse(str(d / INPUT))
    tree.getroot().find("hypervisor").set("load_base", hex(load))
    m = measure.measure(tree, d, lambda _: None)
    cursor = load
    for part in (("hypervisor", "0"), ("hypervisor", "1"), ("hypervisor", "2"),
                 ("hypervisor", "3"), ("config", "0"), ("config", "1"), ("config", "2"),
                 ("pagetables", ""), ("files", "")):
        assert m.address(*part) == cursor, part
        cursor += m.sizes[part]
    delta = 0xFFFF000000000000 - load
    assert m.delta == delta
    assert m.sizes["hypervisor", "3"] == sizes[3] and m.sizes["config", "1"] == csizes[1]
    assert int(m.physical_address(m.elf_entry()), 16) == load + entry_offset


def test_only_the_first_map_of_a_segment_gets_its_base(tmp_path):
    """As the original's find_hypervisor_map: the first match. A second map
    of core_r keeps no base here and is placed by stage 6 like any map."""
    first = '<map xref="core_r" flags="rg"/>'
    o = make_build_dir(tmp_path, ((first, first + "\n      " + first.replace("rg", "r")),))
    run(o)
    maps = etree.parse(str(o / "scenario_measured.xml")).xpath(
        "/scenario/hypervisor/mmu/map[@xref='core_r']")
    assert [m.get("base") for m in maps] == ["0x8000001000", None]
