"""Running schism in-process and preparing a build directory."""

from __future__ import annotations

from pathlib import Path

from schism.cli import main


def run_cli(capsys, *argv: str) -> tuple[int, str]:
    """Run `schism ARGV` in-process; (exit code, stderr)."""
    capsys.readouterr()
    rc = main([str(a) for a in argv])
    return rc, capsys.readouterr().err


def build_dir(tmp_path: Path, scenario: str) -> Path:
    """`tmp_path` as a build directory holding `scenario` as scenario.xml."""
    (tmp_path / "scenario.xml").write_text(scenario)
    return tmp_path
