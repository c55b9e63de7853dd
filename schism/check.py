"""`schism check O`: is `O/scenario.xml` right, before anything is built?

Needs no hypervisor ELF and no compiler, writes nothing. Runs what can run
without measurements, in memory, and reports every independent error it
finds (up to `LIMIT`), each with its origin notes:

1. scenario.xml itself: the DTD, values, counts, references and CPUs (with
   the IDs the library files will bring), the CBI's Makeconf values, and
   the image kind with what its wrapper must hold (stage 9's rules on the
   scenario's own attributes);
2. stage 1 (expand) and stage 2 (reparent) in memory, each result checked as
   the stage would check the file it writes;
3. the rules of later stages that need no addresses: every guest map has a
   base (docs/layout.md 6.5), and the CBI can generate its configuration
   from the reparented scenario (its checks of vdevs, IDs, entries).

An error of one step stops the steps after it (they would only repeat it).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from lxml import etree

from schism import cbi, engine, origin, validate, xmlio
from schism.errors import SchismError
from schism.stages import Context, combine, expand

LIMIT = 20


@contextmanager
def _no_compiler_needed():
    """Makeconf names the cross compiler; `check` must not need one."""
    saved = os.environ.get("CROSS_COMPILE")
    if not saved:
        os.environ["CROSS_COMPILE"] = "cross-compiler-"
    try:
        yield
    finally:
        if not saved:
            os.environ.pop("CROSS_COMPILE", None)


def _stage_result(ctx: Context, name: str, source: etree._ElementTree, output: str,
                  params: dict[str, str] | None = None) -> etree._ElementTree:
    """A stage's stylesheet applied in memory; the result as the file it
    would become (for line numbers in messages)."""
    result = engine.run(ctx.engine, name, source, params or {}, source.docinfo.URL or "",
                        out=_Quiet())
    data = bytes(result) if isinstance(result, etree._XSLTResultTree) else xmlio.serialize(result)
    return xmlio.parse_bytes(data, str(ctx.path(output)))


class _Quiet:
    """Stages' INFO/WARN lines are not what `check` reports."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass


def _collect(errors: list[SchismError], step) -> object:
    try:
        return step()
    except SchismError as e:
        errors.append(e)
        return None


def _guest_maps(tree: etree._ElementTree) -> list[SchismError]:
    from schism.stages.layout_map import guest_map_problems

    return guest_map_problems(tree.getroot())


def problems(ctx: Context) -> list[SchismError]:
    """Every independent problem of O/scenario.xml found without building."""
    path = ctx.path("scenario.xml")
    tree = xmlio.parse_file(path)  # unreadable or malformed: nothing else can run
    errors: list[SchismError] = []
    files = _collect(errors, lambda: expand.library_files(ctx, tree))
    if files is None:
        return errors
    errors += validate.problems(tree, str(path), expand.library_ids(files))
    with _no_compiler_needed():
        _collect(errors, lambda: cbi.of(tree).makeconf(tree))
    # the image kind and what its wrapper holds (stage 9's rules on the scenario)
    _collect(errors, lambda: combine.check_image(tree.getroot()))
    if errors:
        return errors
    expanded = _collect(errors, lambda: _stage_result(
        ctx, "expand", tree, "scenario_expanded.xml", expand.params(files)))
    if expanded is None:
        return errors
    errors += validate.problems(expanded, expanded.docinfo.URL)
    if errors:
        return errors
    reparented = _collect(errors, lambda: _stage_result(
        ctx, "reparent", expanded, "scenario_reparented.xml"))
    if reparented is None:
        return errors
    errors += validate.problems(reparented, reparented.docinfo.URL)
    if errors:
        return errors
    errors += _guest_maps(reparented)
    _collect(errors, lambda: cbi.of(reparented).generate_config(reparented, 1))
    return errors


def run(ctx: Context) -> int:
    """Print the problems (at most LIMIT), then a summary; 1 if any."""
    found = problems(ctx)
    for error in found[:LIMIT]:
        origin.add_origin(error, Path(ctx.build_dir), ctx.xmllib)
        print(str(error) if error.file else f"schism: {error}", file=ctx.out)
    if len(found) > LIMIT:
        print(f"schism: ... and {len(found) - LIMIT} more errors", file=ctx.out)
    if found:
        print(f"schism: {ctx.path('scenario.xml')}: {len(found)} error(s)", file=ctx.out)
        return 1
    ctx.info(f"INFO: {ctx.path('scenario.xml')}: no errors found (stages 1 and 2, and the "
             "rules that need no measurement)")
    return 0
