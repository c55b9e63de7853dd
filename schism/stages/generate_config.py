"""Stages 3 and 8, `schism generate-config O 1|2`: the CBI's configuration C
source from the scenario (docs/cbi.md 3.1, 8.1).

Iteration 1 reads `scenario_reparented.xml` (nothing laid out yet: the
source only serves to measure the configuration's size); iteration 2 reads
`scenario_pagetables.xml` and also writes `config_base.lds`, which places the
configuration object at the virtual address of the `config_r` map."""

from __future__ import annotations

from schism import cbi, xmlio
from schism.errors import at
from schism.ext import values
from schism.stages import Context, read_input


def config_start(tree) -> int:
    """The VA of the hypervisor's `config_r` map: where the config links to."""
    for m in tree.getroot().iterfind("hypervisor/mmu/map"):
        if m.get("xref") == "config_r":
            return values.attribute(
                m, "base", values.one_value("the config_r map needs one base, not per-CPU '{}'"),
                missing="the config_r map has no base (run stage 6 first)")
    raise at(tree.getroot(), "hypervisor mmu: no map of config_r")


def run(ctx: Context) -> None:
    n = ctx.iteration
    tree = read_input(ctx, ctx.input)
    text = cbi.of(tree).generate_config(tree, n)
    lds = f"CONFIG_START = {values.format_hex(config_start(tree))};\n" if n == 2 else None
    xmlio.write_atomic(ctx.path(ctx.output), text.encode("utf-8"))
    if lds is not None:
        xmlio.write_atomic(ctx.file("config_base.lds"), lds.encode("utf-8"))
