"""`schism [--engine E] [--xmllib DIR] <stage> O [args]`: run one stage on build
directory O; `schism build O` runs the chain; `schism stages` prints the table."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from schism import pipeline
from schism.errors import SchismError

EPILOG = """stages (files are in the build directory O):
{table}

Other commands:
  build O                 run every stage schism runs, in order
  stages                  print this stage table
  ptdump O [TABLE] [--va ADDR]
                          walk the binary page tables (TABLE: hv:init, hv:<cpu>,
                          <guest>:<vcpu>)
  report O                write O/memory-map.txt and O/memory-map.svg
  verify O                check the binary page tables against the XML and
                          the isolation rules (docs/report-verify.md)

Environment: SCHISM_ENGINE=lxml|saxon (XSLT engine of stages 1-2),
SCHISM_XMLLIB=dir:dir (library directories searched before the bundled one),
SOURCE_DATE_EPOCH (build timestamp of generated configuration)."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="schism",
        description="Static Configurator for Hypervisors Including Scenario Metadata",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG.format(table=pipeline.describe()),
    )
    p.add_argument("--engine", choices=("lxml", "saxon"), default=None,
                   help="XSLT engine for stages 1-2 (default: $SCHISM_ENGINE or lxml)")
    p.add_argument("--xmllib", action="append", default=[], metavar="DIR",
                   help="library directory searched before $SCHISM_XMLLIB and the bundled one")
    p.add_argument("command", help="a stage command, build, stages or ptdump")
    p.add_argument("build_dir", nargs="?", help="the build directory O")
    p.add_argument("args", nargs=argparse.REMAINDER, help="stage arguments")
    return p


def _context(ns: argparse.Namespace):
    from schism.stages import Context

    engine = ns.engine or os.environ.get("SCHISM_ENGINE") or "lxml"
    if engine not in ("lxml", "saxon"):
        raise SchismError(f"unknown SCHISM_ENGINE '{engine}' (use lxml or saxon)")
    if not ns.build_dir:
        raise SchismError(f"'{ns.command}' needs the build directory O")
    build_dir = Path(ns.build_dir)
    if not build_dir.is_dir():
        raise SchismError(f"build directory {build_dir} does not exist")
    return Context(build_dir=build_dir, engine=engine, xmllib=ns.xmllib, args=ns.args)


def _select(command: str, args: list[str]) -> pipeline.Stage:
    stages = pipeline.by_command(command)
    if not stages:
        known = sorted({s.command for s in pipeline.STAGES if s.command})
        raise SchismError(
            f"unknown command '{command}' (stages: {', '.join(known)}; also build, stages, ptdump)"
        )
    if len(stages) == 1:
        return stages[0]
    for s in stages:
        if list(s.args) == args[: len(s.args)]:
            return s
    choices = " or ".join(" ".join(s.args) for s in stages)
    raise SchismError(f"'{command}' needs an argument: {choices}")


def run_stage(stage: pipeline.Stage, ctx) -> None:
    try:
        run = pipeline.runner(stage)
    except ModuleNotFoundError as e:
        if e.name and e.name.startswith("schism.stages."):
            raise SchismError(
                f"stage {stage.number} ({stage.command}) is not implemented yet"
            ) from None
        raise
    run(ctx)


def main(argv: list[str] | None = None) -> int:
    ns = _parser().parse_args(argv)
    try:
        if ns.command == "stages":
            print(pipeline.describe())
            return 0
        if ns.command == "ptdump":
            from schism import ptdump

            return ptdump.main(_context(ns))
        if ns.command in ("report", "verify"):  # issue 11; docs/report-verify.md
            import importlib

            return importlib.import_module(f"schism.{ns.command}").main(_context(ns))
        if ns.command == "build":
            ctx = _context(ns)
            for stage in pipeline.BUILD_ORDER:
                ctx.stage, ctx.args = stage, []
                run_stage(stage, ctx)
            return 0
        stage = _select(ns.command, ns.args)
        ctx = _context(ns)
        ctx.stage, ctx.args = stage, ns.args[len(stage.args):]
        run_stage(stage, ctx)
        return 0
    except SchismError as e:
        print(f"schism: {e}" if not e.file else str(e), file=sys.stderr)
        return 1
