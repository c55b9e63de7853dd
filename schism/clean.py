"""`schism clean O` (`make clean O=dir`): remove what schism and the
hypervisor's build wrote into O, keep what the user put there.

Removed: every stage output of the stage table, schism's bookkeeping
(`O/.deps/`, `O/.schism-validated`, temporary files of interrupted stages)
and the files stage 0's make wrote (listed in `O/.deps/hypervisor.written`
as it ran), with the directories they leave empty. A prebuilt `<cbi>.elf`
and `invoke_gcc.cmd` that no hypervisor build wrote are the user's, and so
are `scenario.xml` and every payload file it names: those always stay.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from schism import deps, pipeline, validated, xmlio
from schism.errors import SchismError
from schism.stages import Context

WRITTEN = "hypervisor.written"


def _protected(o: Path) -> set[Path]:
    """scenario.xml and the payload files it names (never removed)."""
    keep = {(o / "scenario.xml").resolve()}
    try:
        tree = xmlio.parse_file(o / "scenario.xml")
    except SchismError:
        return keep  # unreadable: keep only what is certain
    for f in tree.getroot().iterfind("files/file"):
        href = f.get("href")
        if href:
            keep.add((o / href).resolve())
    return keep


def _hypervisor_files(o: Path) -> list[Path]:
    try:
        lines = (o / deps.DIR / WRITTEN).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [o / line for line in dict.fromkeys(lines) if line and not line.startswith("/")]


def _stage_outputs(o: Path) -> list[Path]:
    """Every stage output schism writes (stage 0's are the hypervisor's)."""
    names = [n for s in pipeline.STAGES if s.command
             for n in s.outputs + s.optional_outputs]
    return [o / n for n in names if "{cbi}" not in n]


def _inside(path: Path, o: Path) -> bool:
    try:
        path.resolve().relative_to(o.resolve())
    except ValueError:
        return False
    return path.resolve() != o.resolve()


def targets(o: Path) -> list[Path]:
    """What `clean` removes, before it does."""
    keep = _protected(o)
    found = [*_stage_outputs(o), *_hypervisor_files(o), o / validated.NAME]
    found += [p for p in o.glob(".*.tmp")]
    return [p for p in found
            if (p.is_symlink() or p.exists()) and _inside(p, o) and p.resolve() not in keep]


def run(ctx: Context) -> None:
    o = ctx.build_dir
    if not (o / "scenario.xml").exists() and not (o / deps.DIR).exists():
        raise SchismError(f"{o} holds neither scenario.xml nor {deps.DIR}/: not a schism "
                          "build directory, nothing removed")
    directories = []
    for path in targets(o):
        if path.is_dir() and not path.is_symlink():
            directories.append(path)
        else:
            path.unlink()
    # Directories the hypervisor's build made, deepest first, if now empty.
    for path in sorted(directories, key=lambda p: len(p.parts), reverse=True):
        try:
            path.rmdir()
        except OSError:
            pass  # still holds a file somebody else put there
    shutil.rmtree(o / deps.DIR, ignore_errors=True)
    ctx.info(f"INFO: cleaned {os.fspath(o)}")
