"""Stage 6, layout_map: scenario_p_laidout.xml -> scenario_v_laidout.xml.

Places every `<map>` of the hypervisor `<mmu>` without a base in the
hypervisor's virtual address space (docs/layout.md 6.1-6.5): claims, common maps,
then one pass per CPU from the same free list. Guests have no dynamic
placement: their maps must have bases. The placement is Python
(`schism.ext.layout`); the stylesheet `xslt/layout-map.xsl` writes the
results through `FUNCTIONS`, naming each map by itself (no position among
the maps of its xref is computed anywhere).
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from schism import errors, ext, stages
from schism.errors import SchismError
from schism.ext import layout
from schism.ext.values import (
    PAGE_SIZE,
    Table,
    attribute,
    check_flags,
    expand_list,
    format_hex,
    one_value,
    parse_dec,
    parse_hex,
    parse_list,
    parse_table,
)


class Placements:
    """The bases `compute` found, by map element; the methods are the
    stylesheet's extension functions (`FUNCTIONS`)."""

    def __init__(self, bases: dict[etree._Element, str]) -> None:
        self.bases = bases

    def map_base(self, nodes: list[etree._Element]) -> str:
        return self.bases.get(nodes[0], "") if nodes else ""


# The extension functions of xslt/layout-map.xsl (urn:schism:ext).
FUNCTIONS: dict[str, Callable[..., str]] = {
    # (map): the base 6.3 or 6.4 gives that hypervisor map: HEX, a TABLE in CPU order, or ''
    "map-base": Placements.map_base,
}


def run(ctx: stages.Context) -> None:
    tree = stages.read_input(ctx, ctx.input)
    facts = Placements(compute(tree))
    stages.xslt_stage(ctx, tree, extensions=ext.bind(FUNCTIONS, facts))


def compute(tree: etree._ElementTree) -> dict[etree._Element, str]:
    """The new `base` of every hypervisor map that gets one, by element."""
    root = tree.getroot()
    hypervisor = root.find("hypervisor")
    if hypervisor is None:
        raise errors.at(root, "scenario: no <hypervisor>")
    mmu = hypervisor.find("mmu")
    if mmu is None:
        raise errors.at(hypervisor, "hypervisor: no <mmu>")
    ncpus = attribute(hypervisor, "ncpus", parse_dec)
    fmt = _paging_format(root, mmu)
    aligns = layout.preferred_alignments(
        attribute(level, "shift", parse_dec) for level in fmt.iterfind("level")
    )
    # docs/layout.md 6.1: [0, 2^va_width - 4 KiB), exact for va_width 64.
    top = (1 << attribute(fmt, "va_width", parse_dec)) - PAGE_SIZE
    free = layout.FreeList([(0, top)])
    claims = layout.Claims()
    sizes = _sizes(root)
    maps = mmu.findall("map")

    # 6.1 claims; 6.2 the global window: from the core_rx map's base to the top
    # of the VA space (no such map or base: from 0, as the original's
    # zero-initialised window).
    window_start = _window_start(maps)
    common: list[layout.Request] = []
    per_cpu: list[list[layout.Request]] = [[] for _ in range(ncpus)]
    requests: list[layout.Request] = []
    for index, m in enumerate(maps):
        size = _map_size(m, sizes)
        if m.get("base") is not None:
            _claim(m, free, claims, size)
            continue
        r = layout.Request(
            index, size, in_window="g" in attribute(m, "flags", check_flags, "")
        )
        requests.append(r)
        if m.get("cpumap") is None:
            common.append(r)
        else:
            cpus = expand_list(attribute(m, "cpumap", parse_list), ncpus)
            for cpu in dict.fromkeys(cpus):  # "contains i": once per CPU
                if 0 <= cpu < ncpus:
                    per_cpu[cpu].append(r)

    _place(free, common, aligns, window_start, None, maps)  # 6.3
    for cpu in range(ncpus):  # 6.4: every CPU starts from the same free list
        _place(free.copy(), per_cpu[cpu], aligns, window_start, cpu, maps)

    _check_guests(root)  # 6.5
    out: dict[etree._Element, str] = {}
    for r in requests:
        if None in r.bases:
            out[maps[r.key]] = format_hex(r.bases[None])
        elif r.bases:  # [cpu]=0x... in CPU order
            out[maps[r.key]] = Table(entries=r.bases).format()
    return out


def _window_start(maps: list[etree._Element]) -> int:
    for m in maps:
        if m.get("xref") == "core_rx":
            if m.get("base") is None:
                return 0
            return attribute(m, "base", parse_table).get(0) or 0
    return 0


def _paging_format(root: etree._Element, mmu: etree._Element) -> etree._Element:
    name = mmu.get("format")
    for fmt in root.iterfind("platform/arch/paging_format"):
        if fmt.get("id") == name:
            return fmt
    raise errors.at(mmu, f"mmu format: unknown paging format '{name}'")


def _sizes(root: etree._Element) -> dict[str, tuple[etree._Element, int]]:
    """Every memreq and device by id, with its size (indexed once)."""
    out: dict[str, tuple[etree._Element, int]] = {}
    for el in root.iterfind("platform/board/device"):
        out[el.get("id")] = (el, attribute(el, "size", parse_hex))
    for el in root.iterfind("platform/board/memory/memreq"):
        out[el.get("id")] = (el, attribute(el, "size", parse_hex))
    return out


def _map_size(m: etree._Element, sizes: dict[str, tuple[etree._Element, int]]) -> int:
    """docs/layout.md 6.1: `subsize`, else the size of the memreq or device."""
    xref = m.get("xref")
    if m.get("subsize") is not None:
        return attribute(m, "subsize", parse_hex)
    if xref in sizes:
        return sizes[xref][1]
    raise errors.at(m, f"map xref: '{xref}' is neither a memreq nor a device")


def _claim(m: etree._Element, free: layout.FreeList, claims: layout.Claims, size: int) -> None:
    """docs/layout.md 6.1: a fixed base is claimed as it is."""
    xref = m.get("xref")
    base = attribute(m, "base", one_value(
        f"map '{xref}' has a per-CPU base '{{}}'; a fixed base must be one value"))
    what = f"map base: cannot claim map '{xref}' [{format_hex(base)},{format_hex(base + size)})"
    if not claims.claim(free, m, base, size, what, lambda el: f"map '{el.get('xref')}'"):
        raise errors.at(m, f"{what}: outside the free virtual address space; "
                           f"free: {free.describe()}")


def _place(
    free: layout.FreeList,
    requests: list[layout.Request],
    aligns: list[int],
    window: int,
    cpu: int | None,
    maps: list[etree._Element],
) -> None:
    try:
        layout.place_all(free, requests, aligns, padded=True, window=window, cpu=cpu)
    except layout.NoAlignment as e:
        m = maps[e.request.key]
        raise errors.at(
            m,
            f"map base: no preferred alignment for map '{m.get('xref')}' of size "
            f"{format_hex(e.request.size)} ({layout.smallest(aligns)})",
        ) from None
    except layout.NoFit as e:
        m = maps[e.request.key]
        where = "in the global window " if e.request.in_window else ""
        for_cpu = "" if cpu is None else f" for CPU {cpu}"
        lowest = window if e.request.in_window else 0
        raise errors.at(
            m,
            f"map base: cannot place map '{m.get('xref')}'{for_cpu} {where}(size "
            f"{format_hex(e.request.size)} + guard pages, alignment "
            f"{layout.tried(e.tries)}): "
            f"{e.free.shortfall(e.request.size + 2 * PAGE_SIZE, lowest)}; "
            f"free: {e.free.describe()}",
        ) from None


def guest_map_problems(root: etree._Element) -> list[SchismError]:
    """docs/layout.md 6.5: every map of a guest has its base already."""
    return [
        errors.at(m, f"map base: map '{m.get('xref')}' of guest '{guest.get('id')}' has no "
                     "base (guest maps are not placed dynamically)")
        for guest in root.iterchildren("guest") for mmu in guest.iterchildren("mmu")
        for m in mmu.iterchildren("map")
        if m.get("base") is None
    ]


def _check_guests(root: etree._Element) -> None:
    found = guest_map_problems(root)
    if found:
        raise found[0]

