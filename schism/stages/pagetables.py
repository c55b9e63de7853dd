"""Stage 7, pagetables: scenario_v_laidout.xml -> scenario_pagetables.xml + pagetables.

docs/pagetables.md 7.1-7.7: the INIT table, one hypervisor table per CPU, one table
per vCPU of every guest with a paging format, laid out back to back from the
`pagetables` memreq. The table builder is Python (`schism.ext.pagetables`):
the tables are built here in one pass (IDs indexed once), and
`xslt/pagetables.xsl` writes the mmu bases through `FUNCTIONS`. The binary
is written last, after the XML succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from schism import errors, ext, stages
from schism.errors import SchismError
from schism.ext import pagetables as pt
from schism.ext.values import (
    ALL_CPUS,
    Table,
    attribute,
    expand_list,
    format_hex,
    one_value,
    parse_dec,
    parse_hex,
    parse_list,
    parsed,
    shared_table,
)

INIT = -1  # CPU index of the INIT table (mmu base `[-1]`), as in the original


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
        va = None if self.va is None else self.va.get(va_cpu)
        pa = None if self.pa is None else self.pa.get(pa_cpu)
        if va is None:
            raise self._no_base(self.va, va_cpu, f"map base: map of {self.xref}")
        if pa is None:
            raise self._no_base(self.pa, pa_cpu, f"map xref: memreq {self.xref}")
        return va, pa + self.offset

    def _no_base(self, table: Table | None, cpu: int, what: str) -> SchismError:
        """A VA or PA that `at` did not find: no base at all, or none for `cpu`."""
        where = "" if table is None else f" for {_table_name(cpu)}"
        return errors.at(self.el, f"{what} has no base{where}")


def _table_name(cpu: int) -> str:
    return "the INIT table" if cpu == INIT else f"CPU {cpu}"


class Scenario:
    """The parts of the document stage 7 reads, indexed once."""

    def __init__(self, doc: etree._ElementTree):
        root = doc.getroot()
        # What a map or the hypervisor names by ID: a memreq or a device (IDs
        # are unique in a valid document; any other element would be an error).
        self.ids = {el.get("id"): el for el in root.iter("memreq", "device")}
        self.hv = root.find("hypervisor")
        self.ncpus = attribute(self.hv, "ncpus", parse_dec)
        self.guests = root.findall("guest")
        self.formats: dict[str, etree._Element] = {}
        arch = root.find("platform/arch")
        if arch is not None:
            for el in arch.iterfind("paging_format"):
                self.formats.setdefault(el.get("id"), el)
        self._parsed: dict[str, pt.PagingFormat] = {}
        self._targets: dict[str, tuple] = {}
        self._cpumaps: dict[str, frozenset[int] | None] = {}  # text -> CPUs (few distinct)
        self._bases: dict[str, Table] = {}  # a map's base text -> its uniform value

    def paging_format(self, mmu) -> pt.PagingFormat:
        fmt_id = mmu.get("format")
        fmt = self._parsed.get(fmt_id)
        if fmt is None:
            el = self.formats.get(fmt_id)
            if el is None:
                raise errors.at(mmu, f"mmu format: unknown paging format '{fmt_id}' "
                                     f"(the arch has: {errors.listing(self.formats)})")
            fmt = self._parsed[fmt_id] = pt.parse_format(el)
        return fmt

    def _cpus(self, node, text: str | None) -> frozenset[int] | None:
        """The CPUs of a `cpumap` (`text`, as read from `node`); None when
        absent or `*` (no restriction)."""
        if text is None:
            return None
        cpus = self._cpumaps.get(text, ())
        if cpus == ():
            value = attribute(node, "cpumap", parse_list)
            cpus = self._cpumaps[text] = None if value == ALL_CPUS else frozenset(value)
        return cpus

    def _target(self, map_el, xref: str):
        """(element, size, base or None, cpumap) of a memreq or device, parsed once."""
        found = self._targets.get(xref)
        if found is None:
            el = self.ids.get(xref)
            tag = None if el is None else el.tag
            if tag != "memreq" and tag != "device":
                raise errors.at(map_el, f"map xref: '{xref}' is neither a memreq nor a device")
            get = el.get
            text = get("base")
            base = None if text is None else parsed(el, "base", text, shared_table)
            if base is None and tag == "device":
                raise errors.at(map_el, f"map xref: device {xref} has no base")
            text = get("size")
            found = self._targets[xref] = (
                el, 0 if text is None else parsed(el, "size", text, parse_hex), base,
                self._cpus(el, get("cpumap")) if tag == "memreq" else None)
        return found

    def mapping(self, el) -> Mapping:
        """A `<map>` read (the attributes most maps lack are not parsed)."""
        get = el.get
        xref = get("xref")
        target, size, base, target_cpumap = self._targets.get(xref) or self._target(el, xref)
        text = get("offset")
        offset = 0 if text is None else parsed(el, "offset", text, parse_hex)
        subsize = get("subsize")
        if offset > size and subsize is None:
            raise errors.at(el, f"map offset: offset {format_hex(offset)} lies beyond the "
                                f"size {format_hex(size)} of {xref}")
        text = get("base")
        va = None if text is None else self._bases.get(text) or self._base(el, text)
        return Mapping(
            el, xref, va, base, offset,
            size - offset if subsize is None else parsed(el, "subsize", subsize, parse_hex),
            get("flags", ""), self._cpus(el, get("cpumap")),
            target_cpumap, get("is_init") is not None,
        )

    def _base(self, el, text: str) -> Table:
        """A map's `base`, kept per text when it is one for every CPU (maps
        repeat those; a per-CPU one is mostly a map's own)."""
        va = parsed(el, "base", text, shared_table)
        if va.uniform is not None:
            self._bases[text] = va
        return va


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


def build_trees(sc: Scenario, tables: pt.TableFile | None = None
                ) -> tuple[list[pt.Tree], dict[str, list[tuple[int, pt.Tree | pt.Written]]]]:
    """Every tree in layout order, and per mmu owner (guest id, '' for the
    hypervisor) its (mmu base index, tree) pairs. With `tables`, each tree
    goes there as soon as it is complete instead (`pt.TableFile.add`), a
    guest's written from an earlier one of its shape where it can be, and
    the list stays empty."""
    hv_mmu = sc.hv.find("mmu")
    if hv_mmu.get("format") == "none":
        raise errors.at(hv_mmu, "mmu format: the hypervisor needs a paging format, not 'none'")
    hv_fmt = sc.paging_format(hv_mmu)
    maps = [sc.mapping(el) for el in hv_mmu.iterchildren("map")]
    maps = [m for m in maps if m.size]
    trees: list[pt.Tree] = []
    roots: dict[str, list[tuple[int, pt.Tree | pt.Written]]] = {"": []}
    done = trees.append if tables is None else tables.add

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
        mmu = next(guest.iterchildren("mmu"), None)  # find, without ElementPath
        if mmu is None or mmu.get("format") == "none":
            continue
        fmt = sc.paging_format(mmu)
        gid = guest.get("id")
        hosts = expand_list(attribute(guest, "cpumap", parse_list, ALL_CPUS), sc.ncpus)
        gmaps = [sc.mapping(el) for el in mmu.iterchildren("map")]
        gmaps = [m for m in gmaps if m.size]
        roots[gid] = []
        for vcpu in range(attribute(guest, "ncpus", parse_dec)):
            if vcpu >= len(hosts):
                raise errors.at(guest, f"guest cpumap: no host CPU for vCPU {vcpu} "
                                       f"(cpumap has {len(hosts)})")
            host = hosts[vcpu]
            # The map's cpumap is tested against the vCPU, the memreq's
            # against its host CPU (as the original did).
            used = [m for m in gmaps if m.used_on(vcpu, host)]
            name = f"{gid}:{vcpu}"
            if tables is None:
                tree = _guest_tree(name, fmt, used, vcpu, host)
                trees.append(tree)
            else:
                tree = _write_guest_tree(tables, name, fmt, used, vcpu, host)
            roots[gid].append((vcpu, tree))

    return trees, roots


def _guest_tree(name: str, fmt: pt.PagingFormat, maps: list[Mapping], vcpu: int, host: int,
                record: bool = False) -> pt.Tree:
    """The tree of a guest's vCPU running on `host`, built map by map."""
    tree = pt.Tree(name, fmt, record)
    inserted: list[tuple[int, int, Mapping]] = []
    for m in maps:
        va, pa = m.at(vcpu, host)
        _insert(tree, m, va, pa, inserted)
    return tree


def _write_guest_tree(tables: pt.TableFile, name: str, fmt: pt.PagingFormat,
                      maps: list[Mapping], vcpu: int, host: int) -> pt.Tree | pt.Written:
    """`_guest_tree` into `tables`: written from an earlier tree of its shape
    where it can be (most are), else built (which says what is wrong, if
    anything) and its shape kept."""
    try:
        placed = [(*m.at(vcpu, host), m.size, m.flags) for m in maps]
    except SchismError:  # a map without a base: building the tree names it
        placed = None
    written = None if placed is None else tables.add_like(name, fmt, placed)
    if written is not None:
        return written
    tree = _guest_tree(name, fmt, maps, vcpu, host, record=True)
    tables.add(tree, placed)
    return tree


class Facts:
    """What the built tables say; the methods are the stylesheet's extension
    functions (`FUNCTIONS`)."""

    def __init__(self, mmu_bases: dict[str, str], total: int, estimate: int) -> None:
        self.mmu_bases = mmu_bases
        self.total = total
        self.size_estimate = estimate

    def mmu_base(self, owner: str) -> str:
        return self.mmu_bases.get(owner, "")

    def total_size(self) -> str:
        return format_hex(self.total)

    def estimate(self) -> str:
        return format_hex(self.size_estimate)


# The extension functions of xslt/pagetables.xsl (urn:schism:ext).
FUNCTIONS: dict[str, Callable[..., str]] = {
    # (owner): TABLE of the top-table addresses of the mmu of guest owner ('' the
    # hypervisor), as 7.6 placed them; '' when it has no tables
    "mmu-base": Facts.mmu_base,
    "total-size": Facts.total_size,  # (): the bytes the tables take (7.7), HEX
    "estimate": Facts.estimate,  # (): the size of the pagetables memreq (4.4), HEX
}


def run(ctx: stages.Context) -> None:
    doc = stages.read_input(ctx, ctx.input)
    sc = Scenario(doc)
    req = sc.ids.get("pagetables")
    if req is None or req.tag != "memreq":
        raise errors.at(sc.hv, "hypervisor memreq: no memreq 'pagetables' to hold the tables")
    one_base = "the pagetables memreq needs one (not per-CPU) base"
    base = attribute(req, "base", one_value(one_base), missing=one_base)
    estimate = attribute(req, "size", parse_hex, 0)

    # The trees are placed and written one by one as they are built (7.6,
    # 7.7), to a temporary file that becomes `pagetables` after the XML.
    tables = pt.TableFile(ctx.file("pagetables"), base)
    try:
        _, roots = build_trees(sc, tables)
        if tables.error is not None:  # a table address too wide for its format's entries
            raise errors.at(req, f"memreq base: {tables.error.message}")
        end = tables.finish()
        total = end - base
        if total > estimate:
            raise errors.at(req, f"memreq size: total size of pagetables {format_hex(total)} "
                                 f"exceeds the estimate {format_hex(estimate)}")
        mmu_bases = {
            key: Table(entries={i: t.addr for i, t in pairs}).format()
            for key, pairs in roots.items()
        }
        facts = Facts(mmu_bases, total, estimate)
        stages.xslt_stage(ctx, doc, extensions=ext.bind(FUNCTIONS, facts))
        tables.commit()
    finally:
        tables.discard()
