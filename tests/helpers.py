"""Small helpers the stage tests share."""

from __future__ import annotations

from pathlib import Path

from schism.cli import main

MINIMAL = """<scenario version="1.00" cbi="phidias" image="raw">
  <platform board="raspberrypi3" arch="arm64"/>
  <hypervisor ncpus="1" load_base="0x0">
    <mmu type="hardware" format="arm64:g4io40"/>
  </hypervisor>
</scenario>
"""


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    """Run `schism ARGV` in-process; (exit code, stderr)."""
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    return rc, capsys.readouterr().err


def build_dir(tmp_path: Path, scenario: str) -> Path:
    (tmp_path / "scenario.xml").write_text(scenario)
    return tmp_path


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of `path` containing `needle`."""
    for n, line in enumerate(path.read_text().splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(f"{needle!r} not in {path}")
