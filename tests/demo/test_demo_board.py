"""xmllib/board_qemu_virt_arm64.xml against the device tree QEMU itself
describes the virt machine with (-M virt,dumpdtb=FILE)."""

from __future__ import annotations

import struct
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from .helpers import QEMU, REPO

BOARD = REPO / "xmllib" / "board_qemu_virt_arm64.xml"


def _board() -> dict[str, tuple[int, int]]:
    root = etree.parse(str(BOARD)).getroot()
    return {el.get("id"): (int(el.get("base"), 16), int(el.get("size"), 16))
            for el in root if el.tag in ("device", "memory")}


def _fdt_regs(blob: bytes) -> dict[str, list[tuple[int, int]]]:
    """`reg` of every top-level node (root #address-cells = #size-cells = 2)."""
    magic, _, off_struct, off_strings = struct.unpack_from(">IIII", blob)
    assert magic == 0xD00DFEED
    regs: dict[str, list[tuple[int, int]]] = {}
    pos, path = off_struct, []
    while True:
        (token,) = struct.unpack_from(">I", blob, pos)
        pos += 4
        if token == 1:  # BEGIN_NODE
            end = blob.index(b"\0", pos)
            path.append(blob[pos:end].decode())
            pos = (end + 4) & ~3
        elif token == 2:  # END_NODE
            path.pop()
        elif token == 3:  # PROP
            length, name_off = struct.unpack_from(">II", blob, pos)
            pos += 8
            name = blob[off_strings + name_off:blob.index(b"\0", off_strings + name_off)]
            if name == b"reg" and len(path) == 2:
                cells = struct.unpack_from(f">{length // 8}Q", blob, pos)
                regs[path[1]] = list(zip(cells[::2], cells[1::2], strict=True))
            pos = (pos + length + 3) & ~3
        elif token == 9:  # END
            return regs


@pytest.mark.skipif(QEMU is None, reason="qemu-system-aarch64 is not installed")
def test_board_is_what_qemu_describes(tmp_path: Path):
    dtb = tmp_path / "virt.dtb"
    subprocess.run([QEMU, "-M", f"virt,virtualization=on,dumpdtb={dtb}", "-cpu", "cortex-a57",
                    "-m", "128M", "-nographic", "-nic", "none"],
                   check=True, capture_output=True, timeout=60)
    regs = _fdt_regs(dtb.read_bytes())
    board = _board()
    assert regs["pl011@9000000"] == [board["serial"]]
    assert regs["memory@40000000"] == [board["dram"]]
    gic = regs["intc@8000000"]  # distributor, CPU, hypervisor, virtual CPU interface
    assert gic == [board["gic_dist"], board["gic_cpu"], board["gic_hyp"], board["gic_vcpu"]]


def test_board_values():
    assert _board() == {
        "serial": (0x09000000, 0x1000),
        "gic_dist": (0x08000000, 0x10000),
        "gic_cpu": (0x08010000, 0x10000),
        "gic_hyp": (0x08030000, 0x10000),
        "gic_vcpu": (0x08040000, 0x10000),
        "dram": (0x40000000, 0x8000000),
    }
