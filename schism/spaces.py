"""What a laid-out scenario says is where: the placed memory (memreq copies,
devices, gaps) and every address space (INIT, each hypervisor CPU, each
guest vCPU) as the maps it must hold.

Read from the XML alone with the rules of docs/pagetables.md 7.1-7.4
(the cpumap tests of every table), sharing no code with the page-table
builder (`schism.ext.pagetables`, `schism.stages.pagetables`): `schism
report` draws it, `schism verify` compares the decoded binary tables with it
and `schism ptdump` names what each range maps.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from schism import errors, xmlio
from schism.errors import SchismError
from schism.ext.values import (
    ALL_CPUS,
    FLAG_LETTERS,
    Table,
    attribute,
    format_hex,
    parse_dec,
    parse_hex,
    parse_list,
    parse_table,
)

INIT = -1  # CPU index of the INIT table, as stage 7 writes it (`[-1]=`)
HYPERVISOR = "hypervisor"
DEVICE = "device"
# Inputs in the order they are preferred: the latest stage that has them.
SOURCES = ("scenario_pagetables.xml", "scenario_v_laidout.xml")
OWNERS_SOURCE = "scenario_expanded.xml"  # memreqs still inside their owner


@dataclass(frozen=True)
class Region:
    """A placed memreq copy or a board device: one range of physical memory."""

    id: str
    kind: str  # "memreq" or "device"
    base: int
    size: int
    owner: str  # HYPERVISOR, a guest id, or DEVICE
    cpu: int | None  # the copy's CPU of a per-CPU memreq, else None
    el: etree._Element

    @property
    def label(self) -> str:
        return self.id if self.cpu is None else f"{self.id}[{self.cpu}]"

    @property
    def end(self) -> int:
        return self.base + self.size


@dataclass(frozen=True)
class Memory:
    id: str
    base: int
    size: int
    el: etree._Element
    regions: list[Region]  # placed copies, sorted by base
    unplaced: list[etree._Element]  # memreqs without a base (size 0)

    @property
    def end(self) -> int:
        return self.base + self.size


@dataclass(frozen=True)
class MapRange:
    """One contiguous VA range a table must hold: a map (or, in INIT, its
    identity alias) at the PA of the memreq copy or device it names."""

    va: int
    pa: int
    size: int
    flags: str  # positional, one character per FLAG_LETTERS (see `positional`)
    target: Region
    el: etree._Element  # the <map>
    offset: int

    @property
    def label(self) -> str:
        text = self.target.label
        return f"{text}+{format_hex(self.offset)}" if self.offset else text


@dataclass
class Space:
    """An address space: a table stage 7 builds, or the guest-physical view of
    a guest whose mmu format is `none` (no table, `top` None, `format` 'none')."""

    name: str  # hv:init, hv:<cpu>, <guest>:<vcpu>
    owner: str  # HYPERVISOR or the guest id
    cpu: int  # INIT (-1), the hypervisor CPU, or the vCPU
    host: int  # the CPU it runs on (the vCPU's host CPU)
    format: str
    mmu: etree._Element
    top: int | None  # the table's address (mmu base entry), when written
    maps: list[MapRange] = field(default_factory=list)  # sorted by VA

    @property
    def has_table(self) -> bool:
        return self.format != "none"

    @property
    def title(self) -> str:
        if self.owner == HYPERVISOR:
            return "hypervisor INIT table" if self.cpu == INIT else f"hypervisor CPU {self.cpu}"
        return f"guest {self.owner} vCPU {self.cpu} on CPU {self.host}"


@dataclass
class Model:
    path: Path  # the XML it was read from
    root: etree._Element
    memories: list[Memory]
    devices: list[Region]  # sorted by base
    spaces: list[Space]
    guests: list[str]
    formats: dict[str, etree._Element]

    def regions(self) -> list[Region]:
        """Every memreq copy and device, sorted by base."""
        out = [r for m in self.memories for r in m.regions] + self.devices
        return sorted(out, key=lambda r: (r.base, r.size, r.id))


def positional(flags: str) -> str:
    """Flag letters as one position per letter of `rwxgdus` ('-' absent):
    aligned in columns and comparable with decoded entries."""
    return "".join(c if c in flags else "-" for c in FLAG_LETTERS)


_UNITS = ((1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB"), (1, "B"))


def human_size(size: int) -> str:
    """A size in binary units, exact where a unit divides it ('1028 KiB'),
    else approximate ('~1.6 MiB') so it stays short."""
    for unit, name in _UNITS:
        if size >= unit and size % unit == 0 and size // unit < 10000:
            return f"{size // unit} {name}"
    for unit, name in _UNITS:
        if size >= unit:
            return f"~{size / unit:.1f} {name}"
    return "0 B"


def source(build_dir: Path) -> Path:
    """The newest laid-out XML of a build directory (after stage 7 or 6)."""
    for name in SOURCES:
        path = Path(build_dir) / name
        if path.exists():
            return path
    raise SchismError(f"{Path(build_dir) / SOURCES[-1]} does not exist "
                      "(run the stages up to layout-map first)")


def load(build_dir: Path | str, path: Path | None = None) -> Model:
    """The model of `path` (default: `source(build_dir)`); owners from
    `scenario_expanded.xml` when the build directory has it."""
    build_dir = Path(build_dir)
    path = path or source(build_dir)
    root = xmlio.parse_file(path).getroot()
    return from_root(root, path, declared_owners(build_dir))


def declared_owners(build_dir: Path | str) -> dict[str, str]:
    """memreq id -> owner as declared before stage 2 moved memreqs into
    `<memory>` (under `<hypervisor>` or a `<guest>` of scenario_expanded.xml);
    empty without that file."""
    path = Path(build_dir) / OWNERS_SOURCE
    if not path.exists():
        return {}
    root = xmlio.parse_file(path).getroot()
    owners = {el.get("id"): HYPERVISOR for el in root.iterfind("hypervisor/memreq")}
    for guest in root.iterfind("guest"):
        for el in guest.iterfind("memreq"):
            owners[el.get("id")] = guest.get("id")
    return owners


def _inferred_owners(root: etree._Element) -> dict[str, str]:
    """memreq id -> guest, for a guest that names it as its own (init page,
    entry point, copy destination) or, failing that, the one guest that maps
    it; everything else belongs to the hypervisor."""
    strong: dict[str, str] = {}
    mapped: dict[str, set[str]] = {}
    for guest in root.iterfind("guest"):
        gid = guest.get("id")
        for path, attr in (("init", "arch_page"), ("entry", "bp_xref"), ("init/copy", "dref")):
            for el in guest.iterfind(path):
                if el.get(attr):
                    strong.setdefault(el.get(attr), gid)
        for el in guest.iterfind("mmu/map"):
            mapped.setdefault(el.get("xref"), set()).add(gid)
    owners = {xref: next(iter(g)) for xref, g in mapped.items() if len(g) == 1}
    owners.update(strong)
    return owners


def _opt(el, name: str, parse):
    return attribute(el, name, parse, None)


def _cpus(el) -> frozenset[int] | None:
    """The CPUs of a cpumap; None when absent or `*` (every CPU, INIT too)."""
    value = _opt(el, "cpumap", parse_list)
    return None if value is None or value == ALL_CPUS else frozenset(value)


def _copies(el, base: Table) -> list[tuple[int | None, int]]:
    if not base.is_per_cpu:
        return [(None, base.uniform)]
    return sorted(((cpu, addr) for cpu, addr in base), key=lambda c: (c[1], c[0]))


def _memories(root, owners: dict[str, str]) -> list[Memory]:
    out = []
    for mem in root.iterfind("platform/board/memory"):
        regions, unplaced = [], []
        for el in mem.iterfind("memreq"):
            base = _opt(el, "base", parse_table)
            if base is None:
                unplaced.append(el)
                continue
            size = attribute(el, "size", parse_hex)
            owner = owners.get(el.get("id"), HYPERVISOR)
            for cpu, addr in _copies(el, base):
                regions.append(Region(el.get("id"), "memreq", addr, size, owner, cpu, el))
        regions.sort(key=lambda r: (r.base, r.size, r.label))
        out.append(Memory(mem.get("id"), attribute(mem, "base", parse_hex),
                          attribute(mem, "size", parse_hex), mem, regions, unplaced))
    return out


def _devices(root) -> list[Region]:
    out = [Region(el.get("id"), "device", attribute(el, "base", parse_hex),
                  attribute(el, "size", parse_hex), DEVICE, None, el)
           for el in root.iterfind("platform/board/device")]
    return sorted(out, key=lambda r: (r.base, r.id))


class _Maps:
    """Resolves `<map>`s to ranges: VA from the map's base, PA from the copy
    of the memreq on the host CPU (or the device), `offset`/`subsize` applied."""

    def __init__(self, root, memories: list[Memory], devices: list[Region]):
        self.ids = {el.get("id"): el for el in root.iter() if el.get("id") is not None}
        self.copies: dict[tuple[str, int | None], Region] = {}
        for r in [r for m in memories for r in m.regions] + devices:
            self.copies[(r.id, r.cpu)] = r

    def target(self, m) -> etree._Element:
        el = self.ids.get(m.get("xref"))
        if el is None or el.tag not in ("memreq", "device"):
            raise errors.at(m, f"map xref: '{m.get('xref')}' is neither a memreq nor a device")
        return el

    def used(self, m, cpu: int, host: int) -> bool:
        """docs/pagetables.md 7.1-7.3: the map's cpumap holds the table's
        CPU and its memreq's cpumap the host CPU."""
        mine, theirs = _cpus(m), _cpus(self.target(m))
        return (mine is None or cpu in mine) and (theirs is None or host in theirs)

    def resolve(self, m, va_cpu: int, pa_cpu: int) -> MapRange | None:
        """The map as seen by CPU `va_cpu` on host `pa_cpu`; None if it is empty."""
        target = self.target(m)
        size = attribute(target, "size", parse_hex)
        offset = _opt(m, "offset", parse_hex) or 0
        subsize = _opt(m, "subsize", parse_hex)
        size = size - offset if subsize is None else subsize
        if size <= 0:
            return None
        va = self._base(m, va_cpu, f"map base: map of {m.get('xref')} has no base")
        region = self._copy(m, target, pa_cpu)
        return MapRange(va, region.base + offset, size, positional(m.get("flags", "")),
                        region, m, offset)

    def _base(self, el, cpu: int, message: str) -> int:
        base = _opt(el, "base", parse_table)
        value = None if base is None else base.get(cpu)
        if value is None:
            raise errors.at(el, message + ("" if base is None else f" for {_cpu_name(cpu)}"))
        return value

    def _copy(self, m, target, cpu: int) -> Region:
        base = _opt(target, "base", parse_table)
        key = (target.get("id"), None if base is None or not base.is_per_cpu else cpu)
        region = self.copies.get(key)
        if region is None:
            where = "" if base is None else f" for {_cpu_name(cpu)}"
            raise errors.at(m, f"map xref: {target.tag} {target.get('id')} has no base{where}")
        return region


def _cpu_name(cpu: int) -> str:
    return "the INIT table" if cpu == INIT else f"CPU {cpu}"


def _table_tops(mmu) -> Table:
    return _opt(mmu, "base", parse_table) or Table(entries={})


def _hypervisor_spaces(hv, maps: _Maps) -> list[Space]:
    mmu = hv.find("mmu")
    if mmu is None:
        raise errors.at(hv, "hypervisor mmu: missing")
    ncpus = attribute(hv, "ncpus", parse_dec)
    tops = _table_tops(mmu)
    fmt = mmu.get("format", "none")
    els = mmu.findall("map")
    init = Space("hv:init", HYPERVISOR, INIT, INIT, fmt, mmu, tops.entries.get(INIT))
    for m in els:
        if m.get("is_init") is None or not maps.used(m, INIT, INIT):
            continue
        r = maps.resolve(m, INIT, INIT)
        if r is not None:
            init.maps.append(MapRange(r.pa, r.pa, r.size, r.flags, r.target, m, r.offset))
            if r.va != r.pa:
                init.maps.append(r)
    out = [init]
    for cpu in range(ncpus):
        space = Space(f"hv:{cpu}", HYPERVISOR, cpu, cpu, fmt, mmu, tops.entries.get(cpu))
        space.maps = [r for m in els if maps.used(m, cpu, cpu)
                      if (r := maps.resolve(m, cpu, cpu)) is not None]
        out.append(space)
    return out


def _guest_spaces(guest, ncpus: int, maps: _Maps) -> list[Space]:
    gid = guest.get("id")
    mmu = guest.find("mmu")
    if mmu is None:
        return []
    value = _opt(guest, "cpumap", parse_list)
    hosts = list(range(ncpus)) if value is None or value == ALL_CPUS else list(value)
    tops = _table_tops(mmu)
    out = []
    for vcpu in range(attribute(guest, "ncpus", parse_dec)):
        if vcpu >= len(hosts):
            raise errors.at(guest, f"guest cpumap: no host CPU for vCPU {vcpu} "
                                   f"(cpumap has {len(hosts)})")
        host = hosts[vcpu]
        space = Space(f"{gid}:{vcpu}", gid, vcpu, host, mmu.get("format", "none"), mmu,
                      tops.entries.get(vcpu))
        space.maps = [r for m in mmu.iterfind("map") if maps.used(m, vcpu, host)
                      if (r := maps.resolve(m, vcpu, host)) is not None]
        out.append(space)
    return out


def from_root(root: etree._Element, path: Path | str,
              declared_owners: dict[str, str] | None = None) -> Model:
    """The model of a parsed laid-out scenario (stage 6 or 7 output)."""
    owners = _inferred_owners(root)
    owners.update({k: v for k, v in (declared_owners or {}).items()})
    memories = _memories(root, owners)
    devices = _devices(root)
    maps = _Maps(root, memories, devices)
    hv = root.find("hypervisor")
    if hv is None:
        raise SchismError("no <hypervisor>", os.fspath(path))
    ncpus = attribute(hv, "ncpus", parse_dec)
    spaces = _hypervisor_spaces(hv, maps)
    guests = root.findall("guest")
    for guest in guests:
        spaces.extend(_guest_spaces(guest, ncpus, maps))
    for space in spaces:
        space.maps.sort(key=lambda r: (r.va, r.size))
    formats = {el.get("id"): el for el in root.iterfind("platform/arch/paging_format")}
    return Model(Path(path), root, memories, devices, spaces,
                 [g.get("id") for g in guests], formats)
