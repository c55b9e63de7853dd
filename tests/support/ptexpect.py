"""What the page tables of a scenario_pagetables.xml must map, derived from
the XML alone with docs/pagetables.md 7.1-7.4 read literally (not the builder's code):
table name -> [(va, pa, size, flags)]. The cpumap tests are the original's
for every table (docs/pagetables.md): a map is in the table of CPU c (INIT:
-1; a guest's: the vCPU) on host CPU h when its cpumap has c and its memreq's
has h; an absent cpumap or `*` has every CPU."""

from __future__ import annotations

from lxml import etree

from schism import ptdump
from schism.ext.values import expand_list, parse_dec, parse_hex, parse_list, parse_table


def expected_tables(path) -> dict[str, list[tuple[int, int, int, str]]]:
    root = etree.parse(str(path)).getroot()
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    hv = root.find("hypervisor")
    ncpus = parse_dec(hv.get("ncpus"))

    def has(el, cpu: int) -> bool:
        text = el.get("cpumap")
        return text is None or text.strip() == "*" or cpu in parse_list(text)

    def used(m, cpu: int, host: int) -> bool:
        return has(m, cpu) and has(ids[m.get("xref")], host)

    def mapping(m, va_cpu, pa_cpu):
        target = ids[m.get("xref")]
        va = parse_table(m.get("base")).get(va_cpu)
        pa = parse_table(target.get("base")).get(pa_cpu)
        size = parse_hex(target.get("size"))
        offset = parse_hex(m.get("offset", "0"))
        pa, size = pa + offset, size - offset
        if m.get("subsize"):
            size = parse_hex(m.get("subsize"))
        return va, pa, size, m.get("flags", "")

    out: dict[str, list] = {}
    hv_maps = hv.findall("mmu/map")
    init = out["hv:init"] = []
    for m in hv_maps:
        if m.get("is_init") is not None and used(m, -1, -1):
            va, pa, size, flags = mapping(m, -1, -1)
            init.append((pa, pa, size, flags))
            if va != pa:
                init.append((va, pa, size, flags))
    for cpu in range(ncpus):
        out[f"hv:{cpu}"] = [mapping(m, cpu, cpu) for m in hv_maps if used(m, cpu, cpu)]
    for guest in root.iterfind("guest"):
        mmu = guest.find("mmu")
        if mmu.get("format") == "none":
            continue
        hosts = expand_list(parse_list(guest.get("cpumap")), ncpus)
        for vcpu in range(parse_dec(guest.get("ncpus"))):
            out[f"{guest.get('id')}:{vcpu}"] = [
                mapping(m, vcpu, hosts[vcpu]) for m in mmu.iterfind("map")
                if used(m, vcpu, hosts[vcpu])]
    return out


def expanded(runs, levels) -> list[ptdump.Leaf]:
    """`ptdump.runs` back into one leaf per entry, as `walk` gives them."""
    out = []
    for leaf, count in runs:
        page, level = leaf.size // count, levels[leaf.level]
        for k in range(count):
            entry = (leaf.entry & ~level.pa_mask) | ((leaf.entry & level.pa_mask) + k * page)
            out.append(ptdump.Leaf(leaf.va + k * page, leaf.pa + k * page, page, leaf.flags,
                                   leaf.level, entry, leaf.where + k * level.bpe))
    return out
