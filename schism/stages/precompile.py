"""Stage -1, `schism precompile O`: the CBI's hypervisor build configuration
`O/Makeconf` from `O/scenario.xml` (docs/cbi.md -1.1).

Like every output, Makeconf is rewritten only when its content changes: the
hypervisor's own build (stage 0) rebuilds when Makeconf is newer."""

from __future__ import annotations

from schism import cbi, xmlio
from schism.stages import Context


def run(ctx: Context) -> None:
    source = ctx.path(ctx.input)
    # Parsed, not DTD-validated: scenario.xml refers to board/arch IDs that
    # only stage 1 brings in; stage 1 validates it fully.
    tree = xmlio.parse_file(source)
    content = cbi.of(tree).makeconf(tree).encode("utf-8")
    xmlio.write_atomic(ctx.path(ctx.output), content)
