"""Stage 9, combine: scenario_pagetables.xml + <cbi>.elf + scenario_config_real.xo
+ pagetables + payload files -> image, plus uimage (image="uboot") or image.efi
(image="efi-pe").

No stylesheet: the stage writes no XML. It concatenates the raw image
(schism.image.raw), checks that every part lands where stage 4 placed it
(the physical layout assumes exactly this concatenation, docs/measure.md 4.6),
and only then writes its outputs, so a failed check leaves no file behind.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from schism import xmlio
from schism.errors import SchismError, at
from schism.ext import elf
from schism.ext import image as parts
from schism.ext.values import ValueSyntaxError, attribute, format_hex, one_value, parse_hex
from schism.image import KINDS, ImageFieldError, pe, raw, timestamp, uimage
from schism.stages import Context, read_input

# image kind -> the wrapper written beside the raw image (the table's
# optional outputs)
WRAPPED = {"uboot": "uimage", "efi-pe": "image.efi"}


def _signed(value: int) -> str:
    """A difference in HEX form (may be negative when the XML is inconsistent)."""
    return format_hex(value) if value >= 0 else "-" + format_hex(-value)


# What a value stage 4-7 writes reads when missing.
UNMEASURED = "missing (run the earlier stages first)"


def _base(memreq: etree._Element) -> int:
    """The one physical base of a memreq that is part of the image."""
    ident = memreq.get("id")
    return attribute(memreq, "base", one_value(
        f"'{ident}' is part of the image and needs one base, not per-CPU bases '{{}}'"),
        missing=f"'{ident}' has no base (run layout-memory)")


def _read(path: Path, missing: str, element: etree._Element | None = None) -> bytes:
    try:
        return xmlio.read_file(path, missing)
    except SchismError as e:
        if element is None:
            raise
        raise at(element, f"file href: {e.message}") from None


def _payloads(ctx: Context, root: etree._Element) -> list[tuple[etree._Element, bytes]]:
    """Every <file>, in order, with its bytes (hrefs relative to O, as in stage 4)."""
    result = []
    for el in root.iterfind("files/file"):
        href = el.get("href", "")
        if not href:
            raise at(el, "file href: empty")
        result.append((el, _read(ctx.build_dir / href, " (hrefs are relative to O)", el)))
    return result


def _check_files(files: list[tuple[etree._Element, bytes]], image: raw.RawImage) -> None:
    """Stage 4's offset and size of every file must still hold (the file may
    have changed since)."""
    for el, data in files:
        size = attribute(el, "size", parse_hex, missing=UNMEASURED)
        offset = attribute(el, "offset", parse_hex, missing=UNMEASURED)
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
    for row in parts.image():  # docs/measure.md 4.6: each part where stage 4 put it
        memreq = _memreq(memreqs, root, row.memreq)
        base = _base(memreq)
        offset = image.offsets[row.memreq]
        if base - load_base != offset:
            raise at(memreq, f"memreq base: '{row.memreq}' at {format_hex(base)} lies "
                             f"{_signed(base - load_base)} bytes from load_base "
                             f"{format_hex(load_base)}, but the image puts it at offset "
                             f"{format_hex(offset)} (inputs changed since measure?)")
    blob = _memreq(memreqs, root, "blob")
    payload = image.offsets["end"] - image.offsets["blob"]
    blob_size = attribute(blob, "size", parse_hex, missing=UNMEASURED)
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


def _located(e: ImageFieldError, root: etree._Element) -> SchismError:
    """A wrapper's complaint, at the element whose attribute it names."""
    element = {"scenario": root, "hypervisor": root.find("hypervisor")}.get(
        e.element, root.find("platform"))
    return at(element if element is not None else root, f"{e.element} {e.attribute}: {e}")


def _arch(root: etree._Element) -> str:
    platform = root.find("platform")
    return platform.get("arch", "") if platform is not None else ""


def _wrap(kind: str, data: bytes, root: etree._Element, load_base: int, entry: int) -> bytes:
    arch = _arch(root)
    try:
        if kind == "uboot":
            return uimage.wrap(data, load=load_base, entry=entry, name=root.get("cbi"),
                               arch=arch, time=timestamp())
        return pe.wrap(data, arch=arch, entry_offset=entry - load_base, time=timestamp())
    except ImageFieldError as e:
        raise _located(e, root) from None


def check_image(root: etree._Element) -> None:
    """What the scenario's own attributes already say this stage would
    reject: an image kind it does not know, or an arch, CBI name or load_base
    its wrapper cannot hold. `schism check` asks it before anything is built."""
    kind = root.get("image")
    if kind not in KINDS:
        raise at(root, f"scenario image: unknown image kind '{kind}' "
                       f"(use {', '.join(KINDS[:-1])} or {KINDS[-1]})")
    hv = root.find("hypervisor")
    try:
        if kind == "uboot":
            try:  # a load_base that does not parse is validation's to report
                load_base = parse_hex(hv.get("load_base", "")) if hv is not None else None
            except ValueSyntaxError:
                load_base = None
            uimage.check_fields(name=root.get("cbi", ""), arch=_arch(root), load=load_base)
        elif kind == "efi-pe":
            pe.check_fields(arch=_arch(root))
    except ImageFieldError as e:
        raise _located(e, root) from None


def run(ctx: Context) -> None:
    tree = read_input(ctx, ctx.input)
    root = tree.getroot()
    check_image(root)
    kind = root.get("image")
    hv = root.find("hypervisor")
    if hv is None:
        raise at(root, "scenario: no <hypervisor>")
    load_base = attribute(hv, "load_base", parse_hex, missing=UNMEASURED)
    entry = attribute(hv, "entry", parse_hex, missing=UNMEASURED)
    memreqs = {m.get("id"): m for m in root.iter("memreq")}

    pt_memreq = _memreq(memreqs, root, "pagetables")
    pt_size = attribute(pt_memreq, "size", parse_hex, missing=UNMEASURED)
    pagetables = _read(ctx.file("pagetables"), " (run the pagetables stage first)")
    if len(pagetables) > pt_size:
        raise at(pt_memreq, f"memreq size: the pagetables file has "
                            f"{format_hex(len(pagetables))} bytes, more than the pagetables "
                            f"memreq's {format_hex(pt_size)}")
    files = _payloads(ctx, root)
    hv_elf = ctx.file("{cbi}.elf", root.get("cbi"))
    config = ctx.file("scenario_config_real.xo")
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
        outputs.append((WRAPPED[kind], _wrap(kind, image.data, root, load_base, entry)))
    outputs.append((ctx.output, image.data))  # last: make's target implies the wrapper exists
    for name in set(ctx.stage.optional_outputs) - {name for name, _ in outputs}:
        ctx.path(name).unlink(missing_ok=True)  # a wrapper of an earlier image kind
    for name, data in outputs:
        xmlio.write_atomic(ctx.path(name), data)
