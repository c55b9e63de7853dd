"""Model test: random stage-7 inputs (arm and arm64, every library format,
1-3 CPUs, per-CPU memreqs and maps, map and memreq cpumaps, devices,
offset/subsize, is_init maps incl. VA = PA, blocks and pages mixed, guests
whose vCPUs may share a host CPU, guest map cpumaps) through the stage and
through the literal model (`model.py`): the `pagetables` file and every mmu
base must be equal."""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from support import run_cli

from .model import Guest, Map, Req, Scen, build, read_formats
from .scen import arch

KIB4 = 0x1000
ARCHS = {name: etree.fromstring(arch(name)) for name in ("arm", "arm64")}
FORMATS = {name: read_formats(el) for name, el in ARCHS.items()}


def _hex(v: int) -> str:
    return hex(v)


def _table(base) -> str:
    if isinstance(base, int):
        return _hex(base)
    return ";".join(f"[{c}]={_hex(v)}" for c, v in base.items())


def _list(cpumap) -> str:
    return cpumap if cpumap == "*" else "[" + ",".join(map(str, cpumap)) + "]"


class Gen:
    """Random scenario whose maps never overlap in any table."""

    def __init__(self, r: random.Random):
        self.r = r
        self.arch = r.choice(sorted(ARCHS))
        self.wide = self.arch == "arm64"
        self.pa = 0x1000000
        self.n = 0

    def name(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def size(self) -> int:
        r = self.r
        pages = r.randint(0, 3) * KIB4
        kind = r.random()
        if kind < 0.5:
            return pages or KIB4
        block = r.choice([0x100000, 0x200000])
        size = r.randint(1, 2) * block + pages
        if self.wide and kind > 0.93:
            size += 0x40000000
        return size

    def align(self, size: int = 0) -> int:
        """An alignment for a VA or PA: page, section/block or 1 GiB; at least
        2 MiB for 1 GiB sizes (the model writes every page one by one)."""
        choices = [KIB4, 0x100000, 0x200000] + ([0x40000000] if self.wide else [])
        return self.r.choice(choices[2:] if size >= 0x40000000 else choices)

    def phys(self, size: int) -> int:
        a = self.align(size)
        base = (self.pa + a - 1) // a * a + self.r.randint(0, 2) * KIB4 * (a == KIB4)
        self.pa = base + size + self.r.randint(0, 3) * KIB4
        return base

    def cpus(self, ncpus: int) -> list[int]:
        return self.r.sample(range(ncpus), self.r.randint(1, ncpus))


class VaSpace:
    def __init__(self, gen: Gen, start: int, limit: int):
        self.gen, self.cursor, self.limit = gen, start, limit

    def take(self, size: int, pa: int | None = None) -> int | None:
        a = self.gen.align(size)
        va = (self.cursor + a - 1) // a * a
        if pa is not None and (size >= 0x40000000 or self.gen.r.random() < 0.5):
            # Congruent with the PA modulo a large unit: blocks become possible.
            unit = 0x200000 if size >= 0x40000000 or self.gen.r.random() < 0.7 else 0x100000
            va = (self.cursor + unit - 1) // unit * unit + pa % unit
        if va + size > self.limit:
            return None
        self.cursor = va + size + self.gen.r.randint(0, 2) * KIB4
        return va


def generate(seed: int) -> Scen:
    g = Gen(random.Random(seed))
    r = g.r
    fmts = sorted(FORMATS[g.arch])
    ncpus = r.randint(1, 3)
    hv_fmt = r.choice(fmts)
    hv_top = 1 << 40 if g.wide else 1 << 32
    hv_va = VaSpace(g, 0x8000000000 if g.wide else 0x80000000, hv_top)
    reqs: list[Req] = []
    hv_maps: list[Map] = []
    guests: list[Guest] = []

    def hv_map(req: Req, pa_any: int) -> None:
        flags = "".join(c for c in "rwxgdus" if r.random() < 0.4)
        offset = subsize = None
        size = req.size
        unit = 0x200000 if size >= 0x40000000 else KIB4  # keeps big maps in blocks
        if size > unit and r.random() < 0.25:
            offset = r.randint(1, size // unit - 1) * unit
            size -= offset
        if size > unit and r.random() < 0.25:
            subsize = r.randint(1, size // unit) * unit
            size = subsize
        per_cpu_req = isinstance(req.base, dict)
        cpumap = None
        if r.random() < 0.35:
            cpumap = "*" if r.random() < 0.2 else g.cpus(ncpus)
        is_init = r.random() < 0.3
        if cpumap not in (None, "*") and r.random() < 0.7:
            base = {}
            for c in cpumap:
                va = hv_va.take(size)
                if va is None:
                    return
                base[c] = va
        elif is_init and not per_cpu_req and r.random() < 0.3:
            base = pa_any + (offset or 0)  # VA = PA: inserted once in INIT
        else:
            va = hv_va.take(size, pa_any)
            if va is None:
                return
            base = va
        hv_maps.append(Map(req.id, base, flags, cpumap, is_init, offset, subsize))

    for _ in range(r.randint(1, 6)):
        size = g.size()
        kind = r.random()
        if kind < 0.2:
            req = Req(g.name("dev"), g.phys(size), size, device=True)
        elif kind < 0.5:
            cpumap = g.cpus(ncpus)
            req = Req(g.name("pcpu"), {c: g.phys(size) for c in cpumap}, size, cpumap)
        else:
            req = Req(g.name("req"), g.phys(size), size)
        reqs.append(req)
        hv_map(req, req.base if isinstance(req.base, int) else next(iter(req.base.values())))

    for _ in range(r.randint(0, 2)):
        gid = g.name("vm")
        vcpus = r.randint(1, 2)
        cpumap = [r.randrange(ncpus) for _ in range(vcpus)]  # may repeat a CPU
        fmt = r.choice(fmts + ["none"])
        top = FORMATS[g.arch][fmt][0] if fmt != "none" else None
        limit = 1 << (top.shift + top.width) if top else 1 << 32
        gva = VaSpace(g, r.randint(0, 4) * 0x200000, limit)
        guest = Guest(gid, fmt, cpumap)
        for _ in range(r.randint(1, 3)):
            size = g.size()
            hosts = list(dict.fromkeys(cpumap))
            req = Req(g.name(f"{gid}_m"), {c: g.phys(size) for c in hosts}, size, cpumap)
            reqs.append(req)
            hv_map_cpumap = Map(req.id, {c: hv_va.take(size) for c in hosts}, "rw", cpumap)
            if None not in hv_map_cpumap.base.values():
                hv_maps.append(hv_map_cpumap)
            va = gva.take(size, req.base[hosts[0]])
            if va is None:
                continue
            gmap_cpus = None
            if vcpus > 1 and r.random() < 0.3:
                gmap_cpus = [r.randrange(vcpus)]
            guest.maps.append(Map(req.id, va, "rwx"[: r.randint(1, 3)], gmap_cpus))
        # Maps of hypervisor objects: a device, a per-CPU memreq.
        for other in reqs:
            if other.id.startswith(("dev", "pcpu")) and r.random() < 0.3:
                va = gva.take(other.size)
                if va is not None:
                    guest.maps.append(Map(other.id, va, "rwd" if other.device else "r"))
        guests.append(guest)

    return Scen(g.arch, hv_fmt, ncpus, reqs, hv_maps, guests)


def to_xml(sc: Scen) -> str:
    devices, memreqs = [], []
    for q in sc.reqs:
        if q.device:
            devices.append(f'<device id="{q.id}" base="{_hex(q.base)}" size="{_hex(q.size)}"/>')
        else:
            cpus = f' cpumap="{_list(q.cpumap)}"' if q.cpumap is not None else ""
            memreqs.append(f'<memreq id="{q.id}" base="{_table(q.base)}" size="{_hex(q.size)}"'
                           f'{cpus} flags_demand="" flags_prevent="" on="dram"/>')

    def map_xml(m: Map) -> str:
        attrs = f'xref="{m.xref}" base="{_table(m.base)}" flags="{m.flags}"'
        if m.cpumap is not None:
            attrs += f' cpumap="{_list(m.cpumap)}"'
        if m.is_init:
            attrs += ' is_init="is_init"'
        if m.offset is not None:
            attrs += f' offset="{_hex(m.offset)}"'
        if m.subsize is not None:
            attrs += f' subsize="{_hex(m.subsize)}"'
        return f"<map {attrs}/>"

    guests = "".join(
        f'<guest id="{g.id}" ncpus="{g.ncpus}" cpumap="{_list(g.cpumap)}">'
        f'<mmu type="hardware" format="{g.fmt}">{"".join(map(map_xml, g.maps))}</mmu>'
        f'<init arch_page="pagetables"/><entry bp_xref="pagetables" bp_offset="0x0"/>'
        f'<sched class="wfq"/></guest>' for g in sc.guests)
    return f"""<scenario version="1.00" cbi="phidias" image="raw">
  <platform arch="{sc.arch}" board="b">
    <board id="b">
      {"".join(devices)}
      <memory id="dram" base="0x0" size="0x10000000000">
        <memreq id="pagetables" base="{_hex(sc.pt_base)}" size="0x1000000" flags_demand=""
                flags_prevent="" on="dram"/>
        {"".join(memreqs)}
      </memory>
    </board>
    {arch(sc.arch)}
  </platform>
  <hypervisor ncpus="{sc.ncpus}" load_base="0x0" entry="0x0">
    <mmu type="hardware" format="{sc.hv_fmt}">{"".join(map(map_xml, sc.hv_maps))}</mmu>
  </hypervisor>
  {guests}
</scenario>
"""


def _bases(path) -> dict[str, list[tuple[int, int]]]:
    root = etree.parse(str(path)).getroot()
    out = {}
    for mmu in root.iter("mmu"):
        text = mmu.get("base")
        if text is None:
            continue
        owner = mmu.getparent().get("id", "") if mmu.getparent().tag == "guest" else ""
        out[owner] = [(int(k.split("]")[0][1:]), int(k.split("=")[1], 16))
                      for k in text.split(";")]
    return out


@settings(max_examples=int(os.environ.get("PT_MODEL_EXAMPLES", "80")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_stage_equals_the_model(capsys, tmp_path_factory, seed):
    sc = generate(seed)
    data, bases = build(sc, FORMATS[sc.arch])
    o = tmp_path_factory.mktemp("model")
    (o / "scenario_v_laidout.xml").write_text(to_xml(sc))
    rc, err = run_cli(capsys, "pagetables", o)
    assert rc == 0, err
    assert _bases(o / "scenario_pagetables.xml") == bases
    assert (o / "pagetables").read_bytes() == data
    assert err == (f"INFO: total size of pagetables within estimate "
                   f"({hex(len(data))} <= 0x1000000).\n")
