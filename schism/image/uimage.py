"""U-Boot legacy image (`uimage`): a 64-byte big-endian header before the raw
image, as `mkimage -T kernel -C none` writes it (U-Boot include/image.h).

OS code: Linux. U-Boot's `bootm` hands a Linux kernel over in EL2 (arm64) or
HYP mode (arm, with CONFIG_ARMV7_VIRT), which is what a hypervisor needs, and
every U-Boot build has that boot path; the other codes either have no `bootm`
handler (u-boot, firmware) or a different hand-over (efi, tee).
"""

from __future__ import annotations

import struct
import zlib

from schism.ext.values import format_hex
from schism.image import ImageFieldError

MAGIC = 0x27051956  # IH_MAGIC
HEADER_SIZE = 64
NAME_LEN = 32  # IH_NMLEN
OS_LINUX = 5  # IH_OS_LINUX
TYPE_KERNEL = 2  # IH_TYPE_KERNEL
COMP_NONE = 0  # IH_COMP_NONE
ARCH_CODES = {"arm": 2, "arm64": 22}  # IH_ARCH_ARM, IH_ARCH_ARM64

# magic, hcrc, time, size, load, ep, dcrc, os, arch, type, comp, name
_HEADER = struct.Struct(f">7I4B{NAME_LEN}s")
_U32 = 1 << 32


def _u32(value: int, element: str, attribute: str, what: str) -> int:
    if not 0 <= value < _U32:
        raise ImageFieldError(
            element, attribute,
            f"{format_hex(value)} does not fit the 32-bit {what} of a U-Boot image",
        )
    return value


def check_fields(*, name: str, arch: str, load: int | None = None) -> None:
    """The header fields a scenario gives before anything is measured: the
    arch, the name (the CBI) and the load address (`schism check` asks too)."""
    if arch not in ARCH_CODES:
        raise ImageFieldError(
            "platform", "arch",
            f"'{arch}' has no U-Boot architecture code here (supported: {', '.join(ARCH_CODES)})",
        )
    if len(name.encode("utf-8")) > NAME_LEN:
        raise ImageFieldError(
            "scenario", "cbi", f"'{name}' is longer than the {NAME_LEN}-byte U-Boot image name"
        )
    if load is not None:
        _u32(load, "hypervisor", "load_base", "load address")


def header(data: bytes, *, load: int, entry: int, name: str, arch: str, time: int) -> bytes:
    """The header for `data`; its CRC is computed over the header with the CRC field 0."""
    check_fields(name=name, arch=arch, load=load)
    raw_name = name.encode("utf-8")
    fields = (
        MAGIC, 0, time,
        _u32(len(data), "scenario", "image", "data size"),
        _u32(load, "hypervisor", "load_base", "load address"),
        _u32(entry, "hypervisor", "entry", "entry point"),
        zlib.crc32(data),
        OS_LINUX, ARCH_CODES[arch], TYPE_KERNEL, COMP_NONE, raw_name,
    )
    blank = _HEADER.pack(*fields)
    return _HEADER.pack(fields[0], zlib.crc32(blank), *fields[2:])


def wrap(data: bytes, *, load: int, entry: int, name: str, arch: str, time: int) -> bytes:
    return header(data, load=load, entry=entry, name=name, arch=arch, time=time) + data
