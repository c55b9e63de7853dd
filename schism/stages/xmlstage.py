"""The cycle every XML stage runs: read and validate its input, transform it,
validate the result as the file it becomes, write it atomically.

A process that runs several stages (`schism build`, a chain under make)
hands an output on in memory (`hand_on`): the next stage reading that very
file, byte for byte, gets the tree the previous stage validated and wrote,
without parsing or checking it again. That tree is the file's content
(whitespace aside, which every stylesheet strips) but holds no line numbers
of the file: a stage that fails on it runs again on the file
(`cli.run_stage`), so that its messages are those of a process of its own.
A tree is handed on once, to the first stage that reads it.

A stage that parses its input leaves the indentation out in the same way
(`parse_input`, xmlio.parse_bytes), which caps the tree's line numbers at
65535: it too runs again, on the file parsed whole, if it fails. So a stage
always works on a tree without the indentation, and reports its errors from
one with every line number.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from schism import deps, engine, resources, validate, validated, xmlio
from schism.errors import SchismError
from schism.stages.context import Context

# path -> (bytes written, their tree); None: not handing on (one stage a process)
_handed: dict[str, tuple[bytes, etree._ElementTree]] | None = None
# Whether stage inputs are parsed without their indentation: while a stage
# runs for the first time under `cli.run_stage`, which runs it again if it fails.
_lean = False


def parse_lean(enabled: bool) -> bool:
    """Parse stage inputs without their indentation from now on (or no
    more); returns what was in force before."""
    global _lean
    before, _lean = _lean, enabled
    return before


def hand_on(enabled: bool = True) -> None:
    """Hand outputs on to the stages after them in this process (or no more)."""
    global _handed
    _handed = {} if enabled else None


def handing_on() -> bool:
    """Whether outputs go on to the following stages in memory."""
    return _handed is not None


def read_input(ctx: Context, name: str, **checks) -> etree._ElementTree:
    """Parse and validate a stage input (`checks` go to `validate.check`)."""
    path = ctx.path(name)
    data = xmlio.read_file(path, " (run the previous stage first)")
    handed = _handed.pop(str(path), None) if _handed is not None else None
    if handed is not None and handed[0] == data and not checks:
        deps.read(resources.dtd())  # as trusting the record of its validation does
        ctx.lines_unknown = True
        handed[1].docinfo.URL = str(path)
        return xmlio.kept(handed[1])  # freed, if at all, with the documents kept
    tree = _parse(ctx, data, str(path))
    if checks or not validated.trusted(ctx.build_dir, name, data):
        validate.check(tree, str(path), **checks)
    return tree


def parse_input(ctx: Context, path: Path) -> etree._ElementTree:
    """Parse a stage input that is read as a file only (stage 1's scenario)."""
    data = xmlio.read_file(path)
    deps.read(str(path))
    return _parse(ctx, data, str(path))


def _parse(ctx: Context, data: bytes, url: str) -> etree._ElementTree:
    if not _lean:
        return xmlio.parse_bytes(data, url)
    tree = xmlio.parse_bytes(data, url, indentation=False)
    ctx.lines_unknown = True
    return tree


def check_input(ctx: Context, name: str) -> None:
    """Validate a stage input the stage reads in its own way (verify reads
    the file with its own model): a tree handed on for it stays for the next
    stage that reads it as a tree."""
    path = ctx.path(name)
    data = xmlio.read_file(path, " (run the previous stage first)")
    handed = _handed.get(str(path)) if _handed is not None else None
    if handed is not None and handed[0] == data:
        deps.read(resources.dtd())  # as trusting the record of its validation does
        return
    if not validated.trusted(ctx.build_dir, name, data):
        validate.check(xmlio.parse_bytes(data, str(path)), str(path))


def write_output(ctx: Context, name: str, tree: etree._ElementTree) -> None:
    """Validate the result as the file it becomes, then write it atomically."""
    path = ctx.path(name)
    if isinstance(tree, etree._XSLTResultTree):
        data = bytes(tree)  # libxslt writes the canonical form (xslt/common.xsl)
    else:
        data = xmlio.serialize(tree)
    try:
        validate.check(tree, str(path))
    except SchismError:
        # Once more on the text as it would be written, for line numbers.
        validate.check(xmlio.parse_bytes(data, str(path)), str(path))
        raise
    xmlio.write_atomic(path, data)
    validated.record(ctx.build_dir, name, data)
    if _handed is not None:
        _handed[str(path)] = (data, tree)
        xmlio.weigh(len(data))


def xslt_stage(
    ctx: Context,
    source: etree._ElementTree,
    params: dict[str, str] | None = None,
    extensions=None,
) -> etree._ElementTree:
    """Apply the stage's stylesheet (its table row names it) to `source` and
    write the result as the stage's output."""
    assert ctx.stage is not None and ctx.stage.stylesheet, "a stage with a stylesheet"
    stylesheet = ctx.stage.stylesheet
    url = source.docinfo.URL or stylesheet
    result = engine.run(
        engine.for_stage(ctx.engine, ctx.stage, ctx.out), stylesheet, source, params or {}, url,
        extensions=extensions, out=ctx.out,
    )
    write_output(ctx, ctx.output, result)
    return result
