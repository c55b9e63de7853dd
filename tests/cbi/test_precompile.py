"""Stage -1, `schism precompile O` (docs/cbi.md -1.1, -1.2): Makeconf content,
the cross-compiler search on a fake PATH, rewriting only on change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import line_of, run_cli

from schism import cbi

SCENARIO = """<scenario version="1.00" cbi="phidias" image="raw">
  <platform board="{board}" arch="{arch}" />
  <hypervisor ncpus="2" load_base="0x0">
    <feature name="driver:irq" value="gic" />
    <feature name="multiplexer" value="yes" />
    <feature name="driver:uart" value="pl011" />
    <feature name="debugger" value="yes" />
    <feature name="driver:timer" value="sp804" />
    <feature name="driver:clock" value="mpcore" />
    <mmu type="hardware" format="arm64:g4io40" />
  </hypervisor>
</scenario>
"""


def _fake_path(tmp_path: Path, monkeypatch, *compilers: str) -> None:
    """PATH holding only executables named `compilers`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    for name in compilers:
        exe = bin_dir / name
        exe.write_text("#!/bin/sh\nexit 0\n")
        exe.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.delenv("CROSS_COMPILE", raising=False)


def _build(tmp_path: Path, arch: str = "arm64", board: str = "raspberrypi3") -> Path:
    build = tmp_path / "O"
    build.mkdir()
    (build / "scenario.xml").write_text(SCENARIO.format(arch=arch, board=board))
    return build


def test_makeconf_content(tmp_path, monkeypatch, capsys):
    build = _build(tmp_path)
    _fake_path(tmp_path, monkeypatch, "aarch64-linux-gnu-gcc")
    rc, err = run_cli(capsys, "precompile", build)
    assert rc == 0, err
    assert (build / "Makeconf").read_text() == (
        "ARCH := arm64\n"
        "PLATFORM := raspberrypi3\n"
        "TARGET_PREFIX := aarch64-linux-gnu-\n"
        "FEATURE_DEBUG := yes\n"
        "UART_DRIVER_PL011 := yes\n"
        "TIMER_DRIVER_SP804 := yes\n"
        "CLOCK_DRIVER_MPCORE := yes\n"
        "IRQ_DRIVER_GIC := yes\n"
    )


@pytest.mark.parametrize("arch, found, prefix", [
    ("arm64", ["aarch64-linux-gnu-gcc", "aarch64-unknown-elf-gcc"], "aarch64-unknown-elf-"),
    ("arm64", ["aarch64-linux-gnu-gcc", "aarch64-unknown-linux-gnu-gcc"],
     "aarch64-unknown-linux-gnu-"),
    ("arm64", ["aarch64-linux-gnu-gcc", "arm-none-eabi-gcc"], "aarch64-linux-gnu-"),
    ("arm", ["arm-linux-gnueabihf-gcc", "arm-none-eabi-gcc"], "arm-none-eabi-"),
    ("arm", ["arm-linux-gnueabihf-gcc", "aarch64-linux-gnu-gcc"], "arm-linux-gnueabihf-"),
])
def test_prefix_search_order(tmp_path, monkeypatch, capsys, arch, found, prefix):
    build = _build(tmp_path, arch=arch)
    _fake_path(tmp_path, monkeypatch, *found)
    assert run_cli(capsys, "precompile", build)[0] == 0
    assert f"TARGET_PREFIX := {prefix}\n" in (build / "Makeconf").read_text()


def test_cross_compile_overrides(tmp_path, monkeypatch, capsys):
    build = _build(tmp_path)
    _fake_path(tmp_path, monkeypatch)
    monkeypatch.setenv("CROSS_COMPILE", "/opt/x/bin/aarch64-none-elf-")
    assert run_cli(capsys, "precompile", build)[0] == 0
    assert "TARGET_PREFIX := /opt/x/bin/aarch64-none-elf-\n" in (build / "Makeconf").read_text()


def test_no_compiler(tmp_path, monkeypatch, capsys):
    build = _build(tmp_path)
    _fake_path(tmp_path, monkeypatch, "arm-none-eabi-gcc")
    rc, err = run_cli(capsys, "precompile", build)
    path = build / "scenario.xml"
    assert rc == 1
    assert err.strip() == (
        f"{path}:{line_of(path, '<platform')}: error: platform arch: no cross compiler for "
        "'arm64' on PATH (tried aarch64-unknown-elf-gcc, aarch64-unknown-linux-gnu-gcc, "
        "aarch64-linux-gnu-gcc; or set CROSS_COMPILE)"
    )
    assert not (build / "Makeconf").exists()


def test_unknown_arch(tmp_path, monkeypatch, capsys):
    build = _build(tmp_path, arch="riscv")
    _fake_path(tmp_path, monkeypatch)
    rc, err = run_cli(capsys, "precompile", build)
    assert rc == 1
    assert ("error: platform arch: no cross compiler known for arch 'riscv' "
            "(known: arm, arm64; set CROSS_COMPILE)") in err


def test_unchanged_content_keeps_mtime(tmp_path, monkeypatch, capsys):
    build = _build(tmp_path)
    _fake_path(tmp_path, monkeypatch, "aarch64-linux-gnu-gcc")
    assert run_cli(capsys, "precompile", build)[0] == 0
    makeconf = build / "Makeconf"
    os.utime(makeconf, ns=(1_000_000_000, 1_000_000_000))
    assert run_cli(capsys, "precompile", build)[0] == 0
    assert makeconf.stat().st_mtime_ns == 1_000_000_000
    monkeypatch.setenv("CROSS_COMPILE", "other-")
    assert run_cli(capsys, "precompile", build)[0] == 0
    assert makeconf.stat().st_mtime_ns != 1_000_000_000
    assert "TARGET_PREFIX := other-\n" in makeconf.read_text()


def test_unknown_cbi(tmp_path, monkeypatch, capsys):
    build = _build(tmp_path)
    path = build / "scenario.xml"
    path.write_text(path.read_text().replace('cbi="phidias"', 'cbi="nova"'))
    rc, err = run_cli(capsys, "precompile", build)
    assert rc == 1
    assert err.strip() == (f"{path}:1: error: scenario cbi: unknown CBI 'nova' (known: "
                           f"{', '.join(cbi.known())})")


def test_takes_no_arguments(tmp_path, capsys):
    build = _build(tmp_path)
    rc, err = run_cli(capsys, "precompile", build, "extra")
    assert rc == 2 and err.startswith("schism: error: unrecognized arguments: extra")
