"""Stage 9, combine: scenario_pagetables.xml + <cbi>.elf + scenario_config_real.xo
+ pagetables + payload files -> image, plus uimage (image="uboot") or image.efi
(image="efi-pe").

No stylesheet: the stage writes no XML. It concatenates the raw image
(schism.image.raw), checks that every part lands where stage 4 placed it
(the physical layout assumes exactly this concatenation, STAGES.md stage 4),
and only then writes its outputs, so a failed check leaves no file behind.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from schism import cbi, xmlio
from schism.errors import SchismError, at
from schism.ext import elf
from schism.ext.values import ValueSyntaxError, attribute, format_hex, parse_hex, parse_table
from schism.image import KINDS, ImageFieldError, pe, raw, timestamp, uimage
from schism.stages import Context, read_input

INPUT = "scenario_pagetables.xml"
CONFIG_OBJECT = "scenario_config_real.xo"
PAGETABLES = "pagetables"
RAW = "image"
WRAPPED = {"uboot": "uimage", "efi-pe": "image.efi"}
# memreq -> the raw image part that must start at (its base - load_base): stage 4's
# physical layout, core_rx | core_r | core_rws | core_rwt | config_r | config_rwt |
# config_rws | pagetables | blob (STAGES.md stage 4)
PLACED_PARTS = (("core_rx", "H0"), ("core_r", "H1"), ("core_rws", "H2"), ("core_rwt", "H3"),
                ("config_r", "C0"), ("config_rwt", "C1"), ("config_rws", "C2"),
                ("pagetables", "pagetables"), ("blob", "blob"))


def _signed(value: int) -> str:
    """A difference in HEX form (may be negative when the XML is inconsistent)."""
    return format_hex(value) if value >= 0 else "-" + format_hex(-value)


def _hex(el: etree._Element, name: str) -> int:
    return attribute(el, name, parse_hex, missing="missing (run the earlier stages first)")


def _base(memreq: etree._Element) -> int:
    """The one physical base of a memreq that is part of the image."""
    text = memreq.get("base")
    if text is None:
        raise at(memreq, f"memreq base: '{memreq.get('id')}' has no base (run layout-memory)")
    try:
        table = parse_table(text)
    except ValueSyntaxError as e:
        raise at(memreq, f"memreq base: {e}") from None
    if table.uniform is None:
        raise at(memreq, f"memreq base: '{memreq.get('id')}' is part of the image and "
                         f"needs one base, not per-CPU bases '{text}'")
    return table.uniform


def _read(path: Path, missing: str, element: etree._Element | None = None) -> bytes:
    if not path.is_file():
        message = f"{path} does not exist{missing}"
        raise at(element, message) if element is not None else SchismError(message)
    try:
        return path.read_bytes()
    except OSError as e:
        raise SchismError(f"cannot read {path}: {e.strerror}") from None


def _payloads(ctx: Context, root: etree._Element) -> list[tuple[etree._Element, bytes]]:
    """Every <file>, in order, with its bytes (hrefs relative to O, as in stage 4)."""
    result = []
    for el in root.iterfind("files/file"):
        href = el.get("href", "")
        if not href:
            raise at(el, "file href: empty")
        result.append((el, _read(ctx.build_dir / href, " (file href, relative to O)", el)))
    return result


def _check_files(files: list[tuple[etree._Element, bytes]], image: raw.RawImage) -> None:
    """Stage 4's offset and size of every file must still hold (the file may
    have changed since)."""
    for el, data in files:
        size, offset = _hex(el, "size"), _hex(el, "offset")
        if size != len(data):
            raise at(el, f"file size: {el.get('href')} has {format_hex(len(data))} bytes now, the "
                         f"scenario says {format_hex(size)} (rerun measure)")
        actual = image.offsets[f"file:{el.get('id')}"] - image.offsets["blob"]
        if offset != actual:
            raise at(el, f"file offset: {format_hex(offset)} in the scenario, but the file "
                         f"lies at {format_hex(actual)} in the blob")


def _check_layout(
    image: raw.RawImage, memreqs: dict[str, etree._Element], root: etree._Element,
    load_base: int,
) -> None:
    for memreq_id, part in PLACED_PARTS:
        memreq = _memreq(memreqs, root, memreq_id)
        base = _base(memreq)
        if base - load_base != image.offsets[part]:
            raise at(memreq, f"memreq base: '{memreq_id}' at {format_hex(base)} lies "
                             f"{_signed(base - load_base)} bytes from load_base "
                             f"{format_hex(load_base)}, but the image puts it at offset "
                             f"{format_hex(image.offsets[part])} (inputs changed since measure?)")
    blob = _memreq(memreqs, root, "blob")
    payload = image.offsets["end"] - image.offsets["blob"]
    blob_size = _hex(blob, "size")
    if payload > blob_size:
        raise at(blob, f"memreq size: the files take {format_hex(payload)} bytes, more than "
                       f"the blob's {format_hex(blob_size)}")


def _memreq(
    memreqs: dict[str, etree._Element], root: etree._Element, ident: str
) -> etree._Element:
    if ident not in memreqs:
        raise at(root, f"scenario: no memreq '{ident}' (run measure and the layout stages)")
    return memreqs[ident]


def _check_entry(hv: etree._Element, hv_elf: Path, image: raw.RawImage, load_base: int,
                 entry: int) -> None:
    """hypervisor/@entry must still be the ELF's entry point moved to load_base."""
    elf_entry = elf.entry_point(hv_elf)
    expected = elf_entry - (image.hypervisor_segments[0].start - load_base)
    if entry != expected:
        raise at(hv, f"hypervisor entry: {format_hex(entry)} in the scenario, but the "
                     f"ELF entry point {format_hex(elf_entry)} gives {_signed(expected)} "
                     "(rerun measure)")


def _wrap(kind: str, data: bytes, root: etree._Element, hv: etree._Element,
          load_base: int, entry: int) -> bytes:
    platform = root.find("platform")
    arch = platform.get("arch", "") if platform is not None else ""
    try:
        if kind == "uboot":
            return uimage.wrap(data, load=load_base, entry=entry, name=root.get("cbi"),
                               arch=arch, time=timestamp())
        return pe.wrap(data, arch=arch, entry_offset=entry - load_base, time=timestamp())
    except ImageFieldError as e:
        element = {"scenario": root, "hypervisor": hv}.get(e.element, platform)
        raise at(element, f"{e.element} {e.attribute}: {e}") from None


def run(ctx: Context) -> None:
    tree = read_input(ctx, INPUT)
    root = tree.getroot()
    kind = root.get("image")
    if kind not in KINDS:
        raise at(root, f"scenario image: unknown image kind '{kind}' "
                       f"(use {', '.join(KINDS[:-1])} or {KINDS[-1]})")
    hv = root.find("hypervisor")
    if hv is None:
        raise at(root, "scenario: no <hypervisor>")
    load_base, entry = _hex(hv, "load_base"), _hex(hv, "entry")
    memreqs = {m.get("id"): m for m in root.iter("memreq")}

    pt_memreq = _memreq(memreqs, root, "pagetables")
    pt_size = _hex(pt_memreq, "size")
    pagetables = _read(ctx.path(PAGETABLES), " (run the pagetables stage first)")
    if len(pagetables) > pt_size:
        raise at(pt_memreq, f"memreq size: the pagetables file has "
                            f"{format_hex(len(pagetables))} bytes, more than the pagetables "
                            f"memreq's {format_hex(pt_size)}")
    files = _payloads(ctx, root)
    hv_elf = ctx.path(cbi.hypervisor_elf(root.get("cbi", "")))
    config = ctx.path(CONFIG_OBJECT)
    for path, stage in ((hv_elf, "the hypervisor build"), (config, "compile-config 2")):
        if not path.is_file():
            raise SchismError(f"{path} does not exist (run {stage} first)")

    image = raw.build(hv_elf, config, pagetables, pt_size,
                      [(el.get("id"), data) for el, data in files])
    _check_layout(image, memreqs, root, load_base)
    _check_files(files, image)
    _check_entry(hv, hv_elf, image, load_base, entry)

    outputs = []
    if kind in WRAPPED:
        outputs.append((WRAPPED[kind], _wrap(kind, image.data, root, hv, load_base, entry)))
    outputs.append((RAW, image.data))  # last: make's target implies the wrapper exists
    for name, data in outputs:
        xmlio.write_atomic(ctx.path(name), data)
