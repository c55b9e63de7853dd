"""PE/COFF EFI application (`image.efi`) carrying the raw image in one section
(the original left `efi-pe` unimplemented; layout in docs/combine.md).

File and memory layout coincide (FileAlignment = SectionAlignment = 4 KiB):
headers in the first page, the raw image from RVA/offset 0x1000, zero-padded
to a page. arm64 gets PE32+ (machine 0xAA64), arm PE32 (0x01C2, ARM/Thumb),
the machine types the UEFI specification names for those CPUs.
"""

from __future__ import annotations

import struct

from schism.ext.values import PAGE_SHIFT, align_up, format_hex
from schism.image import ImageFieldError

ALIGN = 1 << PAGE_SHIFT  # SectionAlignment and FileAlignment
SECTION_RVA = ALIGN  # headers fill the first page
MACHINES = {"arm64": 0xAA64, "arm": 0x01C2}  # IMAGE_FILE_MACHINE_ARM64, _ARMTHUMB_MIXED
PE32PLUS = {"arm64": True, "arm": False}  # optional header format per arch
SUBSYSTEM_EFI_APPLICATION = 10
NUM_DATA_DIRECTORIES = 16
PE_OFFSET = 0x40  # e_lfanew: the PE signature follows the 64-byte DOS header

# COFF characteristics: EXECUTABLE_IMAGE | LINE_NUMS_STRIPPED | LOCAL_SYMS_STRIPPED
# | DEBUG_STRIPPED, plus LARGE_ADDRESS_AWARE (PE32+) or 32BIT_MACHINE (PE32).
# Relocations are not marked stripped: a loader may place the image anywhere.
_COFF_FLAGS = 0x0002 | 0x0004 | 0x0008 | 0x0200
_COFF_FLAGS_64 = _COFF_FLAGS | 0x0020
_COFF_FLAGS_32 = _COFF_FLAGS | 0x0100
# Section: CNT_CODE | CNT_INITIALIZED_DATA | MEM_EXECUTE | MEM_READ | MEM_WRITE
# (it holds code, data and the page tables alike).
_SECTION_FLAGS = 0x00000020 | 0x00000040 | 0x20000000 | 0x40000000 | 0x80000000
SECTION_NAME = b".text"

_COFF = struct.Struct("<4sHHIIIHH")  # signature + COFF file header
_OPT64 = struct.Struct("<HBBIIIIIQIIHHHHHHIIIIHHQQQQII")  # PE32+ optional header
_OPT32 = struct.Struct("<HBBIIIIIIIIIHHHHHHIIIIHHIIIIII")  # PE32 optional header
_SECTION = struct.Struct("<8sIIIIIIHHI")
_DATA_DIRECTORIES = bytes(8 * NUM_DATA_DIRECTORIES)


def _optional_header(
    plus: bool, raw_size: int, entry_rva: int, size_of_image: int
) -> bytes:
    common_head = (raw_size, 0, 0, entry_rva, SECTION_RVA)  # code, init., uninit., entry, code
    versions = (0, 0, 0, 0, 0, 0)  # OS, image, subsystem: (major, minor) each
    tail = (0, size_of_image, ALIGN, 0, SUBSYSTEM_EFI_APPLICATION, 0)
    # tail: Win32VersionValue, SizeOfImage, SizeOfHeaders, CheckSum, Subsystem,
    # DllCharacteristics; then stack/heap reserve/commit 0, LoaderFlags 0
    if plus:
        fields = (0x20B, 0, 0, *common_head, 0, ALIGN, ALIGN, *versions, *tail,
                  0, 0, 0, 0, 0, NUM_DATA_DIRECTORIES)
        return _OPT64.pack(*fields) + _DATA_DIRECTORIES
    fields = (0x10B, 0, 0, *common_head, SECTION_RVA, 0, ALIGN, ALIGN, *versions, *tail,
              0, 0, 0, 0, 0, NUM_DATA_DIRECTORIES)
    return _OPT32.pack(*fields) + _DATA_DIRECTORIES


def check_fields(*, arch: str) -> None:
    """What a scenario gives before anything is measured: the arch, which
    names the PE machine type (`schism check` asks too)."""
    if arch not in MACHINES:
        raise ImageFieldError(
            "platform", "arch",
            f"'{arch}' has no PE machine type here (supported: {', '.join(MACHINES)})",
        )


def wrap(data: bytes, *, arch: str, entry_offset: int, time: int) -> bytes:
    """The EFI application for `data`; execution starts `entry_offset` bytes into it."""
    check_fields(arch=arch)
    if entry_offset < 0:
        raise ImageFieldError(
            "hypervisor", "entry", f"lies {format_hex(-entry_offset)} bytes below load_base, "
            "outside the image (a PE entry point is an offset into the image)",
        )
    if entry_offset >= len(data):
        raise ImageFieldError(
            "hypervisor", "entry", f"lies {format_hex(entry_offset)} bytes above load_base, "
            f"beyond the end of the {format_hex(len(data))}-byte image",
        )
    raw_size = align_up(len(data), PAGE_SHIFT)
    size_of_image = SECTION_RVA + raw_size
    if size_of_image >= 1 << 32:
        raise ImageFieldError(
            "scenario", "image", f"a {format_hex(len(data))}-byte image is too large for a PE file"
        )
    plus = PE32PLUS[arch]
    optional = _optional_header(plus, raw_size, SECTION_RVA + entry_offset, size_of_image)
    coff = _COFF.pack(
        b"PE\0\0", MACHINES[arch], 1, time, 0, 0, len(optional),
        _COFF_FLAGS_64 if plus else _COFF_FLAGS_32,
    )
    section = _SECTION.pack(
        SECTION_NAME, len(data), SECTION_RVA, raw_size, SECTION_RVA, 0, 0, 0, 0, _SECTION_FLAGS
    )
    dos = bytearray(PE_OFFSET)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, PE_OFFSET)
    headers = bytes(dos) + coff + optional + section
    return headers.ljust(SECTION_RVA, b"\0") + data.ljust(raw_size, b"\0")
