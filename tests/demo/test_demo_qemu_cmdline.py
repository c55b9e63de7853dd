"""Every QEMU command line boot.py builds runs without optional packages:
no network device, so no boot ROM from ipxe-qemu is needed (issue 8)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from .helpers import BOOT


def _boot_module():
    spec = importlib.util.spec_from_file_location("demo_boot", BOOT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kind", ["raw", "uboot", "efi-pe"])
def test_no_network_device(kind: str, tmp_path: Path):
    facts = {"load_base": 0x40080000, "entry": 0x40080000, "ram": 128 << 20, "kind": kind}
    image = tmp_path / "image"
    image.write_bytes(b"\0")
    cmd = _boot_module().qemu_command("qemu-system-aarch64", image, facts, "fw.fd", tmp_path)
    assert "-nic" in cmd and cmd[cmd.index("-nic") + 1] == "none"
