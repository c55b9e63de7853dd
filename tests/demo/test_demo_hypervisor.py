"""The committed demo hypervisor ELF: the shape stage 4 expects, and equal to
a fresh build of its sources (reproducible build)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from .helpers import CROSS_GCC, HYPERVISOR

ELF = HYPERVISOR / "demo.elf"


def test_four_load_segments_rx_r_rws_rw():
    with ELF.open("rb") as f:
        elf = ELFFile(f)
        loads = [s for s in elf.iter_segments() if s["p_type"] == "PT_LOAD"]
        assert [s["p_flags"] for s in loads] == [5, 4, 6, 6]  # R+X, R, RW, RW
        assert elf["e_machine"] == "EM_AARCH64"
        assert elf["e_entry"] == loads[0]["p_vaddr"] == 0x8000000000
        end = loads[0]["p_vaddr"]
        for s in loads:  # page-aligned and back to back: the image is contiguous
            assert s["p_vaddr"] == end and s["p_memsz"] % 0x1000 == 0
            end += s["p_memsz"]
        sym = elf.get_section_by_name(".symtab")
        assert sym.get_symbol_by_name("__hv_size")[0]["st_value"] == end - 0x8000000000


@pytest.mark.skipif(CROSS_GCC is None or shutil.which("make") is None,
                    reason="needs aarch64-linux-gnu-gcc and make")
def test_committed_elf_is_current(tmp_path: Path):
    fresh = tmp_path / "demo.elf"
    subprocess.run(["make", "-s", "-C", str(HYPERVISOR), f"BUILD={tmp_path / 'build'}",
                    f"ELF={fresh}"], check=True, capture_output=True)
    assert fresh.read_bytes() == ELF.read_bytes(), \
        "examples/demo-hypervisor/demo.elf is stale: run make -C examples/demo-hypervisor"
