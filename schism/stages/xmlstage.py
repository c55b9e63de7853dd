"""The cycle every XML stage runs: read and validate its input, transform it,
validate the result as the file it becomes, write it atomically."""

from __future__ import annotations

from lxml import etree

from schism import engine, validate, validated, xmlio
from schism.errors import SchismError
from schism.stages.context import Context


def read_input(ctx: Context, name: str, **checks) -> etree._ElementTree:
    """Parse and validate a stage input (`checks` go to `validate.check`)."""
    path = ctx.path(name)
    data = xmlio.read_file(path, " (run the previous stage first)")
    tree = xmlio.parse_bytes(data, str(path))
    if checks or not validated.trusted(ctx.build_dir, name, data):
        validate.check(tree, str(path), **checks)
    return tree


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
