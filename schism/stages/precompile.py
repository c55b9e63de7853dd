"""Stage -1, `schism precompile O`: the CBI's hypervisor build configuration
`O/Makeconf` from `O/scenario.xml` (STAGES.md stage -1).

Makeconf is rewritten only when its content changes: make rebuilds the
hypervisor (stage 0) when Makeconf is newer, so an unchanged file must keep
its mtime."""

from __future__ import annotations

from schism import cbi, xmlio
from schism.errors import SchismError
from schism.stages import Context

INPUT = "scenario.xml"
OUTPUT = "Makeconf"


def run(ctx: Context) -> None:
    if ctx.args:
        raise SchismError(f"precompile takes no arguments (got: {' '.join(ctx.args)})")
    source = ctx.path(INPUT)
    if not source.exists():
        raise SchismError(f"{source} does not exist")
    # Parsed, not DTD-validated: scenario.xml refers to board/arch IDs that
    # only stage 1 brings in; stage 1 validates it fully.
    tree = xmlio.parse_file(source)
    content = cbi.of(tree).makeconf(tree).encode("utf-8")
    target = ctx.path(OUTPUT)
    if target.exists() and target.read_bytes() == content:
        return
    xmlio.write_atomic(target, content)
