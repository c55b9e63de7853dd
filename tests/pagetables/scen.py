"""Small stage-7 inputs (scenario_v_laidout.xml) for the tests, written in
full: the arch comes inline from the bundled library, like stage 1 imports it."""

from __future__ import annotations

from pathlib import Path

from schism import resources

BOARD_MEMORY = '<memory id="dram" base="0x0" size="0x100000000">'


def arch(name: str) -> str:
    text = (resources.xmllib() / f"arch_{name}.xml").read_text()
    return text.split("?>", 1)[1].strip() if text.startswith("<?xml") else text.strip()


def memreq(id: str, base: str, size: str, cpumap: str | None = None) -> str:
    cpus = f' cpumap="{cpumap}"' if cpumap else ""
    return (f'<memreq id="{id}" base="{base}" size="{size}"{cpus} flags_demand="rw" '
            f'flags_prevent="" on="dram"/>')


def guest(id: str, fmt: str, maps: list[str], ncpus: int = 1, cpumap: str = "[0]",
          page: str = "pagetables") -> str:
    return (f'<guest id="{id}" ncpus="{ncpus}" cpumap="{cpumap}">'
            f'<mmu type="hardware" format="{fmt}">{"".join(maps)}</mmu>'
            f'<init arch_page="{page}"/><entry bp_xref="{page}" bp_offset="0x0"/>'
            f'<sched class="wfq"/></guest>')


def scenario(maps: list[str], memreqs: list[str] = (), guests: list[str] = (),
             fmt: str = "arm64:g4io40", arch_id: str = "arm64", ncpus: int = 1,
             pt_base: str = "0x100000", pt_size: str = "0x60000",
             devices: str = '<device id="uart" base="0x9000000" size="0x1000"/>') -> str:
    reqs = [memreq("pagetables", pt_base, pt_size), *memreqs]
    return f"""<scenario version="1.00" cbi="phidias" image="raw">
  <platform arch="{arch_id}" board="b">
    <board id="b">
      {devices}
      {BOARD_MEMORY}
        {"".join(reqs)}
      </memory>
    </board>
    {arch(arch_id)}
  </platform>
  <hypervisor ncpus="{ncpus}" load_base="0x0" entry="0x0">
    <mmu type="hardware" format="{fmt}">
      {"".join(maps)}
    </mmu>
  </hypervisor>
  {"".join(guests)}
</scenario>
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "scenario_v_laidout.xml").write_text(text)
    return tmp_path
