"""Stage 9 errors: each one located, one line, and no output file written."""

from __future__ import annotations

import struct

import pytest
from support import run_cli

from schism.errors import SchismError

from .helpers import XML, edit, make_build_dir, memreq, run

OUTPUTS = ("image", "uimage", "image.efi")


def _fails(out) -> str:
    with pytest.raises(SchismError) as e:
        run(out)
    for name in OUTPUTS:
        assert not (out / name).exists(), name
    return str(e.value)


def test_unknown_image_kind(tmp_path):
    out = make_build_dir(tmp_path, "zimage")
    assert _fails(out) == (
        f"{out}/{XML}:1: error: scenario image: unknown image kind 'zimage' "
        "(use raw, uboot or efi-pe)"
    )


def test_unknown_image_kind_cli(tmp_path, capsys):
    """Through the CLI: exit status 1, the one-line message on stderr."""
    out = make_build_dir(tmp_path, "elf")
    rc, err = run_cli(capsys, "combine", out)
    assert rc == 1
    assert err == (
        f"{out}/{XML}:1: error: scenario image: unknown image kind 'elf' "
        "(use raw, uboot or efi-pe)\n"
    )
    assert not (out / "image").exists()


def test_pagetables_larger_than_memreq(tmp_path):
    out = make_build_dir(tmp_path)
    (out / "pagetables").write_bytes(bytes(0x60001))
    assert _fails(out) == (
        f"{out}/{XML}:18: error: memreq size: the pagetables file has 0x60001 bytes, "
        "more than the pagetables memreq's 0x60000"
    )


def test_missing_payload(tmp_path):
    out = make_build_dir(tmp_path)
    (out / "linux-Image.bin").unlink()
    assert _fails(out) == (
        f"{out}/{XML}:131: error: file href: {out}/linux-Image.bin does not exist "
        "(hrefs are relative to O)"
    )


def test_empty_href(tmp_path):
    out = make_build_dir(tmp_path)
    edit(out, lambda root: root.find("files/file").set("href", ""))
    assert _fails(out) == f"{out}/{XML}:131: error: file href: empty"


@pytest.mark.parametrize("name, stage", [
    ("phidias.elf", "the hypervisor build"),
    ("scenario_config_real.xo", "compile-config 2"),
])
def test_missing_elf(tmp_path, name, stage):
    out = make_build_dir(tmp_path)
    (out / name).unlink()
    assert _fails(out) == f"error: {out}/{name} does not exist (run {stage} first)"


def test_missing_pagetables_file(tmp_path):
    out = make_build_dir(tmp_path)
    (out / "pagetables").unlink()
    assert _fails(out) == (
        f"error: {out}/pagetables does not exist (run the pagetables stage first)"
    )


def test_config_segment_count(tmp_path):
    out = make_build_dir(tmp_path)
    (out / "scenario_config_real.xo").write_bytes((out / "phidias.elf").read_bytes())
    assert _fails(out) == (
        f"{out}/scenario_config_real.xo: error: config has 4 program headers, expected 3"
    )


def test_hypervisor_segment_count(tmp_path):
    out = make_build_dir(tmp_path)
    (out / "phidias.elf").write_bytes((out / "scenario_config_real.xo").read_bytes())
    assert _fails(out) == (
        f"{out}/phidias.elf: error: hypervisor has 3 program headers, expected 4"
    )


def test_segment_gap(tmp_path):
    """H3 moved up one page: H2 and H3 no longer touch (docs/combine.md 9.3)."""
    out = make_build_dir(tmp_path)
    path = out / "phidias.elf"
    blob = bytearray(path.read_bytes())
    phoff, = struct.unpack_from("<Q", blob, 0x20)
    vaddr_at = phoff + 3 * 56 + 16  # program header 3, p_vaddr
    vaddr, = struct.unpack_from("<Q", blob, vaddr_at)
    struct.pack_into("<Q", blob, vaddr_at, vaddr + 0x1000)
    path.write_bytes(bytes(blob))
    assert _fails(out) == (
        f"{path}: error: hypervisor segments are not contiguous: segment 3 starts at "
        "0x8000004000, segment 2 ends at 0x8000003000"
    )


@pytest.mark.parametrize("ident, line, base, offset, actual", [
    ("core_rx", 9, "0x1000", "0x1000", "0x0"),
    ("core_r", 10, "0x2000", "0x2000", "0x1000"),
    ("core_rws", 11, "0x3000", "0x3000", "0x2000"),
    ("core_rwt", 12, "0x4000", "0x4000", "0x3000"),
    ("config_r", 14, "0x6000", "0x6000", "0x5000"),
    ("config_rwt", 17, "0x8000", "0x8000", "0x7000"),
    ("config_rws", 16, "0x7000", "0x7000", "0x8000"),
    ("pagetables", 18, "0x8000", "0x8000", "0x9000"),
    ("blob", 19, "0x6a000", "0x6a000", "0x69000"),
])
def test_layout_mismatch(tmp_path, ident, line, base, offset, actual):
    out = make_build_dir(tmp_path)
    edit(out, lambda root: memreq(root, ident).set("base", base))
    assert _fails(out) == (
        f"{out}/{XML}:{line}: error: memreq base: '{ident}' at {base} lies {offset} bytes "
        f"from load_base 0x0, but the image puts it at offset {actual} "
        "(inputs changed since measure?)"
    )


def test_pagetables_size_changed(tmp_path):
    """A bigger pagetables memreq than stage 4 placed moves the blob: named at the blob."""
    out = make_build_dir(tmp_path)
    edit(out, lambda root: memreq(root, "pagetables").set("size", "0x61000"))
    assert _fails(out) == (
        f"{out}/{XML}:19: error: memreq base: 'blob' at 0x69000 lies 0x69000 bytes "
        "from load_base 0x0, but the image puts it at offset 0x6a000 "
        "(inputs changed since measure?)"
    )


def test_per_cpu_base(tmp_path):
    out = make_build_dir(tmp_path)
    edit(out, lambda root: memreq(root, "config_r").set("base", "[0]=0x5000"))
    assert _fails(out) == (
        f"{out}/{XML}:14: error: memreq base: 'config_r' is part of the image and needs "
        "one base, not per-CPU bases '[0]=0x5000'"
    )


def test_unplaced_memreq(tmp_path):
    out = make_build_dir(tmp_path)
    edit(out, lambda root: memreq(root, "blob").attrib.pop("base"))
    assert _fails(out) == (
        f"{out}/{XML}:19: error: memreq base: 'blob' has no base (run layout-memory)"
    )


def test_missing_memreq(tmp_path):
    out = make_build_dir(tmp_path)

    def drop(root):
        el = memreq(root, "config_r")
        el.getparent().remove(el)
        for m in root.iter("map"):
            if m.get("xref") == "config_r":
                m.getparent().remove(m)

    edit(out, drop)
    assert _fails(out) == (
        f"{out}/{XML}:1: error: scenario: no memreq 'config_r' "
        "(run measure and the layout stages)"
    )


def test_blob_too_small(tmp_path):
    out = make_build_dir(tmp_path)
    edit(out, lambda root: memreq(root, "blob").set("size", "0x49000"))
    assert _fails(out) == (
        f"{out}/{XML}:19: error: memreq size: the files take 0x493e0 bytes, more than the "
        "blob's 0x49000"
    )


def test_payload_changed_size(tmp_path):
    out = make_build_dir(tmp_path)
    with open(out / "linux-Image.bin", "ab") as f:
        f.write(b"\0")
    assert _fails(out) == (
        f"{out}/{XML}:131: error: file size: linux-Image.bin has 0x493e1 bytes now, "
        "the scenario says 0x493e0 (rerun measure)"
    )


def test_payload_offset_mismatch(tmp_path):
    out = make_build_dir(tmp_path)
    edit(out, lambda root: root.find("files/file").set("offset", "0x10"))
    assert _fails(out) == (
        f"{out}/{XML}:131: error: file offset: 0x10 in the scenario, but the file lies at "
        "0x0 in the blob"
    )


def test_payload_not_measured(tmp_path):
    out = make_build_dir(tmp_path)
    edit(out, lambda root: root.find("files/file").attrib.pop("size"))
    assert _fails(out) == (
        f"{out}/{XML}:131: error: file size: missing (run the earlier stages first)"
    )


def test_entry_mismatch(tmp_path):
    out = make_build_dir(tmp_path)
    edit(out, lambda root: root.find("hypervisor").set("entry", "0x40"))
    assert _fails(out) == (
        f"{out}/{XML}:89: error: hypervisor entry: 0x40 in the scenario, but the ELF entry "
        "point 0x8000000000 gives 0x0 (rerun measure)"
    )


@pytest.mark.parametrize("attr", ["load_base", "entry"])
def test_hypervisor_attribute_missing(tmp_path, attr):
    out = make_build_dir(tmp_path)
    edit(out, lambda root: root.find("hypervisor").attrib.pop(attr))
    assert _fails(out) == (
        f"{out}/{XML}:89: error: hypervisor {attr}: missing (run the earlier stages first)"
    )


def test_bad_hex(tmp_path):
    out = make_build_dir(tmp_path)
    edit(out, lambda root: root.find("hypervisor").set("load_base", "zero"))
    assert _fails(out) == (
        f"{out}/{XML}:89: error: hypervisor load_base: 'zero' is not a hexadecimal number"
    )


def test_memreq_below_load_base(tmp_path):
    out = make_build_dir(tmp_path)
    edit(out, lambda root: root.find("hypervisor").set("load_base", "0x1000"))
    assert _fails(out) == (
        f"{out}/{XML}:9: error: memreq base: 'core_rx' at 0x0 lies -0x1000 bytes from "
        "load_base 0x1000, but the image puts it at offset 0x0 (inputs changed since measure?)"
    )
