"""The tiny CBI: a complete schism plug-in for the tiny hypervisor (hypervisor/).

Its configuration is one table in `.rodata_head`, at the `config_r` map: the
number of CPUs and, for each map of the hypervisor, its virtual address and
the size of the memreq or device it maps; plus a word each in `.data` and `.data_shared`.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from schism.cbi import build_time, make_value
from schism.errors import at

_HERE = Path(__file__).resolve().parent


class TinyCBI:
    name = "tiny"
    default_hypervisor = _HERE / "default_hypervisor_tiny.xml"
    config_linker_script = _HERE / "config.lds"

    def makeconf(self, scenario: etree._ElementTree) -> str:
        """Stage -1: `O/Makeconf`, included by the tiny hypervisor's Makefile."""
        hypervisor = scenario.getroot().find("hypervisor")
        if hypervisor is None:
            raise at(scenario.getroot(), "scenario: no <hypervisor>")
        ncpus = make_value(hypervisor, "ncpus", hypervisor.get("ncpus", "1"))
        return f"# Build configuration of the tiny hypervisor (tiny CBI)\nTINY_NCPUS := {ncpus}\n"

    def generate_config(self, scenario: etree._ElementTree, iteration: int) -> str:
        """Stages 3 and 8: the configuration's C source. In iteration 1 no base
        is laid out yet and reads as 0; the table has the same size in both."""
        root = scenario.getroot()
        hypervisor = root.find("hypervisor")
        mapped = {el.get("id"): el for el in root.iter("memreq", "device")}
        maps = hypervisor.findall("mmu/map")
        rows = [f"\t\t{{ {_number(m, 'base')}, {_number(mapped[m.get('xref')], 'size')} }}, "
                f"/* {m.get('xref')} */" for m in maps]  # stage 1 checked every xref
        return "\n".join([
            f"/* tiny configuration, iteration {iteration}, {build_time()} */",
            "struct tiny_map { unsigned long va, size; };",
            "struct tiny_config {",
            "\tunsigned long magic, ncpus, nmaps;",
            f"\tstruct tiny_map maps[{len(maps)}];",
            "};",
            '__attribute__((section(".rodata_head"))) const struct tiny_config tiny_config = {',
            f"\t0x796e6974, {_number(hypervisor, 'ncpus')}, {len(maps)}, {{",
            *rows,
            "\t}",
            "};",
            '__attribute__((section(".data"))) unsigned long tiny_rw = 1;',
            '__attribute__((section(".data_shared"))) unsigned long tiny_rws = 1;',
            "",
        ])


def _number(element: etree._Element, attribute: str) -> str:
    """An address or size as a C constant: one value, or CPU 0's of a per-CPU
    table (`[0]=0x1000;[1]=0x2000`); 0 when not laid out yet."""
    text = element.get(attribute, "0").split(";")[0].rpartition("=")[2]
    try:
        return f"{int(text, 0):#x}UL"
    except ValueError:
        raise at(element, f"{element.tag} {attribute}: '{text}' is not a number") from None
