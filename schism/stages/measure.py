"""Stage 4, measure (docs/measure.md 4.1-4.6).

Reads `scenario_reparented.xml`, the hypervisor ELF `<cbi>.elf` and the
config object `scenario_config.xo`; computes every base, size and map base
of the physical image `core_rx | core_r | core_rws | core_rwt | config_r |
config_rwt | config_rws | pagetables | blob` once, here, and lets
`xslt/measure.xsl` decide which attributes receive them (extension
functions in `urn:schism:ext`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from schism import deps, errors, pipeline, stages
from schism.errors import SchismError
from schism.ext import elf, values
from schism.ext.values import PAGE_SHIFT, align_up, format_hex

HYPERVISOR_SEGMENTS = 4  # H0 rx, H1 r, H2 rws, H3 rw
CONFIG_SEGMENTS = 3  # C0 r, C1 rw, C2 rws

# Memreqs that need both the memreq and its hypervisor map (the table's rows
# with a map column); pagetables and blob need only the memreq.
MAPPED = (
    "core_rx", "core_r", "core_rws", "core_rwt", "core_rw",
    "config_r", "config_rw", "config_rws", "config_rwt",
)
UNMAPPED = ("pagetables", "blob")


@dataclass
class Measured:
    """The stage's results, looked up by the stylesheet's extension functions."""

    memreq_base: dict[str, int] = field(default_factory=dict)
    memreq_size: dict[str, int] = field(default_factory=dict)
    map_base: dict[str, int] = field(default_factory=dict)
    entry: int = 0
    file_offset: dict[str, int] = field(default_factory=dict)
    file_size: dict[str, int] = field(default_factory=dict)

    def extensions(self) -> dict[str, Callable]:
        def lookup(table: dict[str, int]) -> Callable:
            return lambda key: format_hex(table[_text(key)])

        return {
            "memreq-base": lookup(self.memreq_base),
            "memreq-size": lookup(self.memreq_size),
            "map-base": lookup(self.map_base),
            "entry": lambda: format_hex(self.entry),
            "file-offset": lookup(self.file_offset),
            "file-size": lookup(self.file_size),
        }


def _text(arg) -> str:
    """An XPath argument as a string (a node-set gives its first node's value)."""
    if isinstance(arg, list):
        return str(arg[0]) if arg else ""
    return str(arg)


# --- attribute access with located errors -------------------------------------


def _attr(el: etree._Element, name: str) -> str:
    return values.attribute(el, name, str)


def _hex(el: etree._Element, name: str) -> int:
    return values.attribute(el, name, values.parse_hex)


def _dec(el: etree._Element, name: str) -> int:
    return values.attribute(el, name, values.parse_dec)


def _child(parent: etree._Element, tag: str) -> etree._Element:
    found = parent.find(tag)
    if found is None:
        raise errors.at(parent, f"{parent.tag}: has no <{tag}>")
    return found


# --- the measurements ---------------------------------------------------------


def _check_present(root: etree._Element, hv_mmu: etree._Element) -> None:
    """Every memreq the table fills in, and the hypervisor map of each mapped one."""
    memreqs = {m.get("id") for m in root.iter("memreq")}
    maps = {m.get("xref") for m in hv_mmu.iterfind("map")}
    for name in MAPPED + UNMAPPED:
        if name not in memreqs:
            raise errors.at(
                root, f"scenario: no <memreq id=\"{name}\"> (the CBI's default hypervisor "
                "file provides it in stage 1)"
            )
    for name in MAPPED:
        if name not in maps:
            raise errors.at(hv_mmu, f"mmu: the hypervisor has no <map xref=\"{name}\">")


def _check_exec_base(hv: etree._Element, start: int) -> None:
    """`exec_base`, when given, is where stage 0 was told to link the
    hypervisor: an ELF linked elsewhere is a stale or foreign build, and the
    maps laid out from its segments would not be the ones the scenario says."""
    if hv.get("exec_base") is None:
        return
    exec_base = _hex(hv, "exec_base")
    if exec_base != start:
        raise errors.at(
            hv, f"hypervisor exec_base: {format_hex(exec_base)}, but the hypervisor ELF is "
            f"linked at {format_hex(start)} (its first segment; rebuild it, stage 0)"
        )


def _hypervisor(
    m: Measured, hv: etree._Element, load: int, h: list[elf.Segment], entry: int
) -> int:
    """core_* rows and @entry; returns the config base Cb."""
    delta = h[0].start - load  # VA(p) = p + delta
    for name, seg in zip(("core_rx", "core_r", "core_rws", "core_rwt"), h, strict=True):
        m.memreq_base[name] = load + (seg.start - h[0].start)
        m.memreq_size[name] = seg.size
    for name, seg in zip(("core_rx", "core_r", "core_rws", "core_rw"), h, strict=True):
        m.map_base[name] = seg.start
    m.memreq_size["core_rw"] = h[3].size
    m.entry = entry - delta
    if m.entry < 0:
        raise errors.at(
            hv, f"hypervisor entry: the ELF entry point {format_hex(entry)} lies below "
            f"load_base in the image (first segment at {format_hex(h[0].start)})"
        )
    return load + (h[3].start - h[0].start) + h[3].size


def _config(m: Measured, cb: int, delta: int, c: list[elf.Segment]) -> int:
    """config_* rows; returns the pagetables base P."""
    rw = cb + (c[1].start - c[0].start)
    rws = cb + (c[2].start - c[0].start)
    m.memreq_base.update(config_r=cb, config_rws=rws, config_rwt=rw)
    m.memreq_size.update(
        config_r=c[0].size, config_rw=c[1].size, config_rws=c[2].size, config_rwt=c[1].size
    )
    m.map_base.update(config_r=cb + delta, config_rw=rw + delta, config_rws=rws + delta)
    return rws + c[2].size


def _format_estimates(root: etree._Element) -> dict[str, int]:
    platform = root.find("platform")
    formats = platform.iterfind("arch/paging_format") if platform is not None else ()
    return {f.get("id"): _hex(f, "size_estimate") for f in formats}


def _mmu_estimate(mmu: etree._Element, formats: dict[str, int]) -> int:
    """The mmu's size_estimate, else its paging format's (which must exist)."""
    fmt = _attr(mmu, "format")
    if fmt not in formats:
        known = ", ".join(formats) or "none"
        raise errors.at(
            mmu, f"mmu format: '{fmt}' names no paging_format of the arch (known: {known})"
        )
    if mmu.get("size_estimate") is not None:
        return _hex(mmu, "size_estimate")
    return formats[fmt]


def pagetable_estimate(root: etree._Element, hv: etree._Element) -> int:
    """(hypervisor ncpus + 1) * e + sum over paged guests of ncpus * e_guest."""
    formats = _format_estimates(root)
    total = (_dec(hv, "ncpus") + 1) * _mmu_estimate(_child(hv, "mmu"), formats)
    for guest in root.iterfind("guest"):
        mmu = _child(guest, "mmu")
        if _attr(mmu, "format") == "none":
            continue
        total += _dec(guest, "ncpus") * _mmu_estimate(mmu, formats)
    return total


def measure_files(m: Measured, root: etree._Element, base_dir: Path) -> int:
    """Offsets and sizes of the payload files, back to back; returns the blob
    size (their sum rounded up to 4 KiB). Relative hrefs resolve against
    `base_dir`, the scenario file's directory."""
    offset = 0
    for f in root.iterfind("files/file"):
        href = _attr(f, "href")
        path = base_dir / href
        try:
            st = os.stat(path)
        except OSError as e:
            raise errors.at(
                f, f"file href: cannot access '{href}' ({path}): {e.strerror}"
            ) from None
        if not stat.S_ISREG(st.st_mode):
            raise errors.at(f, f"file href: '{href}' ({path}) is not a regular file")
        try:
            deps.read(path)  # its size is measured: an input (docs/builds.md)
        except SchismError as e:
            raise errors.at(f, f"file href: {e.message}") from None
        m.file_offset[f.get("id")] = offset
        m.file_size[f.get("id")] = st.st_size
        offset += st.st_size
    return align_up(offset, PAGE_SHIFT)


def measure(
    tree: etree._ElementTree, build_dir: Path, info: Callable[[str], None],
    hypervisor_elf: str = "{cbi}.elf", config_object: str = "scenario_config.xo",
) -> Measured:
    """Every value stage 4 writes, in the original's order (and INFO lines).

    The ELFs are read from `build_dir`; so are relative file hrefs, since the
    scenario file lives there too."""
    root = tree.getroot()
    hv = _child(root, "hypervisor")
    hv_mmu = _child(hv, "mmu")
    cbi = _attr(root, "cbi")
    hv_elf = build_dir / pipeline.file_name(hypervisor_elf, cbi)
    config_xo = build_dir / config_object

    m = Measured()
    h = elf.read_segments(hv_elf, HYPERVISOR_SEGMENTS, "hypervisor ELF")
    entry = elf.entry_point(hv_elf)
    _check_present(root, hv_mmu)
    _check_exec_base(hv, h[0].start)
    load = _hex(hv, "load_base")
    cb = _hypervisor(m, hv, load, h, entry)
    c = elf.read_segments(config_xo, CONFIG_SEGMENTS, "config object")
    p = _config(m, cb, h[0].start - load, c)

    estimate = pagetable_estimate(root, hv)
    m.memreq_base["pagetables"] = p
    m.memreq_size["pagetables"] = estimate
    info(f"INFO: estimating total size of pagetables: {format_hex(estimate)}")

    blob = measure_files(m, root, build_dir)
    m.memreq_base["blob"] = p + estimate
    m.memreq_size["blob"] = blob
    info(f"INFO: file blob has size {format_hex(blob)}.")
    return m


def run(ctx: stages.Context) -> None:
    tree = stages.read_input(ctx, ctx.input)
    _, hypervisor_elf, config_object = ctx.stage.inputs
    m = measure(tree, ctx.build_dir, ctx.info, hypervisor_elf, config_object)
    stages.xslt_stage(ctx, tree, extensions=m.extensions())
