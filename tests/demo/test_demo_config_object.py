"""The demo configuration as compiled: the bytes equal the documented layout
(schism/cbi/demo/layout.py), both iterations have the same size, and the
cross and host compilers give the same bytes (it is plain data)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from schism import xmlio
from schism.cbi.demo import DemoCBI, layout
from schism.cbi.demo.generator import collect

from .helpers import CROSS_GCC, HOST_GCC, HYPERVISOR, Built

CBI = DemoCBI()
needs_gcc = pytest.mark.skipif(CROSS_GCC is None and HOST_GCC is None, reason="no gcc")


def _flags(o: Path) -> list[str]:
    """The compiler flags the hypervisor's stage 0 writes (invoke_gcc.cmd minus gcc)."""
    return (o / "invoke_gcc.cmd").read_text().split()[1:]


def _compile(gcc: str, flags: list[str], source: Path, start: int, out: Path) -> list[bytes]:
    """The object's load segments' bytes, linked at `start`."""
    subprocess.run(
        [gcc, *flags, "-Werror", "-fno-zero-initialized-in-bss",
         f"-Wl,-T{CBI.config_linker_script},--unresolved-symbols=ignore-all,"
         f"--defsym=CONFIG_START={start:#x}", str(source), "-o", str(out)],
        check=True, capture_output=True)
    with out.open("rb") as f:
        elf = ELFFile(f)
        return [s.data().ljust(s["p_memsz"], b"\0") for s in elf.iter_segments()
                if s["p_type"] == "PT_LOAD"]


def _source(tree, iteration: int, path: Path) -> Path:
    path.write_text(CBI.generate_config(tree, iteration))
    return path


@needs_gcc
def test_compiled_bytes_are_the_layout(demo_raw: Built, tmp_path: Path):
    tree = xmlio.parse_file(demo_raw.o / "scenario_pagetables.xml")
    gcc = CROSS_GCC or HOST_GCC
    segments = _compile(gcc, _flags(demo_raw.o), _source(tree, 2, tmp_path / "c.c"),
                        demo_raw.map_va("config_r"), tmp_path / "c.xo")
    expected = collect(tree, 2).pack()
    assert [len(s) for s in segments] == [0x1000] * 3
    assert segments[0][:len(expected)] == expected
    assert segments[0][len(expected):] == bytes(0x1000 - len(expected))
    assert segments[1][:8] == layout.RW_MARKER.to_bytes(8, "little")
    assert segments[2][:8] == layout.RWS_MARKER.to_bytes(8, "little")
    # and the committed build's object is the same
    with (demo_raw.o / "scenario_config_real.xo").open("rb") as f:
        built = [s.data() for s in ELFFile(f).iter_segments() if s["p_type"] == "PT_LOAD"]
    assert built[0][:len(expected)] == expected


@needs_gcc
def test_iterations_have_the_same_size(demo_raw: Built, tmp_path: Path):
    first = xmlio.parse_file(demo_raw.o / "scenario_reparented.xml")
    final = xmlio.parse_file(demo_raw.o / "scenario_pagetables.xml")
    assert len(collect(first, 1).pack()) == len(collect(final, 2).pack())
    gcc = CROSS_GCC or HOST_GCC
    one = _compile(gcc, _flags(demo_raw.o), _source(first, 1, tmp_path / "1.c"), 0xEEEEE000,
                   tmp_path / "1.xo")
    two = _compile(gcc, _flags(demo_raw.o), _source(final, 2, tmp_path / "2.c"), 0xEEEEE000,
                   tmp_path / "2.xo")
    assert [len(s) for s in one] == [len(s) for s in two]
    size = re.search(r"sizeof\(struct demo_config\) == (\d+)", (tmp_path / "1.c").read_text())
    assert int(size.group(1)) == len(collect(final, 2).pack())


@pytest.mark.skipif(CROSS_GCC is None or HOST_GCC is None, reason="needs cross and host gcc")
def test_cross_and_host_gcc_give_the_same_bytes(demo_raw: Built, tmp_path: Path):
    tree = xmlio.parse_file(demo_raw.o / "scenario_pagetables.xml")
    source = _source(tree, 2, tmp_path / "c.c")
    start = demo_raw.map_va("config_r")
    cross = _compile(CROSS_GCC, _flags(demo_raw.o), source, start, tmp_path / "cross.xo")
    host = _compile(HOST_GCC, _flags(demo_raw.o), source, start, tmp_path / "host.xo")
    with (tmp_path / "host.xo").open("rb") as f:
        assert ELFFile(f)["e_machine"] == "EM_X86_64"
    assert cross == host


def test_stage0_writes_the_host_compiler_without_a_cross_one(tmp_path: Path):
    make = shutil.which("make")
    if make is None:
        pytest.skip("no make")
    subprocess.run([make, "-s", "-C", str(HYPERVISOR), f"O={tmp_path}",
                    "CROSS_COMPILE=no-such-prefix-"], check=True, capture_output=True)
    assert (tmp_path / "invoke_gcc.cmd").read_text().split()[0] == "gcc"
    assert (tmp_path / "demo.elf").read_bytes() == (HYPERVISOR / "demo.elf").read_bytes()


def test_header_file_matches_the_layout():
    """examples/demo-hypervisor/demo_config.h says what layout.py says."""
    text = (HYPERVISOR / "demo_config.h").read_text()
    defines = {m[1]: int(m[2], 0) for m in
               re.finditer(r"#define\s+(\w+)\s+(0x[0-9a-f]+|\d+)\b", text)}
    assert defines["DEMO_CONFIG_MAGIC"] == layout.MAGIC
    assert defines["DEMO_CONFIG_VERSION"] == layout.VERSION
    assert defines["DEMO_NONE"] == layout.NONE
    assert defines["DEMO_RW_MARKER"] == layout.RW_MARKER
    assert defines["DEMO_RWS_MARKER"] == layout.RWS_MARKER
    assert defines["DEMO_NAME_BYTES"] == layout.NAME_BYTES
    offset = 0
    for name, ctype in layout.HEADER_FIELDS:
        assert defines[f"HDR_{name.upper()}"] == offset, name
        offset += 8 if ctype == "uint64_t" else 4
    assert defines["HDR_BYTES"] == offset == layout.HEADER.size
    offset = 0
    for name, ctype in layout.MEMAREA_FIELDS:
        if f"MA_{name.upper()}" in defines:
            assert defines[f"MA_{name.upper()}"] == offset, name
        offset += {"uint64_t": 8, "uint32_t": 4}.get(ctype, layout.NAME_BYTES)
    assert 1 << defines["MA_SHIFT"] == offset == layout.MEMAREA.size
    for i, letter in enumerate(layout.FLAG_LETTERS):
        assert re.search(rf"#define DEMO_FLAG_{letter.upper()} \(1u << {i}\)", text)
