"""The demo CBI's configuration source (stages 3 and 8, docs/demo.md).

`collect` reads the values from the scenario in one pass (IDs indexed once);
`render` writes them as C: one `const` structure in `.rodata_head`, made of
fixed-width integers only, plus the rw/rws markers.  Iteration 1 runs
before layout: every value not known yet is 0 and no file is read, but the
structure has the size iteration 2 gives it (same maps, same files).
"""

from __future__ import annotations

import zlib
from pathlib import Path

from lxml import etree

from schism import xmlio
from schism.cbi.demo import layout
from schism.errors import SchismError, at
from schism.ext import values


class _Reader:
    """Values of one scenario for one iteration: unknown is 0 in iteration 1,
    an error in iteration 2."""

    def __init__(self, tree: etree._ElementTree, iteration: int):
        self.tree = tree
        self.final = iteration >= 2
        self.ids: dict[str, etree._Element] = {}
        for el in tree.getroot().iter("memreq", "device", "file"):
            self.ids.setdefault(el.get("id", ""), el)

    def number(self, el: etree._Element, attr: str, cpu: int, what: str = "") -> int:
        text = el.get(attr)
        if text is None:
            if self.final:
                raise at(el, f"{el.tag} {attr}: no value{what} (run the layout stages first)")
            return 0
        try:
            value = values.parse_table(text).get(cpu)
        except values.ValueSyntaxError as e:
            raise at(el, f"{el.tag} {attr}: {e}") from None
        if value is None:
            if self.final:
                raise at(el, f"{el.tag} {attr}: no value for CPU {cpu} in '{text}'")
            return 0
        return value


def _cpus(el: etree._Element, ncpus: int) -> list[int] | None:
    text = el.get("cpumap")
    if text is None:
        return None
    try:
        return values.expand_list(values.parse_list(text), ncpus)
    except values.ValueSyntaxError as e:
        raise at(el, f"{el.tag} cpumap: {e}") from None


def _memarea(r: _Reader, m: etree._Element) -> layout.Memarea:
    """What CPU 0's page table maps for `m` (docs/pagetables.md 7.4: offset moves the
    PA and shortens the size, subsize replaces the size; the VA stays)."""
    target = r.ids[m.get("xref", "")]
    offset = r.number(m, "offset", 0) if m.get("offset") is not None else 0
    subsize = r.number(m, "subsize", 0) if m.get("subsize") is not None else None
    size = subsize if subsize is not None else max(r.number(target, "size", 0) - offset, 0)
    # An empty area is never placed (docs/layout.md 5.3): no address to demand.
    placed = size > 0 or target.get("base") is not None
    pa = r.number(target, "base", 0, " for CPU 0") if placed else 0
    placed = size > 0 or m.get("base") is not None
    va = r.number(m, "base", 0, " for CPU 0") if placed else 0
    return layout.Memarea(m.get("xref", ""), pa + offset, va, size, m.get("flags", ""))


def _files(r: _Reader, blob_va: int, blob_map: etree._Element | None) -> list[layout.File]:
    files = r.tree.getroot().find("files")
    if files is None:
        return []
    url = r.tree.docinfo.URL or ""
    if url.startswith("file://"):
        url = url[len("file://"):]
    base = Path(url).resolve().parent if url else Path.cwd()
    out = []
    for f in files.iter("file"):
        offset = r.number(f, "offset", 0)
        size = r.number(f, "size", 0)
        crc = 0
        if r.final:
            if blob_map is None:
                raise at(f, "file: the hypervisor has no <map xref=\"blob\"> to reach it through")
            path = base / f.get("href", "")
            try:
                data = xmlio.read_file(path)
            except SchismError as e:
                raise at(f, f"file href: {e.message}") from None
            if len(data) != size:
                raise at(f, f"file size: {path} has {values.format_hex(len(data))} bytes now, "
                            f"measured {values.format_hex(size)} (rerun from stage 4)")
            crc = zlib.crc32(data)
        out.append(layout.File(f.get("id", ""), blob_va + offset if r.final else 0,
                               offset, size, crc))
    return out


def _image_size(r: _Reader, hv: etree._Element) -> int:
    """Bytes from load_base to the end of the blob, the image's last part
    (docs/measure.md 4.6): what the hypervisor moves there when a loader
    (UEFI) put the image elsewhere."""
    blob = r.ids.get("blob")
    if blob is None or blob.tag != "memreq":
        if r.final:
            raise at(hv, "hypervisor: no <memreq id=\"blob\">: the image has no end")
        return 0
    end = r.number(blob, "base", 0) + r.number(blob, "size", 0)
    return max(end - r.number(hv, "load_base", 0), 0)


def collect(tree: etree._ElementTree, iteration: int) -> layout.Config:
    r = _Reader(tree, iteration)
    root = tree.getroot()
    hv = root.find("hypervisor")
    if hv is None or hv.find("mmu") is None:
        raise at(root, "scenario: no <hypervisor> with an <mmu>")
    mmu = hv.find("mmu")
    try:
        ncpus = values.parse_dec(hv.get("ncpus", ""))
    except values.ValueSyntaxError as e:
        raise at(hv, f"hypervisor ncpus: {e}") from None
    cfg = layout.Config(
        init_table=r.number(mmu, "base", -1, " for the INIT table [-1]"),
        cpu_tables=[r.number(mmu, "base", i, f" for CPU {i}") for i in range(ncpus)],
    )
    blob_map = None
    for m in mmu.iter("map"):
        xref = m.get("xref", "")
        target = r.ids.get(xref)
        if target is None or target.tag == "file":
            raise at(m, f"map xref: '{xref}' is no memreq or device")
        cpus = _cpus(m, ncpus)
        owners = _cpus(target, ncpus) if target.tag == "memreq" else None
        if (cpus is not None and 0 not in cpus) or (owners is not None and 0 not in owners):
            continue
        area = _memarea(r, m)
        cfg.memareas.append(area)
        if xref == "config_r":
            cfg.config_pa, cfg.config_va = area.pa, area.va
        elif xref == "blob" and blob_map is None:
            blob_map = m
    cfg.files = _files(r, cfg.memareas[cfg.index_of("blob")].va if blob_map is not None else 0,
                       blob_map)
    cfg.image_size = _image_size(r, hv)
    if r.final and cfg.index_of("config_r") == layout.NONE:
        raise at(mmu, "mmu: no <map xref=\"config_r\">: the demo hypervisor cannot find "
                      "its configuration")
    return cfg


# --- C rendering -------------------------------------------------------------------


def _c_fields(fields: tuple[tuple[str, str], ...]) -> str:
    lines = []
    for name, ctype in fields:
        if "[" in ctype:
            base, dim = ctype.split("[")
            lines.append(f"\t{base} {name}[{dim};")
        else:
            lines.append(f"\t{ctype} {name};")
    return "\n".join(lines)


def _u64(v: int) -> str:
    return f"0x{v:x}ull"


def _u32(v: int) -> str:
    return f"0x{v:x}u"


def _c_string(name: str) -> str:
    """A C string literal of the stored name bytes (octal escapes: no
    character of an id can end a literal or start a trigraph)."""
    raw = layout.name_bytes(name).rstrip(b"\0")
    safe = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:"
    return '"' + "".join(chr(b) if b in safe else f"\\{b:03o}" for b in raw) + '"'


def render(cfg: layout.Config, iteration: int) -> str:
    header = cfg.header()
    _, _, _, total = cfg.offsets()
    h = [f"\t\t.{k} = {_u64(v) if t == 'uint64_t' else _u32(v)},"
         for (k, t), v in zip(layout.HEADER_FIELDS, header.values(), strict=True)]
    tables = ", ".join(_u64(t) for t in cfg.cpu_tables)
    areas = [
        f"\t\t{{ {_u64(m.pa)}, {_u64(m.va)}, {_u64(m.size)}, {_u32(layout.flag_bits(m.flags))}, 0,"
        f" {_c_string(m.name)} }}, /* {m.flags or '-'} */"
        for m in cfg.memareas
    ]
    files = [
        f"\t\t{{ {_u64(f.va)}, {_u64(f.offset)}, {_u64(f.size)}, {_u32(f.crc32)}, 0,"
        f" {_c_string(f.name)} }},"
        for f in cfg.files
    ]
    members = [f"\tuint64_t cpu_tables[{len(cfg.cpu_tables)}];",
               f"\tstruct demo_memarea memareas[{len(cfg.memareas)}];"]
    inits = ["\t.cpu_tables = { " + tables + " },", "\t.memareas = {", *areas, "\t},"]
    if cfg.files:
        members.append(f"\tstruct demo_file files[{len(cfg.files)}];")
        inits += ["\t.files = {", *files, "\t},"]
    return "\n".join([
        f"/* Configuration of schism's demo hypervisor, iteration {iteration}: generated by",
        " * the demo CBI, do not edit.  Plain data (fixed-width integers, no pointers);",
        " * layout: docs/demo.md, examples/demo-hypervisor/demo_config.h. */",
        "#include <stdint.h>",
        "",
        "struct demo_header {", _c_fields(layout.HEADER_FIELDS), "};",
        "struct demo_memarea {", _c_fields(layout.MEMAREA_FIELDS), "};",
        "struct demo_file {", _c_fields(layout.FILE_FIELDS), "};",
        "struct demo_config {", "\tstruct demo_header header;", *members, "};",
        "",
        f'_Static_assert(sizeof(struct demo_header) == {layout.HEADER.size}, "header layout");',
        f'_Static_assert(sizeof(struct demo_memarea) == {layout.MEMAREA.size}, "memarea layout");',
        f'_Static_assert(sizeof(struct demo_file) == {layout.FILE.size}, "file layout");',
        f'_Static_assert(sizeof(struct demo_config) == {total}, "config layout");',
        "",
        '__attribute__((section(".rodata_head"), used))',
        "const struct demo_config demo_config = {",
        "\t.header = {", *h, "\t},",
        *inits,
        "};",
        "",
        "/* The rw and rws segments: each starts with its marker. */",
        '__attribute__((section(".data"), used))',
        f"uint64_t demo_config_rw_marker = {_u64(layout.RW_MARKER)}; /* \"DEMO_RW\" */",
        '__attribute__((section(".data_shared"), used))',
        f"uint64_t demo_config_rws_marker = {_u64(layout.RWS_MARKER)}; /* \"DEMO_RWS\" */",
        "",
    ])


def generate(tree: etree._ElementTree, iteration: int) -> str:
    if iteration not in (1, 2):
        raise SchismError(f"generate-config: iteration {iteration} is not 1 or 2")
    return render(collect(tree, iteration), iteration)
