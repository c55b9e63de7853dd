"""The command-line contract: stage words, the stage table, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support import MINIMAL, build_dir, run_cli

from schism import pipeline, resources


def test_help_lists_every_stage_from_the_table():
    proc = subprocess.run([sys.executable, "-m", "schism", "--help"],
                          capture_output=True, text=True, check=True)
    for stage in pipeline.STAGES:
        for name in stage.inputs + stage.outputs:
            assert name in proc.stdout
        if stage.command:
            assert stage.command in proc.stdout


def test_stages_command_prints_the_table(capsys):
    from schism.cli import main

    assert main(["stages"]) == 0
    assert capsys.readouterr().out == pipeline.describe() + "\n"


def test_unknown_command(capsys, tmp_path):
    rc, err = run_cli(capsys, "frobnicate", tmp_path)
    assert rc == 2
    assert err.startswith("schism: error: argument command: invalid choice: 'frobnicate' "
                          "(choose from 'precompile', 'expand', ")


def test_generate_config_needs_its_iteration(capsys, tmp_path):
    rc, err = run_cli(capsys, "generate-config", tmp_path)
    assert rc == 1
    assert err == "schism: error: 'generate-config' needs an argument: 1 or 2\n"


def test_missing_build_directory(capsys, tmp_path):
    rc, err = run_cli(capsys, "expand", tmp_path / "nope")
    assert rc == 1
    assert err == f"schism: error: build directory {tmp_path}/nope does not exist\n"


def test_engine_from_environment(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SCHISM_ENGINE", "xalan")
    rc, err = run_cli(capsys, "expand", build_dir(tmp_path, MINIMAL))
    assert rc == 1
    assert err == "schism: error: unknown SCHISM_ENGINE 'xalan' (use lxml or saxon)\n"


def test_saxon_from_environment(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("SCHISM_ENGINE", "saxon")
    o = build_dir(tmp_path, MINIMAL)
    assert run_cli(capsys, "expand", o)[0] == 0
    assert (o / "scenario_expanded.xml").exists()


def test_stage_table_is_consistent():
    """Every file a stage reads is scenario.xml, a payload/prebuilt file, or
    written by an earlier stage."""
    written = {"scenario.xml", "{cbi}.elf", "invoke_gcc.cmd"}
    for stage in pipeline.STAGES:
        for name in stage.inputs:
            assert name in written, f"stage {stage.number} reads {name} before it exists"
        written |= set(stage.outputs)


def test_options_after_the_command_and_build_directory(capsys, tmp_path):
    """`schism build O --xmllib DIR` honours --xmllib wherever it stands."""
    lib = tmp_path / "lib"
    lib.mkdir()
    board = (resources.xmllib() / "board_raspberrypi3.xml").read_text()
    (lib / "board_myboard.xml").write_text(board.replace('id="raspberrypi3"', 'id="myboard"'))
    o = build_dir(tmp_path, MINIMAL.replace('board="raspberrypi3"', 'board="myboard"'))
    assert run_cli(capsys, "expand", o)[0] == 1  # not in the bundled library
    for argv in (["expand", o, "--xmllib", lib], ["--xmllib", lib, "expand", o],
                 ["expand", "--xmllib", lib, o]):
        (o / "scenario_expanded.xml").unlink(missing_ok=True)
        rc, err = run_cli(capsys, *argv)
        assert rc == 0, err
        assert 'id="myboard"' in (o / "scenario_expanded.xml").read_text()


def test_quiet_drops_info_lines(capsys, tmp_path):
    o = build_dir(tmp_path, MINIMAL)
    assert run_cli(capsys, "expand", o)[0] == 0
    rc, err = run_cli(capsys, "reparent", o)
    assert rc == 0 and "INFO:" in err
    rc, err = run_cli(capsys, "-q", "reparent", o)
    assert (rc, err) == (0, "")


def test_version(capsys):
    from schism import __version__
    from schism.cli import main

    with pytest.raises(SystemExit) as e:
        main(["--version"])
    assert e.value.code == 0
    assert capsys.readouterr().out == f"schism {__version__}\n"


@pytest.mark.parametrize("command", sorted({s.command for s in pipeline.STAGES if s.command}
                                           | {"build", "stages", "ptdump", "make-rules",
                                              "clean"}))
def test_every_command_has_help(command):
    proc = subprocess.run([sys.executable, "-m", "schism", command, "--help"],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith(f"usage: schism {command}")


QUICK_LINES = [
    ["expand", "O"], ["-q", "reparent", "O"], ["generate-config", "O", "2"],
    ["--engine", "saxon", "expand", "O", "--engine", "lxml"], ["build", "O", "-q"],
    ["--xmllib", "a", "layout-map", "--xmllib", "b", "O", "--quiet"],
    ["--engine", "saxon", "--engine", "lxml", "measure", "O"],
    ["compile-config", "--xmllib", "x", "O", "1"], ["pagetables", ""],
]


@pytest.mark.parametrize("argv", QUICK_LINES, ids=" ".join)
def test_quick_parse_is_argparse(argv):
    """The command lines make runs are parsed without argparse, to the same values."""
    from schism import cli

    quick = cli._quick(argv)
    full = cli._options(cli._parser().parse_args(argv))
    assert quick is not None
    for name in ("command", "build_dir", "engine", "xmllib", "quiet", "iteration"):
        assert getattr(quick, name, None) == getattr(full, name, None), name


@pytest.mark.parametrize("argv", [
    [], ["--help"], ["expand"], ["expand", "O", "X"], ["generate-config", "O"],
    ["generate-config", "O", "3"], ["--engine", "xalan", "expand", "O"], ["-qq", "expand", "O"],
    ["--engine=saxon", "expand", "O"], ["--xmllib", "-q", "expand", "O"], ["ptdump", "O"],
    ["expand", "-5"], ["frobnicate", "O"], ["--quie", "expand", "O"], ["stages"],
], ids=lambda a: " ".join(a) or "(none)")
def test_anything_else_goes_to_argparse(argv):
    from schism import cli

    assert cli._quick(argv) is None
