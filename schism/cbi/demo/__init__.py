"""The `demo` CBI: drives the example hypervisor in examples/demo-hypervisor
on QEMU's virt board (docs/demo.md).

Its configuration is plain data (schism/cbi/demo/layout.py): a magic, where
the configuration and the page tables are, CPU 0's hypervisor mappings and
every payload file's address, size and CRC-32, so the hypervisor can check
schism's work through its own page tables.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

_HERE = Path(__file__).resolve().parent


class DemoCBI:
    """The entry point `demo = schism.cbi.demo:DemoCBI` (pyproject.toml)."""

    name = "demo"
    default_hypervisor = _HERE / "default_hypervisor_demo.xml"
    config_linker_script = _HERE / "config.lds"

    def makeconf(self, scenario: etree._ElementTree) -> str:
        from schism.cbi.demo.makeconf import makeconf

        return makeconf(scenario)

    def generate_config(self, scenario: etree._ElementTree, iteration: int) -> str:
        from schism.cbi.demo.generator import generate

        return generate(scenario, iteration)

    def hypervisor_make_variables(self, scenario: etree._ElementTree) -> dict[str, str]:
        """Stage 0 needs nothing on make's command line: Makeconf says it all."""
        del scenario
        return {}
