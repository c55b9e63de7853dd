"""image="uboot": the U-Boot legacy header schism writes itself, checked with
U-Boot's own tools (dumpimage, mkimage from Debian's u-boot-tools)."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schism.errors import SchismError
from schism.image import ImageFieldError, uimage

from .helpers import IMAGE_SIZE, edit, make_build_dir, run, set_arch, shift_load_base

needs_uboot_tools = pytest.mark.skipif(
    shutil.which("dumpimage") is None or shutil.which("mkimage") is None,
    reason="u-boot-tools (dumpimage, mkimage) not installed",
)


def _dumpimage(path) -> str:
    return subprocess.run(["dumpimage", "-l", str(path)], check=True, capture_output=True,
                          text=True).stdout


@needs_uboot_tools
def test_dumpimage_reads_header(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = make_build_dir(tmp_path, "uboot")
    edit(out, lambda root: shift_load_base(root, 0x80000))
    run(out)
    listing = _dumpimage(out / "uimage")
    assert "Image Name:   phidias" in listing
    assert "Image Type:   AArch64 Linux Kernel Image (uncompressed)" in listing
    assert f"Data Size:    {IMAGE_SIZE} Bytes" in listing
    assert "Load Address: 00080000" in listing
    assert "Entry Point:  00080000" in listing
    assert "Created:      Thu Jan  1 00:00:00 1970" in listing  # no SOURCE_DATE_EPOCH: 0
    uimg = (out / "uimage").read_bytes()
    assert uimg[64:] == (out / "image").read_bytes()


@needs_uboot_tools
@pytest.mark.parametrize("arch, flag", [("arm64", "arm64"), ("arm", "arm")])
def test_header_equals_mkimage(tmp_path, monkeypatch, arch, flag):
    """Byte for byte what `mkimage -O linux -T kernel -C none` writes for the same image."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = make_build_dir(tmp_path, "uboot")

    def change(root):
        shift_load_base(root, 0x8000)
        set_arch(root, arch)

    edit(out, change)
    run(out)
    reference = tmp_path / "mkimage.uimage"
    subprocess.run(
        ["mkimage", "-A", flag, "-O", "linux", "-T", "kernel", "-C", "none",
         "-a", "0x8000", "-e", "0x8000", "-n", "phidias",
         "-d", str(out / "image"), str(reference)],
        check=True, capture_output=True,  # SOURCE_DATE_EPOCH from monkeypatch
    )
    assert (out / "uimage").read_bytes() == reference.read_bytes()


def test_uboot_writes_image_too(tmp_path):
    out = make_build_dir(tmp_path, "uboot")
    run(out)
    assert (out / "image").stat().st_size == IMAGE_SIZE
    assert (out / "uimage").stat().st_size == IMAGE_SIZE + uimage.HEADER_SIZE
    assert not (out / "image.efi").exists()


def _fields(blob: bytes):
    return struct.unpack(">7I4B32s", blob[:64])


@given(data=st.binary(max_size=300), load=st.integers(0, 2**32 - 1),
       entry=st.integers(0, 2**32 - 1), time=st.integers(0, 2**32 - 1),
       name=st.text(alphabet="abcxyz_-0189", max_size=32))
def test_header_fields_property(data, load, entry, time, name):
    blob = uimage.wrap(data, load=load, entry=entry, name=name, arch="arm", time=time)
    magic, hcrc, t, size, ld, ep, dcrc, os_, arch, typ, comp, raw_name = _fields(blob)
    assert (magic, t, size, ld, ep) == (0x27051956, time, len(data), load, entry)
    assert dcrc == zlib.crc32(data) and blob[64:] == data
    assert (os_, arch, typ, comp) == (5, 2, 2, 0)
    assert raw_name.rstrip(b"\0") == name.encode()
    assert hcrc == zlib.crc32(blob[:4] + bytes(4) + blob[8:64])


# --- errors ---------------------------------------------------------------


def test_load_base_above_4g(tmp_path):
    out = make_build_dir(tmp_path, "uboot")
    edit(out, lambda root: shift_load_base(root, 1 << 32))
    with pytest.raises(SchismError) as e:
        run(out)
    assert str(e.value) == (
        f"{out}/scenario_pagetables.xml:89: error: hypervisor load_base: 0x100000000 does "
        "not fit the 32-bit load address of a U-Boot image"
    )
    assert not (out / "image").exists() and not (out / "uimage").exists()


def test_entry_above_4g():
    with pytest.raises(ImageFieldError, match="0x100000000 does not fit the 32-bit entry"):
        uimage.header(b"", load=0, entry=1 << 32, name="x", arch="arm", time=0)


def test_size_above_4g():
    class Huge(bytes):
        def __len__(self):
            return 1 << 32

    with pytest.raises(ImageFieldError, match="does not fit the 32-bit data size"):
        uimage.header(Huge(), load=0, entry=0, name="x", arch="arm", time=0)


def test_unsupported_arch(tmp_path):
    out = make_build_dir(tmp_path, "uboot")
    edit(out, lambda root: set_arch(root, "riscv"))
    with pytest.raises(SchismError) as e:
        run(out)
    assert str(e.value) == (
        f"{out}/scenario_pagetables.xml:2: error: platform arch: 'riscv' has no U-Boot "
        "architecture code here (supported: arm, arm64)"
    )
    assert not (out / "image").exists()


def test_name_too_long(tmp_path):
    out = make_build_dir(tmp_path, "uboot")
    cbi = "x" * 33
    (out / "phidias.elf").rename(out / f"{cbi}.elf")
    edit(out, lambda root: root.set("cbi", cbi))
    with pytest.raises(SchismError) as e:
        run(out)
    assert str(e.value) == (
        f"{out}/scenario_pagetables.xml:1: error: scenario cbi: '{cbi}' is longer than the "
        "32-byte U-Boot image name"
    )


@pytest.mark.parametrize("value, message", [
    ("soon", "SOURCE_DATE_EPOCH: 'soon' is not a number of seconds (decimal digits)"),
    ("4294967296", "SOURCE_DATE_EPOCH: 4294967296 does not fit the 32-bit time field of "
                   "the image header"),
])
def test_bad_source_date_epoch(tmp_path, monkeypatch, value, message):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = make_build_dir(tmp_path, "uboot")
    with pytest.raises(SchismError) as e:
        run(out)
    assert str(e.value) == f"error: {message}"
    assert not (out / "image").exists()
