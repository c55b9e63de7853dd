"""Runs a golden case through the stage chain (used by test_golden.py and
`make golden-update`).

A case directory holds its inputs (scenario.xml or a later stage's XML, ELF
files, payloads, optional `case.env` with KEY=VALUE lines for the
environment) and `expected/` with the outputs to compare. A binary that
several cases share is a relative symlink into tests/support/fixtures/; the
runner copies the file it points to. The stages to run are derived from the
stage table: those whose outputs are expected or needed by a later stage
that runs, and that the case does not already provide. Messages name files
relative to the build directory.
"""

from __future__ import annotations

import io
import os
import re
import shutil
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from schism import cli, pipeline
from schism.errors import SchismError
from schism.stages import Context

from .fixtures import GOLDEN

ENGINES = ("lxml", "saxon")


def cases() -> list[Path]:
    return sorted(d for d in GOLDEN.iterdir() if (d / "expected").is_dir())


def stderr_name(stage: pipeline.Stage) -> str:
    suffix = "_" + "_".join(stage.args) if stage.args else ""
    return f"{stage.module}{suffix}.stderr.txt"


def case_env(case: Path) -> dict[str, str]:
    env_file = case / "case.env"
    if not env_file.exists():
        return {}
    pairs = (line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)
    return {k.strip(): v.strip() for k, v in pairs}


def cbi_of(case: Path) -> str:
    for name in ("scenario.xml", "scenario_expanded.xml", "scenario_reparented.xml",
                 "scenario_measured.xml", "scenario_p_laidout.xml", "scenario_v_laidout.xml",
                 "scenario_pagetables.xml"):
        if (case / name).exists():
            root = etree.parse(str(case / name)).getroot()
            return root.get("cbi", "")
    return ""


def plan(case: Path) -> list[pipeline.Stage]:
    """The stages to run for `case`, in order."""
    provided = {p.name for p in case.iterdir() if p.is_file()}
    cbi = cbi_of(case)
    needed = {p.name for p in (case / "expected").iterdir()
              if not p.name.endswith(".stderr.txt")}
    stderr_wanted = {p.name for p in (case / "expected").iterdir()
                     if p.name.endswith(".stderr.txt")}
    chosen: list[pipeline.Stage] = []
    for stage in reversed(pipeline.BUILD_ORDER):
        outputs = {o.format(cbi=cbi) for o in stage.outputs}
        wanted = bool(outputs & needed) or stderr_name(stage) in stderr_wanted
        if wanted and not outputs <= provided:
            chosen.append(stage)
            needed |= {i.format(cbi=cbi) for i in stage.inputs} - provided
    return list(reversed(chosen))


@dataclass
class Run:
    build_dir: Path
    stderr: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    failed_stage: str | None = None


@contextmanager
def environment(values: dict[str, str]):
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def run_case(case: Path, build_dir: Path, engine: str = "lxml", as_cli: bool = False) -> Run:
    """Copy the case's inputs into `build_dir` and run its stages there
    (`as_cli`: as `schism <stage>` runs one, cli.run_stage: inputs parsed
    without their indentation, a stage that fails run again)."""
    build_dir.mkdir(parents=True, exist_ok=True)
    for p in case.iterdir():
        if p.is_file() and p.name != "case.env":
            shutil.copyfile(p, build_dir / p.name)
    result = Run(build_dir)
    with environment(case_env(case)):
        for stage in plan(case):
            out = io.StringIO()
            # The engine under test where the stage table allows it (stages
            # 1-2); the others run on their own, without the fallback note.
            own = engine if engine in stage.engines else "lxml"
            ctx = Context(build_dir=build_dir, engine=own, out=out, stage=stage)
            try:
                if as_cli:
                    cli.run_stage(stage, ctx)
                else:
                    pipeline.runner(stage)(ctx)
            except (SchismError, ImportError) as e:
                error = f"{type(e).__name__}: {e}" if isinstance(e, ImportError) else str(e)
                result.error = _relative(error, build_dir)
                result.failed_stage = stderr_name(stage)
                result.stderr[stderr_name(stage)] = _relative(out.getvalue(), build_dir)
                break
            result.stderr[stderr_name(stage)] = _relative(out.getvalue(), build_dir)
    return result


def _relative(text: str, build_dir: Path) -> str:
    """Messages as the case sees them: file names relative to the build directory."""
    return text.replace(f"{build_dir}/", "")


_C_TOKEN = re.compile(r'"(?:\\.|[^"\\])*"|\w+|[^\s\w]')


def c_tokens(text: str) -> list[str]:
    """C source as tokens: 'equal token for token, whitespace aside'."""
    return _C_TOKEN.findall(text)
