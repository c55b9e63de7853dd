"""The last step, `schism report O`: the memory map as text and SVG
(docs/report-verify.md; the rendering lives in schism/report/)."""

from __future__ import annotations

from schism import report
from schism.stages import Context


def run(ctx: Context) -> None:
    report.main(ctx)
