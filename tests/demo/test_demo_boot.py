"""The demo boots in QEMU and checks schism's work through its own page
tables (docs/demo.md); corrupting the image makes it report the failure."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from .helpers import EXAMPLE, QEMU, Built, boot, build

pytestmark = pytest.mark.skipif(QEMU is None, reason="qemu-system-aarch64 is not installed")

FIRMWARE = Path("/usr/share/qemu-efi-aarch64/QEMU_EFI.fd")


@pytest.fixture(scope="module")
def raw_boot(demo_raw: Built) -> tuple[int, list[str]]:
    return boot(demo_raw.o, timeout=30)


def test_banner_and_configuration(raw_boot, demo_raw: Built):
    rc, lines = raw_boot
    assert rc == 0, "\n".join(lines)
    entry = demo_raw.load_base
    config_pa = demo_raw.base("config_r")
    assert lines[0] == (f"schism-demo: entered at EL2, PA {entry:#x}, "
                        f"configuration at PA {config_pa:#x}")
    assert lines[1].startswith("schism-demo: SCHISM demo hypervisor running at 0x80000")
    assert lines[1].endswith(" on CPU 0's page table")
    assert lines[2] == (
        f"schism-demo: configuration va={demo_raw.map_va('config_r'):#x} pa={config_pa:#x} "
        f"init_table={demo_raw.table(-1):#x} cpus=2 memareas=16 files=2"
    )
    assert lines[3:5] == [f"schism-demo: cpu {i} table={demo_raw.table(i):#x}" for i in (0, 1)]


def test_every_memarea_line(raw_boot, demo_raw: Built):
    _, lines = raw_boot
    printed = [line for line in lines if line.startswith("schism-demo: memarea ")]
    expected = demo_raw.memarea_lines()
    assert len(expected) == 16
    assert printed == expected


def test_templates_and_payloads(raw_boot, demo_raw: Built):
    _, lines = raw_boot
    assert "schism-demo: rw data copied from its templates, markers ok" in lines
    blob_va = demo_raw.map_va("blob")
    for (name, offset, size), href in zip(demo_raw.files(), ("hello.txt", "payload.bin"),
                                          strict=True):
        crc = zlib.crc32((EXAMPLE / href).read_bytes())
        assert (f"schism-demo: file {name} va={blob_va + offset:#x} size={size:#x} "
                f"crc32={crc:#x} ok") in lines


def test_final_line_ok(raw_boot):
    rc, lines = raw_boot
    assert rc == 0
    assert lines[-1] == "schism-demo: OK"
    assert not [line for line in lines if "FAIL" in line]


def test_corrupted_payload_byte_is_reported(demo_raw: Built, tmp_path: Path):
    image = bytearray((demo_raw.o / "image").read_bytes())
    name, offset, _ = demo_raw.files()[1]
    image[demo_raw.base("blob") - demo_raw.load_base + offset + 100] ^= 0x5A
    bad = tmp_path / "image"
    bad.write_bytes(image)
    rc, lines = boot(demo_raw.o, bad, timeout=30)
    assert rc == 1
    assert lines[-1].startswith(f"schism-demo: FAIL file {name} ")
    assert " expected " in lines[-1]
    assert "schism-demo: OK" not in lines


def test_corrupted_page_table_entry_is_reported(demo_raw: Built, tmp_path: Path):
    image = bytearray((demo_raw.o / "image").read_bytes())
    blob_va = demo_raw.map_va("blob")
    at = demo_raw.leaf_offset(image, 0, blob_va)
    image[at] &= 0xFE  # CPU 0's entry for the blob's first page: invalid
    bad = tmp_path / "image"
    bad.write_bytes(image)
    rc, lines = boot(demo_raw.o, bad, timeout=30)
    assert rc == 1
    assert lines[-1].startswith("schism-demo: FAIL exception ESR_EL2=")
    fields = dict(f.split("=") for f in lines[-1].split()[3:])
    esr = int(fields["ESR_EL2"], 16)
    assert esr >> 26 == 0x25  # data abort taken at EL2
    assert esr & 0x3F == 0x07  # translation fault, level 3: the page entry is gone
    assert int(fields["FAR_EL2"], 16) == blob_va
    assert "schism-demo: OK" not in lines


@pytest.mark.parametrize("delta", [0x2000, -0x2000, 0x3E00000],
                         ids=["above-overlapping", "below-overlapping", "far-above"])
def test_image_loaded_elsewhere_moves_itself(demo_raw: Built, delta: int):
    """What UEFI does to the efi-pe variant, with the raw image: the copy
    must survive source and destination overlapping either way."""
    at = demo_raw.load_base + delta
    rc, lines = boot(demo_raw.o, timeout=30, extra=("--load-at", hex(at)))
    assert rc == 0, "\n".join(lines)
    assert lines[0] == (f"schism-demo: loaded at PA {at:#x}, moving the image to its "
                        f"load_base {demo_raw.load_base:#x}")
    assert lines[1].startswith(f"schism-demo: entered at EL2, PA {demo_raw.load_base:#x}")
    assert lines[-1] == "schism-demo: OK"


def test_uboot_image_boots(tmp_path: Path):
    o = build(tmp_path / "O", "uboot")
    rc, lines = boot(o, timeout=30)
    assert rc == 0, "\n".join(lines)
    assert lines[-1] == "schism-demo: OK"


@pytest.mark.skipif(not FIRMWARE.exists(), reason="no UEFI firmware (qemu-efi-aarch64)")
def test_efi_image_boots_through_uefi(tmp_path: Path):
    o = build(tmp_path / "O", "efi-pe")
    rc, lines = boot(o, timeout=90)
    assert rc == 0, "\n".join(lines)
    # UEFI loads it elsewhere; the hypervisor moves it to load_base first
    assert lines[0].startswith("schism-demo: loaded at PA ")
    assert lines[0].endswith(", moving the image to its load_base 0x40200000")
    assert lines[-1] == "schism-demo: OK"
