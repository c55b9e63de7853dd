"""Stage 2, reparent: scenario_expanded.xml -> scenario_reparented.xml.

Entirely declarative: xslt/reparent.xsl implements docs/expand-reparent.md 2a-2d."""

from __future__ import annotations

from schism.stages import Context, read_input, xslt_stage


def run(ctx: Context) -> None:
    xslt_stage(ctx, read_input(ctx, ctx.input))
