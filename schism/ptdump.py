"""`schism ptdump O [TABLE] [--va ADDR]`: walk the binary page tables.

An independent reader of `O/pagetables`: it knows the paging formats only from
`O/scenario_pagetables.xml` and shares nothing with the builder
(`schism.ext.pagetables`) but the value codecs, so the tests can use it as an
oracle for the builder.

Tables: `hv:init` (mmu base `[-1]`), `hv:<cpu>`, `<guest>:<vcpu>`; without
TABLE every table is shown. Each table prints its mappings as merged ranges
`VA-first-VA-last -> PA FLAGS NAME`; `--va ADDR` translates one address instead.
NAME is the memreq (copy) or device of the map whose VA range holds the range,
from the XML beside the tables (`schism.spaces`); `(no map)` when none does.

`decode_flags` gives one position per letter of `rwxgdus`: the letter when the
entry carries the flag's `value_set`, `-` when it carries `value_clear`, `?`
when the entry cannot tell (the level writes the same bits either way, e.g.
`r` with both values 0, or the level has no such flag), `!` when the bits match
neither. The printed FLAGS replace each `?` by the map's own letter or `-`
(the entry cannot contradict it; the table's header names these letters), or
by `.` where no map covers the range.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from schism import spaces, xmlio
from schism.errors import SchismError, listing
from schism.ext.values import (
    FLAG_LETTERS,
    ValueSyntaxError,
    attribute,
    format_hex,
    parse_dec,
    parse_hex,
    parse_table,
)

USAGE = "usage: schism ptdump O [TABLE] [--va ADDR]  (TABLE: hv:init, hv:<cpu>, <guest>:<vcpu>)"
_STRUCT = {4: "I", 8: "Q"}


@dataclass(frozen=True)
class WalkLevel:
    shift: int
    width: int
    bpe: int
    dir_base: int | None
    leaf_base: int | None
    flags: dict[str, tuple[int, int]]  # letter -> (value_set, value_clear)
    pa_mask: int  # bits of a leaf entry that are its PA


@dataclass(frozen=True)
class Leaf:
    va: int
    pa: int
    size: int
    flags: str  # one character per letter of FLAG_LETTERS (see the module doc)
    level: int
    entry: int
    where: int = 0  # physical address of the entry (the pagetables file's base + offset)


def _num(el, name: str, parse) -> int | None:
    return attribute(el, name, parse, None)


def read_levels(fmt_el, pa_width: int | None = None) -> list[WalkLevel]:
    """The walker's own view of a `<paging_format>`."""
    if pa_width is None:
        pa_width = _num(fmt_el, "pa_width", parse_dec) or 64
    levels = []
    for lv in fmt_el.iterfind("level"):
        flags = {
            f.get("name"): (_num(f, "value_set", parse_hex) or 0,
                            _num(f, "value_clear", parse_hex) or 0)
            for f in lv.iterfind("flag")
        }
        shift = _num(lv, "shift", parse_dec)
        leaf_base = _num(lv, "leaf_base", parse_hex)
        attr_bits = leaf_base or 0
        for on, off in flags.values():
            attr_bits |= on | off
        levels.append(WalkLevel(
            shift=shift,
            width=_num(lv, "width", parse_dec),
            bpe=_num(lv, "bpe", parse_dec),
            dir_base=_num(lv, "dir_base", parse_hex),
            leaf_base=leaf_base,
            flags=flags,
            pa_mask=((1 << pa_width) - 1) & ~attr_bits & ~((1 << shift) - 1),
        ))
    return levels


def decode_flags(level: WalkLevel, entry: int) -> str:
    out = []
    for letter in FLAG_LETTERS:
        if letter not in level.flags:
            out.append("?")
            continue
        on, off = level.flags[letter]
        mask = on | off
        fixed = (level.leaf_base or 0) & mask
        if on | fixed == off | fixed:
            out.append("?")
        elif entry & mask == on | fixed:
            out.append(letter)
        elif entry & mask == off | fixed:
            out.append("-")
        else:
            out.append("!")
    return "".join(out)


def _is_pointer(level: WalkLevel, entry: int) -> bool:
    d, lb = level.dir_base, level.leaf_base
    if d is None and lb is None:
        raise SchismError(f"entry {format_hex(entry)} at a level with neither dir_base "
                          "nor leaf_base")
    if lb is None:
        return True
    if d is None:
        return False
    pointer, leaf = entry & d == d, entry & lb == lb
    if pointer == leaf:
        raise SchismError(f"entry {format_hex(entry)}: cannot tell a table pointer "
                          f"(dir_base {format_hex(d)}) from a leaf (leaf_base {format_hex(lb)})")
    return pointer


class Image:
    """The `pagetables` file at its physical base address."""

    def __init__(self, data: bytes, base: int):
        self.data = data
        self.base = base

    def table(self, addr: int, level: WalkLevel) -> tuple[int, ...]:
        offset = addr - self.base
        count = 1 << level.width
        if offset < 0 or offset + count * level.bpe > len(self.data):
            raise SchismError(f"table at {format_hex(addr)} lies outside the pagetables file "
                              f"({format_hex(self.base)}+{format_hex(len(self.data))})")
        return struct.unpack_from(f"<{count}{_STRUCT[level.bpe]}", self.data, offset)


def walk(image: Image, levels: list[WalkLevel], top: int) -> Iterator[Leaf]:
    """Every leaf of the tree at `top`, in VA order."""
    return (leaf for leaf, _ in _leaves(image, levels, top, join=False))


def runs(image: Image, levels: list[WalkLevel], top: int) -> Iterator[tuple[Leaf, int]]:
    """The leaves of `walk`, each run of entries of one table that continue
    each other joined: (the run as one leaf, at its first entry; how many
    entries it has). An entry continues the one before it when its PA
    follows that one's page and its other bits are the same, so flags and
    kind are too (`schism verify` reads millions of leaves; the errors of
    `walk` come at the same entries)."""
    return _leaves(image, levels, top, join=True)


def _leaves(image: Image, levels: list[WalkLevel], top: int,
            join: bool) -> Iterator[tuple[Leaf, int]]:
    masks = [lv.leaf_base or 0 for lv in levels]
    for i, lv in enumerate(levels):
        for on, off in lv.flags.values():
            masks[i] |= on | off
    # A level whose kind and flag bits lie outside its PA field: an entry
    # equal to the one before it there is a leaf with the same flags.
    joinable = [join and not ((masks[i] | (lv.dir_base or 0)) & lv.pa_mask)
                for i, lv in enumerate(levels)]
    decoded: dict[tuple[int, int], str] = {}  # (depth, flag bits) -> FLAGS: few distinct

    def flags(depth: int, entry: int) -> str:
        key = (depth, entry & masks[depth])
        text = decoded.get(key)
        if text is None:
            text = decoded[key] = decode_flags(levels[depth], entry)
        return text

    def visit(addr: int, depth: int, va_base: int) -> Iterator[tuple[Leaf, int]]:
        level = levels[depth]
        page = 1 << level.shift
        pa_mask, other = level.pa_mask, ~level.pa_mask
        run: list = []  # [first entry, its index, its PA, the entries so far]
        for idx, entry in enumerate(image.table(addr, level)):
            if run:
                first, _, pa, count = run
                if entry & other == first & other and entry & pa_mask == pa + count * page:
                    run[3] = count + 1
                    continue
                yield _run_leaf(level, depth, va_base, addr, run, flags), count
                run = []
            if not entry:
                continue
            va = va_base + (idx << level.shift)
            where = addr + idx * level.bpe
            if _is_pointer(level, entry):
                if depth + 1 == len(levels):
                    raise SchismError(f"table pointer {format_hex(entry)} at the last level "
                                      f"(VA {format_hex(va)}, entry at {format_hex(where)})")
                yield from visit(entry & ~level.dir_base, depth + 1, va)
            elif joinable[depth]:
                run = [entry, idx, entry & pa_mask, 1]
            else:
                yield Leaf(va, entry & pa_mask, page, flags(depth, entry), depth, entry,
                           where), 1
        if run:
            yield _run_leaf(level, depth, va_base, addr, run, flags), run[3]

    return visit(top, 0, 0)


def _run_leaf(level: WalkLevel, depth: int, va_base: int, addr: int, run: list,
              flags) -> Leaf:
    entry, idx, pa, count = run
    return Leaf(va_base + (idx << level.shift), pa, count << level.shift,
                flags(depth, entry), depth, entry, addr + idx * level.bpe)


def translate(image: Image, levels: list[WalkLevel], top: int, va: int) -> Leaf | None:
    """The leaf that maps `va`, narrowed to that one address (size 1)."""
    addr = top
    for depth, level in enumerate(levels):
        idx = (va >> level.shift) & ((1 << level.width) - 1)
        entry = image.table(addr, level)[idx]
        if not entry:
            return None
        if not _is_pointer(level, entry):
            low = va & ((1 << level.shift) - 1)
            pa = (entry & level.pa_mask) + low
            return Leaf(va, pa, 1, decode_flags(level, entry), depth, entry,
                        addr + idx * level.bpe)
        addr = entry & ~level.dir_base
    return None


def merge(leaves: Iterable[Leaf]) -> list[Leaf]:
    """Join leaves that continue each other in VA and PA with the same flags."""
    out: list[Leaf] = []
    for leaf in leaves:
        if out:
            last = out[-1]
            if (last.va + last.size == leaf.va and last.pa + last.size == leaf.pa
                    and last.flags == leaf.flags):
                out[-1] = Leaf(last.va, last.pa, last.size + leaf.size, last.flags,
                               last.level, last.entry, last.where)
                continue
        out.append(leaf)
    return out


def unencoded(levels: list[WalkLevel]) -> str:
    """The letters some leaf level of a format cannot express in its entries
    (`?` in `decode_flags`), in `rwxgdus` order."""
    out = set()
    for level in levels:
        if level.leaf_base is None and level.dir_base is not None:
            continue  # a pointer-only level holds no leaf
        out.update(c for c, f in zip(FLAG_LETTERS, decode_flags(level, 0), strict=True)
                   if f == "?")
    return "".join(c for c in FLAG_LETTERS if c in out)


def scenario_flags(decoded: str, declared: str | None) -> str:
    """Decoded FLAGS in the scenario's letters: each `?` (the entry cannot
    tell) becomes the declared map's position (`spaces.positional`), or `.`
    when no map is declared there; `!` (bits match neither value) stays."""
    if declared is None:
        return decoded.replace("?", ".")
    return "".join(d if c == "?" else c for c, d in zip(decoded, declared, strict=True))


def map_at(maps: list[spaces.MapRange], starts: list[int], va: int, size: int):
    """The map (sorted `maps`, their VAs `starts`) whose range holds
    [va, va+size), or None."""
    import bisect

    i = bisect.bisect_right(starts, va) - 1
    if i >= 0 and va + size <= maps[i].va + maps[i].size:
        return maps[i]
    return None


def named(leaves: Iterable[Leaf], maps: list[spaces.MapRange]) -> list[tuple[Leaf, str]]:
    """Leaves merged (as `merge`) within one map, with that map's name, and
    FLAGS in the scenario's letters."""
    starts = [m.va for m in maps]
    out: list[tuple[Leaf, str]] = []
    owner: spaces.MapRange | None = None
    for leaf in leaves:
        m = map_at(maps, starts, leaf.va, leaf.size)
        leaf = Leaf(leaf.va, leaf.pa, leaf.size,
                    scenario_flags(leaf.flags, m.flags if m else None),
                    leaf.level, leaf.entry, leaf.where)
        if out and m is owner:
            last = out[-1][0]
            if (last.va + last.size == leaf.va and last.pa + last.size == leaf.pa
                    and last.flags == leaf.flags):
                out[-1] = (Leaf(last.va, last.pa, last.size + leaf.size, last.flags,
                                last.level, last.entry, last.where), out[-1][1])
                continue
        out.append((leaf, m.label if m else "(no map)"))
        owner = m
    return out


def flags_match(decoded: str, flags: str) -> bool:
    """Whether decoded FLAGS agree with a map's `flags` (`?` agrees with both)."""
    for letter, c in zip(FLAG_LETTERS, decoded, strict=True):
        if c == "?":
            continue
        if c == "!" or (c == letter) != (letter in flags):
            return False
    return True


def compare(leaves: Iterable[Leaf], expected: Iterable[tuple[int, int, int, str]]) -> list[str]:
    """Differences between walked leaves and expected (va, pa, size, flags)
    mappings: every leaf inside one expected mapping with its PA and flags,
    and every expected byte covered. Empty: they agree."""
    import bisect

    want = sorted(e for e in expected if e[2])
    starts = [e[0] for e in want]
    problems = []
    covered = 0
    for leaf in leaves:
        i = bisect.bisect_right(starts, leaf.va) - 1
        if i < 0 or leaf.va + leaf.size > want[i][0] + want[i][2]:
            problems.append(f"{format_hex(leaf.va)}+{format_hex(leaf.size)} mapped, not expected")
            continue
        va, pa, _, flags = want[i]
        if leaf.pa != pa + (leaf.va - va):
            problems.append(f"{format_hex(leaf.va)} -> {format_hex(leaf.pa)}, "
                            f"expected {format_hex(pa + leaf.va - va)}")
        if not flags_match(leaf.flags, flags):
            problems.append(f"{format_hex(leaf.va)} flags {leaf.flags}, expected '{flags}'")
        covered += leaf.size
    total = sum(e[2] for e in want)
    if covered != total:
        problems.append(f"{format_hex(covered)} bytes mapped, {format_hex(total)} expected")
    return problems


@dataclass
class Dump:
    """The tables of a build directory: name -> (format id, levels, top address)."""

    image: Image
    tables: dict[str, tuple[str, list[WalkLevel], int]]
    root: object = None  # the parsed scenario_pagetables.xml
    xml_path: Path | None = None

    def model(self) -> spaces.Model:
        """What the XML says each table maps (for names)."""
        return spaces.from_root(self.root, self.xml_path)

    def leaves(self, name: str) -> list[Leaf]:
        _, levels, top = self.tables[name]
        return list(walk(self.image, levels, top))


def load(build_dir: Path | str) -> Dump:
    build_dir = Path(build_dir)
    xml_path = build_dir / "scenario_pagetables.xml"
    bin_path = build_dir / "pagetables"
    for p in (xml_path, bin_path):
        if not p.exists():
            raise SchismError(f"{p} does not exist (run the pagetables stage first)")
    root = xmlio.parse_file(xml_path).getroot()
    req = root.find(".//memory/memreq[@id='pagetables']")
    if req is None or _num(req, "base", parse_table) is None:
        raise SchismError("no memreq 'pagetables' with a base", str(xml_path))
    base = _num(req, "base", parse_table)
    if base.is_per_cpu:
        raise SchismError("memreq pagetables has a per-CPU base", str(xml_path), req.sourceline)
    formats = {el.get("id"): el for el in root.iterfind("platform/arch/paging_format")}
    tables: dict[str, tuple[str, list[WalkLevel], int]] = {}
    read: dict[str, list[WalkLevel]] = {}

    def add(prefix: str, mmu, names) -> None:
        if mmu is None or mmu.get("base") is None:
            return
        fmt_id = mmu.get("format")
        fmt_el = formats.get(fmt_id)
        if fmt_el is None:
            raise SchismError(f"mmu format: unknown paging format '{fmt_id}'",
                              str(xml_path), mmu.sourceline)
        levels = read.get(fmt_id)
        if levels is None:
            levels = read[fmt_id] = read_levels(fmt_el)
        bases = _num(mmu, "base", parse_table)
        if not bases.is_per_cpu:
            raise SchismError("mmu base: stage 7 writes per-CPU entries ([i]=0x...)",
                              str(xml_path), mmu.sourceline)
        for index, addr in bases:
            tables[f"{prefix}:{names(index)}"] = (fmt_el.get("id"), levels, addr)

    add("hv", root.find("hypervisor/mmu"), lambda i: "init" if i == -1 else str(i))
    for guest in root.iterfind("guest"):
        add(guest.get("id"), guest.find("mmu"), str)
    return Dump(Image(bin_path.read_bytes(), base.uniform), tables, root, xml_path)


def _parse_args(args: list[str]) -> tuple[str | None, int | None]:
    table = va = None
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--va" or arg.startswith("--va="):
            text = arg[5:] if arg.startswith("--va=") else (rest.pop(0) if rest else None)
            if text is None:
                raise SchismError(f"--va needs an address; {USAGE}")
            try:
                va = parse_hex(text)
            except ValueSyntaxError as e:
                raise SchismError(f"--va: {e}") from None
        elif arg.startswith("-") or table is not None:
            raise SchismError(f"unexpected argument '{arg}'; {USAGE}")
        else:
            table = arg
    return table, va


def _line(leaf: Leaf, name: str) -> str:
    return (f"  {format_hex(leaf.va)}-{format_hex(leaf.va + leaf.size - 1)} -> "
            f"{format_hex(leaf.pa)} {leaf.flags} {name}")


def _header(name: str, fmt_id: str, levels: list[WalkLevel], top: int) -> str:
    missing = unencoded(levels)
    note = f"; {' '.join(missing)} not in the entries: as the map says" if missing else ""
    return f"{name} ({fmt_id}, table at {format_hex(top)}{note})"


def main(ctx) -> int:
    """Print the tables (or one translation); 1 if --va is mapped nowhere."""
    try:
        return _main(ctx)
    except BrokenPipeError:  # `schism ptdump O | head`: the reader is gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(ctx) -> int:
    name, va = _parse_args(ctx.args)
    dump = load(ctx.build_dir)
    if name is not None and name not in dump.tables:
        raise SchismError(f"unknown table '{name}' (tables: {listing(dump.tables)})")
    names = [name] if name is not None else list(dump.tables)
    maps = {s.name: s.maps for s in dump.model().spaces}
    if va is not None:
        found = False
        for n in names:
            fmt_id, levels, top = dump.tables[n]
            leaf = translate(dump.image, levels, top, va)
            if leaf is None:
                print(f"{n}: {format_hex(va)} not mapped")
                continue
            found = True
            table_maps = maps.get(n, [])
            m = map_at(table_maps, [x.va for x in table_maps], va, 1)
            print(f"{n}: {format_hex(va)} -> {format_hex(leaf.pa)} "
                  f"{scenario_flags(leaf.flags, m.flags if m else None)} "
                  f"{m.label if m else '(no map)'} "
                  f"(level {leaf.level}, entry {format_hex(leaf.entry)} "
                  f"at {format_hex(leaf.where)})")
        return 0 if found else 1
    for n in names:
        fmt_id, levels, top = dump.tables[n]
        print(_header(n, fmt_id, levels, top))
        for leaf, label in named(walk(dump.image, levels, top), maps.get(n, [])):
            print(_line(leaf, label))
    return 0
