"""Stage 7's check, `schism verify O`: the binary page tables hold exactly
what the XML specifies, and no guest reaches what it must not
(docs/report-verify.md; the checks live in schism/verify/)."""

from __future__ import annotations

from schism import verify
from schism.stages import Context


def run(ctx: Context) -> None:
    verify.main(ctx)  # raises the violations as one error and its notes
