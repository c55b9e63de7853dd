"""`schism report O`: `O/memory-map.txt` and `O/memory-map.svg`, where every
memreq landed in physical memory and what every address space maps.

Reads the newest laid-out XML (`scenario_pagetables.xml`, else
`scenario_v_laidout.xml`) and, for owners, `scenario_expanded.xml`. Both
outputs are computed before either is written, each written atomically.
"""

from __future__ import annotations

from schism import pipeline, spaces, stages, xmlio
from schism.report import svg, text

TEXT, SVG = pipeline.by_key("report").outputs  # the stage table's names


def render(model: spaces.Model) -> tuple[str, str]:
    """(text report, SVG document) of a model."""
    return text.render(model), svg.render(model, text.mapped_by(model))


def main(ctx) -> int:
    path = spaces.source(ctx.build_dir)
    tree = stages.read_input(ctx, path.name)  # the DTD and semantic checks, as any stage
    model = spaces.from_root(tree.getroot(), path, spaces.declared_owners(ctx.build_dir))
    report, picture = render(model)
    xmlio.write_atomic(ctx.path(TEXT), report.encode())
    xmlio.write_atomic(ctx.path(SVG), picture.encode())
    ctx.info(f"INFO: wrote {ctx.path(TEXT)} and {ctx.path(SVG)} (from {path.name}).")
    return 0
