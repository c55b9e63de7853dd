"""Stage 4, measure (docs/measure.md 4.1-4.6).

Reads `scenario_reparented.xml`, the hypervisor ELF `<cbi>.elf` and the
config object `scenario_config.xo` and measures the facts the stage-4 table
is made of: the widened ELF segments, the entry point, the page-table
estimate, the payload files (with the INFO lines and errors, in the
original's order). The table itself, which memreq and map gets which value,
is `xslt/measure.xsl`'s; it reads the facts through `FUNCTIONS`.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from schism import deps, errors, ext, pipeline, stages
from schism.errors import SchismError
from schism.ext import elf, image
from schism.ext.values import (
    MAX_BITS,
    PAGE_SHIFT,
    align_up,
    attribute,
    format_hex,
    parse_dec,
    parse_hex,
)


class Facts:
    """What stage 4 measured; the methods are the stylesheet's extension
    functions (`FUNCTIONS`), their arguments and results strings."""

    def __init__(self, load_base: int = 0, delta: int = 0) -> None:
        self.load_base = load_base
        self.delta = delta  # H0.start - load_base: VA(p) = p + delta (4.2)
        self.entry = 0  # the ELF's entry point (a virtual address)
        self.sizes: dict[tuple[str, str], int] = {}  # (part, segment) -> size
        self.file_offset: dict[str, int] = {}  # file id -> offset in the blob
        self.file_size: dict[str, int] = {}  # file href -> size
        self._addresses: dict[tuple[str, str], int] = {}

    def add_segments(self, part: str, segments: list[elf.Segment]) -> None:
        for i, seg in enumerate(segments):
            self.sizes[part, str(i)] = seg.size

    def address(self, part: str, segment: str = "") -> int:
        """4.6: load_base + the sizes of the image's parts before this one."""
        if not self._addresses:
            address = self.load_base
            for row in image.image():
                self._addresses[row.key] = address
                address += self.sizes[row.key]
        return self._addresses[part, segment]

    def part_size(self, part: str, segment: str) -> str:
        return format_hex(self.sizes[part, segment])

    def image_address(self, part: str, segment: str) -> str:
        return format_hex(self.address(part, segment))

    def virtual_address(self, address: str) -> str:
        return format_hex(parse_hex(address) + self.delta)

    def physical_address(self, address: str) -> str:
        return format_hex(parse_hex(address) - self.delta)

    def elf_entry(self) -> str:
        return format_hex(self.entry)

    def file_offset_of(self, ident: str) -> str:
        return format_hex(self.file_offset[ident])

    def file_size_of(self, href: str) -> str:
        return format_hex(self.file_size[href])


# The extension functions of xslt/measure.xsl (urn:schism:ext), each a HEX string.
FUNCTIONS: dict[str, Callable[..., str]] = {
    "part-size": Facts.part_size,  # (part, segment): ELF segment 4.1, estimate 4.4, files 4.5
    "image-address": Facts.image_address,  # (part, segment): where the image puts it (4.6)
    "virtual-address": Facts.virtual_address,  # (address): VA(p) = p + (H0.start - load_base) (4.2)
    "physical-address": Facts.physical_address,  # (address): the inverse (4.3)
    "elf-entry": Facts.elf_entry,  # (): the hypervisor ELF's entry point (4.3)
    "file-offset": Facts.file_offset_of,  # (id): the sizes of the files before it (4.5)
    "file-size": Facts.file_size_of,  # (href): the size of that file (4.5)
}


def _child(parent: etree._Element, tag: str) -> etree._Element:
    found = next(parent.iterchildren(tag), None)  # find(tag) without ElementPath
    if found is None:
        raise errors.at(parent, f"{parent.tag}: has no <{tag}>")
    return found


# --- the measurements ---------------------------------------------------------


def _check_present(root: etree._Element, hv_mmu: etree._Element) -> None:
    """4.2: every memreq of the table, and the hypervisor map of each row with
    a map column (the original's "<memreq>/<map> node missing")."""
    memreqs = {m.get("id") for m in root.iter("memreq")}
    maps = {m.get("xref") for m in hv_mmu.iterchildren("map")}
    for row in image.rows():
        if row.memreq not in memreqs:
            raise errors.at(
                root, f"scenario: no <memreq id=\"{row.memreq}\"> (the CBI's default hypervisor "
                "file provides it in stage 1)"
            )
    for row in image.rows():
        if row.map and row.memreq not in maps:
            raise errors.at(hv_mmu, f"mmu: the hypervisor has no <map xref=\"{row.memreq}\">")


def _check_exec_base(hv: etree._Element, start: int) -> None:
    """`exec_base`, when given, is where stage 0 was told to link the
    hypervisor: an ELF linked elsewhere is a stale or foreign build, and the
    maps laid out from its segments would not be the ones the scenario says."""
    exec_base = attribute(hv, "exec_base", parse_hex, None)
    if exec_base is not None and exec_base != start:
        raise errors.at(
            hv, f"hypervisor exec_base: {format_hex(exec_base)}, but the hypervisor ELF is "
            f"linked at {format_hex(start)} (its first segment; rebuild it, stage 0)"
        )


def _format_estimates(root: etree._Element) -> dict[str, int]:
    platform = root.find("platform")
    formats = platform.iterfind("arch/paging_format") if platform is not None else ()
    return {f.get("id"): attribute(f, "size_estimate", parse_hex) for f in formats}


def _mmu_estimate(mmu: etree._Element, formats: dict[str, int]) -> int:
    """The mmu's size_estimate, else its paging format's (which must exist)."""
    fmt = attribute(mmu, "format", str)
    if fmt not in formats:
        raise errors.at(mmu, f"mmu format: '{fmt}' names no paging_format of the arch "
                             f"(known: {errors.listing(formats)})")
    return attribute(mmu, "size_estimate", parse_hex, formats[fmt])


def pagetable_estimate(root: etree._Element, hv: etree._Element) -> int:
    """(hypervisor ncpus + 1) * e + sum over paged guests of ncpus * e_guest."""
    formats = _format_estimates(root)
    total = (attribute(hv, "ncpus", parse_dec) + 1) * _mmu_estimate(_child(hv, "mmu"), formats)
    for guest in root.iterchildren("guest"):
        mmu = _child(guest, "mmu")
        if attribute(mmu, "format", str) == "none":
            continue
        total += attribute(guest, "ncpus", parse_dec) * _mmu_estimate(mmu, formats)
    return total


def measure_files(m: Facts, root: etree._Element, base_dir: Path) -> int:
    """Offsets and sizes of the payload files, back to back; returns the blob
    size (their sum rounded up to 4 KiB). Relative hrefs resolve against
    `base_dir`, the scenario file's directory."""
    offset = 0
    for f in root.iterfind("files/file"):
        href = attribute(f, "href", str)
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
        m.file_size[href] = st.st_size
        offset += st.st_size
    return align_up(offset, PAGE_SHIFT)


def measure(
    tree: etree._ElementTree, build_dir: Path, info: Callable[[str], None],
    hypervisor_elf: str = "{cbi}.elf", config_object: str = "scenario_config.xo",
) -> Facts:
    """Every fact stage 4 writes, in the original's order (and INFO lines).

    The ELFs are read from `build_dir`; so are relative file hrefs, since the
    scenario file lives there too."""
    root = tree.getroot()
    hv = _child(root, "hypervisor")
    hv_mmu = _child(hv, "mmu")
    cbi = attribute(root, "cbi", str)
    hv_elf = build_dir / pipeline.file_name(hypervisor_elf, cbi)
    config_xo = build_dir / config_object

    h = elf.read_segments(hv_elf, image.segment_count("hypervisor"), "hypervisor ELF")
    entry = elf.entry_point(hv_elf)
    _check_present(root, hv_mmu)
    _check_exec_base(hv, h[0].start)
    load = attribute(hv, "load_base", parse_hex)
    m = Facts(load, h[0].start - load)
    m.add_segments("hypervisor", h)
    m.entry = entry
    if entry < m.delta:  # 4.3
        raise errors.at(
            hv, f"hypervisor entry: the ELF entry point {format_hex(entry)} lies below "
            f"load_base in the image (first segment at {format_hex(h[0].start)})"
        )
    m.add_segments("config", elf.read_segments(
        config_xo, image.segment_count("config"), "config object"))

    estimate = pagetable_estimate(root, hv)
    m.sizes["pagetables", ""] = estimate
    info(f"INFO: estimating total size of pagetables: {format_hex(estimate)}")

    m.sizes["files", ""] = measure_files(m, root, build_dir)
    info(f"INFO: file blob has size {format_hex(m.sizes['files', ''])}.")
    _check_image_fits(hv, m)
    return m


def _check_image_fits(hv: etree._Element, m: Facts) -> None:
    """4.6, 4.2: the image's addresses from load_base, and their virtual
    ones, are HEX values: the image must end within 64 bits (the original
    wrapped the sums)."""
    end = m.load_base + sum(m.sizes[row.key] for row in image.image())
    if max(end, end + m.delta) > 1 << MAX_BITS:
        raise errors.at(hv, f"hypervisor load_base: the image from {format_hex(m.load_base)} "
                            f"({format_hex(end - m.load_base)} bytes) ends above the "
                            f"{MAX_BITS}-bit addresses")


def run(ctx: stages.Context) -> None:
    tree = stages.read_input(ctx, ctx.input)
    _, hypervisor_elf, config_object = ctx.stage.inputs
    facts = measure(tree, ctx.build_dir, ctx.info, hypervisor_elf, config_object)
    stages.xslt_stage(ctx, tree, extensions=ext.bind(FUNCTIONS, facts))
