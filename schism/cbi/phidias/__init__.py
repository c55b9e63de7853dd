"""The Phidias CBI: Makeconf (stage -1) and the configuration source that
Phidias links in as its `_specification` (stages 3 and 8, docs/phidias.md P1-P10).

The generator reproduces the original `generate_config_phidias` output token
for token, its quirks included (docs/phidias.md lists them and the two fixes).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

_HERE = Path(__file__).resolve().parent


class PhidiasCBI:
    """The entry point `phidias = schism.cbi.phidias:PhidiasCBI` (pyproject.toml)."""

    name = "phidias"
    default_hypervisor = _HERE / "default_hypervisor_phidias.xml"
    config_linker_script = _HERE / "config.lds"

    def makeconf(self, scenario: etree._ElementTree) -> str:
        from schism.cbi.phidias.makeconf import makeconf

        return makeconf(scenario)

    def generate_config(self, scenario: etree._ElementTree, iteration: int) -> str:
        from schism.cbi.phidias.generator import generate

        return generate(scenario, iteration)

    def hypervisor_make_variables(self, scenario: etree._ElementTree) -> dict[str, str]:
        """Stage 0 needs nothing on make's command line: Makeconf says it all."""
        del scenario
        return {}
