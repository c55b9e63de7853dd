"""Stage 5, layout_memory: scenario_measured.xml -> scenario_p_laidout.xml.

Places every `<memreq>` without a base inside its `<memory>` (docs/layout.md
5.1-5.3). The allocator is Python (`schism.ext.layout`): this module
computes every placement in one pass per memory, and the stylesheet
`xslt/layout-memory.xsl` writes them as `memreq/@base` through `FUNCTIONS`.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from schism import errors, ext, stages
from schism.ext import layout
from schism.ext.values import (
    Table,
    attribute,
    expand_list,
    format_hex,
    is_aligned,
    one_value,
    parse_dec,
    parse_hex,
    parse_list,
)


class Placements:
    """The bases `compute` found, by memreq id; the methods are the
    stylesheet's extension functions (`FUNCTIONS`)."""

    def __init__(self, bases: dict[str, str]) -> None:
        self.bases = bases

    def memreq_base(self, ident: str) -> str:
        return self.bases.get(ident, "")


# The extension functions of xslt/layout-memory.xsl (urn:schism:ext).
FUNCTIONS: dict[str, Callable[..., str]] = {
    # (id): the base 5.3 gives memreq id: HEX, a per-CPU TABLE in cpumap order, or '' (none)
    "memreq-base": Placements.memreq_base,
}


def run(ctx: stages.Context) -> None:
    tree = stages.read_input(ctx, ctx.input)
    facts = Placements(compute(tree))
    stages.xslt_stage(ctx, tree, extensions=ext.bind(FUNCTIONS, facts))


def compute(tree: etree._ElementTree) -> dict[str, str]:
    """The new `base` value of every memreq that gets one, by id."""
    root = tree.getroot()
    arch = root.find("platform/arch")
    shifts = [] if arch is None else [
        attribute(level, "shift", parse_dec) for level in arch.iter("level")
    ]
    aligns = layout.preferred_alignments(shifts)  # docs/layout.md 5.2
    hypervisor = root.find("hypervisor")
    ncpus = 0 if hypervisor is None else attribute(hypervisor, "ncpus", parse_dec)
    bases: dict[str, str] = {}
    for memory in root.iterfind("platform/board/memory"):
        bases.update(_layout_memory(memory, aligns, ncpus))
    return bases


def _layout_memory(memory: etree._Element, aligns: list[int], ncpus: int) -> dict[str, str]:
    start = attribute(memory, "base", parse_hex)
    size = attribute(memory, "size", parse_hex)
    free = layout.FreeList([(start, start + size)])
    claims = layout.Claims()
    requests: list[layout.Request] = []
    for memreq in memory.iterfind("memreq"):
        req_size = attribute(memreq, "size", parse_hex)
        align_shift = attribute(memreq, "align_shift", parse_dec, 0)
        if memreq.get("base") is not None:
            _claim(memreq, free, claims, req_size, align_shift, memory)  # docs/layout.md 5.1
            continue
        cpus = None
        if memreq.get("cpumap") is not None:
            cpus = expand_list(attribute(memreq, "cpumap", parse_list), ncpus)
            if len(set(cpus)) != len(cpus):  # the original abort()ed on the repeat
                raise errors.at(
                    memreq,
                    f"memreq cpumap: '{memreq.get('cpumap')}' of '{memreq.get('id')}' "
                    "names a CPU twice (one base per CPU)",
                )
        requests.append(layout.Request(memreq, req_size, cpus, align_shift))
    try:
        layout.place_all(free, requests, aligns)  # docs/layout.md 5.3
    except layout.NoAlignment as e:
        el = e.request.key
        raise errors.at(
            el,
            f"memreq size: no preferred alignment for '{el.get('id')}' of size "
            f"{format_hex(e.request.size)} ({layout.smallest(aligns)})",
        ) from None
    except layout.NoFit as e:
        el = e.request.key
        raise errors.at(
            el,
            f"memreq base: cannot place '{el.get('id')}' (size {format_hex(e.request.size)}, "
            f"alignment {layout.tried(e.tries)}) in memory '{memory.get('id')}': "
            f"{e.free.shortfall(e.request.size)}; free: {e.free.describe()}",
        ) from None
    out: dict[str, str] = {}
    for r in requests:
        if not r.bases:
            continue  # size 0 (never placed) or an empty cpumap
        if r.cpus is None:
            out[r.key.get("id")] = format_hex(r.bases[None])
        else:  # [cpu]=0x... in cpumap order (docs/layout.md 5.3)
            out[r.key.get("id")] = Table(entries=r.bases).format()
    return out


def _claim(
    memreq: etree._Element,
    free: layout.FreeList,
    claims: layout.Claims,
    size: int,
    align_shift: int,
    memory: etree._Element,
) -> None:
    """docs/layout.md 5.1: a fixed base is claimed as it is."""
    ident = memreq.get("id")
    base = attribute(memreq, "base", one_value(
        f"'{ident}' has a per-CPU base '{{}}'; a fixed base must be one value"))
    if align_shift and not is_aligned(base, align_shift):
        raise errors.at(
            memreq,
            f"memreq base: fixed base {format_hex(base)} of '{ident}' violates its "
            f"align_shift {align_shift}",
        )
    what = f"memreq base: cannot claim '{ident}' [{format_hex(base)},{format_hex(base + size)})"
    if claims.claim(free, memreq, base, size, what, lambda el: f"'{el.get('id')}'"):
        return
    m_start = attribute(memory, "base", parse_hex)
    m_end = m_start + attribute(memory, "size", parse_hex)
    if base < m_start or base + size > m_end:
        raise errors.at(memreq, f"{what}: outside memory '{memory.get('id')}' "
                                f"[{format_hex(m_start)},{format_hex(m_end)})")
    raise errors.at(memreq, f"{what}: not inside one free range of memory "
                            f"'{memory.get('id')}'; free: {free.describe()}")
