"""The `phidias-v0.010` CBI: the configuration interface of Phidias v0.010,
the one public Phidias source (a research fork, 2017), which boots on
raspberrypi3 under QEMU.

It shares the seed `phidias` CBI's generator (schism/cbi/phidias/) and
overrides what this Phidias does differently in one place, `interface.py`
(docs/phidias.md, "Phidias v0.010"). Stage 0 is that Phidias' own
`core/Makefile`, which writes `phidias.elf` and needs `SHELL` and
`EXEC_BASE_ADDR` on make's command line (`hypervisor_make_variables`).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

_HERE = Path(__file__).resolve().parent
_SEED = _HERE.parent / "phidias"


class PhidiasV0010CBI:
    """The entry point `phidias-v0.010 = schism.cbi.phidias_v0010:PhidiasV0010CBI`
    (pyproject.toml)."""

    name = "phidias-v0.010"
    default_hypervisor = _HERE / "default_hypervisor_phidias-v0.010.xml"
    # the fork's config.lds has the same three segments from CONFIG_START
    config_linker_script = _SEED / "config.lds"
    hypervisor_elf = "phidias.elf"  # what core/Makefile writes
    xmllib = _HERE / "xmllib"  # arch_arm64.xml with this Phidias' stage-2 alignment

    def makeconf(self, scenario: etree._ElementTree) -> str:
        from schism.cbi.phidias_v0010.makeconf import makeconf

        return makeconf(scenario)

    def hypervisor_make_variables(self, scenario: etree._ElementTree) -> dict[str, str]:
        from schism.cbi.phidias_v0010.makeconf import make_variables

        return make_variables(scenario)

    def generate_config(self, scenario: etree._ElementTree, iteration: int) -> str:
        from schism.cbi.phidias.generator import generate
        from schism.cbi.phidias_v0010.interface import V0010_INTERFACE

        return generate(scenario, iteration, V0010_INTERFACE)
