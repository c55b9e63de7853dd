"""Stage 7, pagetables: scenario_v_laidout.xml -> scenario_pagetables.xml + pagetables.

docs/pagetables.md 7.1-7.7: the INIT table, one hypervisor table per CPU, one table
per vCPU of every guest with a paging format, laid out back to back from the
`pagetables` memreq. The tables are computed here in one pass (IDs indexed
once); `xslt/pagetables.xsl` only writes the mmu bases it gets from the
extension functions. The binary is written last, after the XML succeeded.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from schism import errors, stages
from schism.errors import SchismError
from schism.ext import pagetables as pt
from schism.ext.values import (
    ALL_CPUS,
    Table,
    attribute,
    expand_list,
    format_hex,
    parse_dec,
    parse_hex,
    parse_list,
    parse_table,
)

INIT = -1  # CPU index of the INIT table (mmu base `[-1]`), as in the original


def _attr(el, name: str, parse, default=None):
    """An optional attribute (None when absent); bad syntax is a located error."""
    return attribute(el, name, parse, default)


@dataclass(slots=True)
class Mapping:
    """One `<map>`, its target resolved and its values parsed once."""

    el: etree._Element
    xref: str
    va: Table | None
    pa: Table | None  # base of the memreq/device, before offset
    offset: int
    size: int
    flags: str
    # cpumaps as the original tested them: None when absent or `*` (contains
    # every CPU, even the INIT table's -1), else the listed CPUs.
    cpumap: frozenset[int] | None  # the map's own
    target_cpumap: frozenset[int] | None  # the memreq's
    is_init: bool

    def used_on(self, table_cpu: int, host_cpu: int) -> bool:
        """Whether the table of `table_cpu` (-1: INIT; a guest's vCPU) running
        on `host_cpu` holds this map (docs/pagetables.md 7.1-7.3): the map's cpumap
        must contain the table's CPU and the memreq's cpumap the host CPU.
        INIT (-1) is in no list: there only maps without either cpumap count."""
        return ((self.cpumap is None or table_cpu in self.cpumap)
                and (self.target_cpumap is None or host_cpu in self.target_cpumap))

    def at(self, va_cpu: int, pa_cpu: int) -> tuple[int, int]:
        """(VA, PA) of this map for CPU `va_cpu` / memreq copy of CPU `pa_cpu`
        (-1: the INIT table, which only a uniform value or a `[-1]` entry serves)."""
        if self.va is None:
            raise errors.at(self.el, f"map base: map of {self.xref} has no base")
        va = self.va.get(va_cpu)
        if va is None:
            raise errors.at(self.el, f"map base: map of {self.xref} has no base for "
                                     f"{_table_name(va_cpu)}")
        if self.pa is None:
            raise errors.at(self.el, f"map xref: memreq {self.xref} has no base")
        pa = self.pa.get(pa_cpu)
        if pa is None:
            raise errors.at(self.el, f"map xref: memreq {self.xref} has no base for "
                                     f"{_table_name(pa_cpu)}")
        return va, pa + self.offset


def _table_name(cpu: int) -> str:
    return "the INIT table" if cpu == INIT else f"CPU {cpu}"


class Scenario:
    """The parts of the document stage 7 reads, indexed once."""

    def __init__(self, doc: etree._ElementTree):
        root = doc.getroot()
        self.ids = {el.get("id"): el for el in root.iter() if el.get("id") is not None}
        self.hv = root.find("hypervisor")
        self.ncpus = _attr(self.hv, "ncpus", parse_dec)
        self.guests = root.findall("guest")
        self.formats: dict[str, etree._Element] = {}
        arch = root.find("platform/arch")
        if arch is not None:
            for el in arch.iterfind("paging_format"):
                self.formats.setdefault(el.get("id"), el)
        self._parsed: dict[str, pt.PagingFormat] = {}
        self._targets: dict[str, tuple] = {}
        self._cpumaps: dict[str, frozenset[int] | None] = {}  # text -> CPUs (few distinct)
        # text -> value, per codec: a map's values are read only, so guests
        # that repeat a base or a size share one parsed value
        self._tables: dict[str, Table] = {}
        self._numbers: dict[str, int] = {}

    def paging_format(self, mmu) -> pt.PagingFormat:
        fmt_id = mmu.get("format")
        fmt = self._parsed.get(fmt_id)
        if fmt is None:
            el = self.formats.get(fmt_id)
            if el is None:
                known = ", ".join(self.formats) or "none"
                raise errors.at(mmu, f"mmu format: unknown paging format '{fmt_id}' "
                                     f"(the arch has: {known})")
            fmt = self._parsed[fmt_id] = pt.parse_format(el)
        return fmt

    def _cpus(self, node) -> frozenset[int] | None:
        """The CPUs of a `cpumap`; None when absent or `*` (no restriction)."""
        text = node.get("cpumap")
        if text is None:
            return None
        if text in self._cpumaps:
            return self._cpumaps[text]
        value = _attr(node, "cpumap", parse_list)
        cpus = self._cpumaps[text] = None if value == ALL_CPUS else frozenset(value)
        return cpus

    def _table(self, el, name: str, text: str) -> Table:
        """`el/@name` (= `text`) as a TABLE; a bad one is located at `el`."""
        table = self._tables.get(text)
        if table is None:
            table = self._tables[text] = attribute(el, name, parse_table)
        return table

    def _hex(self, el, name: str, text: str) -> int:
        value = self._numbers.get(text)
        if value is None:
            value = self._numbers[text] = attribute(el, name, parse_hex)
        return value

    def _target(self, map_el, xref: str):
        """(element, size, base or None, cpumap) of a memreq or device, parsed once."""
        found = self._targets.get(xref)
        if found is None:
            el = self.ids.get(xref)
            if el is None or el.tag not in ("memreq", "device"):
                raise errors.at(map_el, f"map xref: '{xref}' is neither a memreq nor a device")
            text = el.get("base")
            base = None if text is None else self._table(el, "base", text)
            if base is None and el.tag == "device":
                raise errors.at(map_el, f"map xref: device {xref} has no base")
            text = el.get("size")
            found = self._targets[xref] = (
                el, 0 if text is None else self._hex(el, "size", text), base,
                self._cpus(el) if el.tag == "memreq" else None)
        return found

    def mapping(self, el) -> Mapping:
        get = el.get
        xref = get("xref")
        found = self._targets.get(xref)
        target, size, base, target_cpumap = found or self._target(el, xref)
        text = get("offset")
        offset = 0 if text is None else self._hex(el, "offset", text)
        subsize = get("subsize")
        if offset > size and subsize is None:
            raise errors.at(el, f"map offset: offset {format_hex(offset)} lies beyond the "
                                f"size {format_hex(size)} of {xref}")
        text = get("base")
        va = None if text is None else self._table(el, "base", text)
        return Mapping(
            el, xref, va, base, offset,
            size - offset if subsize is None else self._hex(el, "subsize", subsize),
            get("flags", ""), self._cpus(el), target_cpumap, get("is_init") is not None,
        )


def _insert(tree: pt.Tree, m: Mapping, va: int, pa: int,
            inserted: list[tuple[int, int, Mapping]]) -> None:
    """Insert one map; `inserted` (this tree's maps so far, by VA range)
    names the other party of a clash."""
    try:
        tree.insert(va, pa, m.size, m.flags)
    except pt.MapError as e:
        attr = {"va": "base", "pa": "offset" if m.offset else "xref",
                "size": "subsize" if m.el.get("subsize") is not None else "xref"}[e.part]
        other = None
        if e.va is not None:
            other = next(((s, end, o) for s, end, o in inserted if s <= e.va < end), None)
        if other is None:
            raise errors.at(
                m.el, f"map {attr}: {e.message} (map of {m.xref}, table {tree.name})"
            ) from None
        s, end, o = other
        raise errors.at(
            m.el, f"map {attr}: {e.message}: the map of {m.xref} "
                  f"[{format_hex(va)},{format_hex(va + m.size)}) overlaps the map of {o.xref} "
                  f"[{format_hex(s)},{format_hex(end)}) (table {tree.name})"
        ).note_at(o.el, f"the map of {o.xref} is here") from None
    inserted.append((va, va + m.size, m))


def build_trees(sc: Scenario, sink=None
                ) -> tuple[list[pt.Tree], dict[str, list[tuple[int, pt.Tree]]]]:
    """Every tree in layout order, and per mmu owner (guest id, '' for the
    hypervisor) its (mmu base index, tree) pairs. With `sink`, each tree is
    given to it as soon as it is complete instead (`pt.TableFile.add`), and
    the list stays empty."""
    hv_mmu = sc.hv.find("mmu")
    if hv_mmu.get("format") == "none":
        raise errors.at(hv_mmu, "mmu format: the hypervisor needs a paging format, not 'none'")
    hv_fmt = sc.paging_format(hv_mmu)
    maps = [sc.mapping(el) for el in hv_mmu.iterfind("map")]
    maps = [m for m in maps if m.size]
    trees: list[pt.Tree] = []
    roots: dict[str, list[tuple[int, pt.Tree]]] = {"": []}
    done = trees.append if sink is None else sink

    # 1. INIT: every is_init map at its PA and at its own VA (once if equal).
    # The original built it as the table of CPU -1 with the same cpumap tests
    # as 2., so a map with a cpumap, or of a memreq with one, is left out.
    init = pt.Tree("hv:init", hv_fmt)
    inserted: list[tuple[int, int, Mapping]] = []
    for m in maps:
        if m.is_init and m.used_on(INIT, INIT):
            va, pa = m.at(INIT, INIT)
            _insert(init, m, pa, pa, inserted)
            if va != pa:
                _insert(init, m, va, pa, inserted)
    done(init)
    roots[""].append((INIT, init))

    # 2. One table per hypervisor CPU: every map whose cpumap and memreq's
    # cpumap (where present) contain the CPU, in document order.
    per_cpu: list[list[Mapping]] = [[] for _ in range(sc.ncpus)]
    everywhere = frozenset(range(sc.ncpus))
    for m in maps:
        cpus = everywhere
        if m.cpumap is not None:
            cpus = cpus & m.cpumap
        if m.target_cpumap is not None:
            cpus = cpus & m.target_cpumap
        for cpu in sorted(cpus):
            per_cpu[cpu].append(m)
    for cpu in range(sc.ncpus):
        tree = pt.Tree(f"hv:{cpu}", hv_fmt)
        inserted = []
        for m in per_cpu[cpu]:
            va, pa = m.at(cpu, cpu)
            _insert(tree, m, va, pa, inserted)
        done(tree)
        roots[""].append((cpu, tree))

    # 3. One table per vCPU of every guest with a paging format.
    for guest in sc.guests:
        mmu = guest.find("mmu")
        if mmu is None or mmu.get("format") == "none":
            continue
        fmt = sc.paging_format(mmu)
        gid = guest.get("id")
        hosts = expand_list(_attr(guest, "cpumap", parse_list, "*"), sc.ncpus)
        gmaps = [sc.mapping(el) for el in mmu.iterfind("map")]
        gmaps = [m for m in gmaps if m.size]
        roots[gid] = []
        for vcpu in range(_attr(guest, "ncpus", parse_dec)):
            if vcpu >= len(hosts):
                raise errors.at(guest, f"guest cpumap: no host CPU for vCPU {vcpu} "
                                       f"(cpumap has {len(hosts)})")
            host = hosts[vcpu]
            tree = pt.Tree(f"{gid}:{vcpu}", fmt)
            inserted = []
            # The map's cpumap is tested against the vCPU, the memreq's
            # against its host CPU (as the original did).
            for m in gmaps:
                if m.used_on(vcpu, host):
                    va, pa = m.at(vcpu, host)
                    _insert(tree, m, va, pa, inserted)
            done(tree)
            roots[gid].append((vcpu, tree))

    return trees, roots


def run(ctx: stages.Context) -> None:
    doc = stages.read_input(ctx, ctx.input)
    sc = Scenario(doc)
    req = sc.ids.get("pagetables")
    if req is None or req.tag != "memreq":
        raise errors.at(sc.hv, "hypervisor memreq: no memreq 'pagetables' to hold the tables")
    base = _attr(req, "base", parse_table)
    if base is None or base.is_per_cpu:
        raise errors.at(req, "memreq base: the pagetables memreq needs one (not per-CPU) base")
    estimate = _attr(req, "size", parse_hex, 0)

    # The trees are placed and written one by one as they are built (7.6,
    # 7.7), to a temporary file that becomes `pagetables` after the XML.
    tables = pt.TableFile(ctx.build_dir, base.uniform)
    try:
        _, roots = build_trees(sc, tables.add)
        try:
            end = tables.finish()
        except SchismError as e:  # a table address too wide for its format's entries
            raise errors.at(req, f"memreq base: {e.message}") from None
        total = end - base.uniform
        if total > estimate:
            raise errors.at(req, f"memreq size: total size of pagetables {format_hex(total)} "
                                 f"exceeds the estimate {format_hex(estimate)}")
        mmu_base = {
            key: Table(entries={i: t.addr for i, t in pairs}).format()
            for key, pairs in roots.items()
        }

        extensions = {
            "mmu-base": lambda owner: mmu_base.get(str(owner), ""),
            "total-size": lambda: format_hex(total),
            "estimate": lambda: format_hex(estimate),
        }
        stages.xslt_stage(ctx, doc, extensions=extensions)
        tables.commit(ctx.file("pagetables"))
    finally:
        tables.discard()
