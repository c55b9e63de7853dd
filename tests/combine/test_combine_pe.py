"""image="efi-pe": the PE/COFF EFI application around the raw image, read by
binutils (aarch64-linux-gnu-objdump knows pei-aarch64-little) and by the
independent header reader in helpers.py. Layout: docs/combine.md."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schism.errors import SchismError
from schism.image import ImageFieldError, pe

from .helpers import IMAGE_SIZE, edit, make_build_dir, parse_pe, run, set_arch, shift_load_base

OBJDUMP = shutil.which("aarch64-linux-gnu-objdump")
LLVM_OBJDUMP = shutil.which("llvm-objdump")
SECTION_FLAGS = 0xE0000060  # code, initialized data, execute, read, write


def _objdump(tool: str, path) -> str:
    return subprocess.run([tool, "-x", str(path)], check=True, capture_output=True,
                          text=True).stdout


@pytest.mark.skipif(OBJDUMP is None, reason="binutils-aarch64-linux-gnu not installed")
def test_objdump_reads_arm64_pe(tmp_path):
    out = make_build_dir(tmp_path, "efi-pe")
    run(out)
    dump = _objdump(OBJDUMP, out / "image.efi")
    assert "file format pei-aarch64-little" in dump
    assert "architecture: aarch64" in dump
    assert "start address 0x0000000000001000" in dump  # entry 0x0 = load_base: image start
    assert re.search(r"Magic\s+020b\s+\(PE32\+\)", dump)
    assert re.search(r"Subsystem\s+0000000a\s+\(EFI application\)", dump)
    assert re.search(r"SectionAlignment\s+00001000", dump)
    assert re.search(r"FileAlignment\s+00001000", dump)
    assert re.search(r"SizeOfImage\s+000b4000", dump)
    assert re.search(r"SizeOfHeaders\s+00001000", dump)
    assert re.search(
        r"0 \.text\s+000b23e0\s+0+1000\s+0+1000\s+00001000\s+2\*\*\d+\s+"
        r"CONTENTS, ALLOC, LOAD, CODE, DATA", dump)


@pytest.mark.skipif(LLVM_OBJDUMP is None, reason="llvm not installed")
def test_llvm_objdump_reads_arm_pe32(tmp_path):
    out = make_build_dir(tmp_path, "efi-pe")
    edit(out, lambda root: set_arch(root, "arm"))
    run(out)
    dump = subprocess.run([LLVM_OBJDUMP, "-p", "-h", "-f", str(out / "image.efi")],
                          check=True, capture_output=True, text=True).stdout
    assert re.search(r"Magic\s+010b\s+\(PE32\)", dump)
    assert re.search(r"Subsystem\s+0000000a\s+\(EFI application\)", dump)
    assert re.search(r"AddressOfEntryPoint\s+00001000", dump)
    assert re.search(r"\.text\s+000b23e0 00001000", dump)


@pytest.mark.parametrize("arch, machine, magic", [("arm64", 0xAA64, 0x20B),
                                                  ("arm", 0x01C2, 0x10B)])
def test_pe_headers(tmp_path, monkeypatch, arch, machine, magic):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out = make_build_dir(tmp_path, "efi-pe")

    def change(root):
        shift_load_base(root, 0x80000)
        root.find("hypervisor").set("entry", "0x80000")
        set_arch(root, arch)

    edit(out, change)
    run(out)
    blob = (out / "image.efi").read_bytes()
    image = (out / "image").read_bytes()
    h = parse_pe(blob)
    assert (h.machine, h.magic, h.subsystem, h.nsections) == (machine, magic, 10, 1)
    assert h.timestamp == 1700000000
    assert (h.section_alignment, h.file_alignment, h.size_of_headers) == (0x1000,) * 3
    assert h.image_base == 0
    name, vsize, rva, rawsize, rawptr, flags = h.sections[0]
    assert (name, vsize, rva, rawsize, rawptr) == (b".text", IMAGE_SIZE, 0x1000, 0xB3000, 0x1000)
    assert flags == SECTION_FLAGS
    assert h.size_of_image == 0xB4000 and len(blob) == 0xB4000
    assert h.entry == 0x1000  # entry - load_base = 0
    assert blob[0x1000:0x1000 + IMAGE_SIZE] == image
    assert blob[0x1000 + IMAGE_SIZE:] == bytes(0xB3000 - IMAGE_SIZE)
    assert h.characteristics & 0x0001 == 0  # relocations not stripped: loadable anywhere


@given(size=st.integers(1, 3 * 4096 + 7), data=st.data(),
       arch=st.sampled_from(["arm", "arm64"]))
def test_pe_alignment_property(size, data, arch):
    payload = bytes([size % 251]) * size
    entry = data.draw(st.integers(0, size - 1))
    blob = pe.wrap(payload, arch=arch, entry_offset=entry, time=0)
    h = parse_pe(blob)
    _, vsize, rva, rawsize, rawptr, _ = h.sections[0]
    assert vsize == size and rva == rawptr == h.size_of_headers == 0x1000
    assert rawsize % h.file_alignment == 0 and rawsize - 0x1000 < size <= rawsize
    assert h.size_of_image % h.section_alignment == 0
    assert h.size_of_image == rva + rawsize == len(blob)
    assert h.entry == 0x1000 + entry
    assert blob[rawptr:rawptr + size] == payload


# --- errors ---------------------------------------------------------------


@pytest.mark.parametrize("offset, message", [
    (-4, "lies 0x4 bytes below load_base, outside the image (a PE entry point is an "
         "offset into the image)"),
    (IMAGE_SIZE, "lies 0xb23e0 bytes above load_base, beyond the end of the 0xb23e0-byte "
                 "image"),
])
def test_entry_outside_image(offset, message):
    with pytest.raises(ImageFieldError) as e:
        pe.wrap(bytes(IMAGE_SIZE), arch="arm64", entry_offset=offset, time=0)
    assert str(e.value) == message
    assert (e.value.element, e.value.attribute) == ("hypervisor", "entry")


def test_pe_unsupported_arch(tmp_path):
    out = make_build_dir(tmp_path, "efi-pe")
    edit(out, lambda root: set_arch(root, "x86"))
    with pytest.raises(SchismError) as e:
        run(out)
    assert str(e.value) == (
        f"{out}/scenario_pagetables.xml:2: error: platform arch: 'x86' has no PE machine "
        "type here (supported: arm64, arm)"
    )
    assert not (out / "image").exists() and not (out / "image.efi").exists()


def test_image_too_large_for_pe():
    class Huge(bytes):
        def __len__(self):
            return (1 << 32) - 0x1000

    with pytest.raises(ImageFieldError) as e:
        pe.wrap(Huge(), arch="arm64", entry_offset=0, time=0)
    assert str(e.value) == "a 0xfffff000-byte image is too large for a PE file"
    assert (e.value.element, e.value.attribute) == ("scenario", "image")
