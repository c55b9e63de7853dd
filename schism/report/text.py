"""`O/memory-map.txt`: where everything landed, as aligned text.

One section per `<memory>` (every placed memreq copy and every gap), one for
the board's devices, one per address space (VA -> PA, what it maps, flags).
Everything comes from the laid-out XML (`schism.spaces`), sorted by address;
the same input gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence

from schism.ext.values import FLAG_LETTERS, format_hex
from schism.spaces import HYPERVISOR, Memory, Model, Region, Space, human_size, positional

GAP = "(gap)"


def columns(rows: Sequence[Sequence[str]], right: Sequence[int] = ()) -> list[str]:
    """Rows as aligned lines (columns in `right` right-aligned), indented 2."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [c.rjust(w) if i in right else c.ljust(w)
                 for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append(("  " + "  ".join(cells)).rstrip())
    return lines


def mapped_by(model: Model) -> dict[tuple[str, int | None], list[str]]:
    """(region id, copy CPU) -> the owners of the address spaces that map it,
    hypervisor first, then guests in document order."""
    rank = {owner: i for i, owner in enumerate([HYPERVISOR, *model.guests])}
    seen: dict[tuple[str, int | None], set[str]] = {}
    for space in model.spaces:
        for m in space.maps:
            seen.setdefault((m.target.id, m.target.cpu), set()).add(space.owner)
    # by rank, not by a walk over every owner per region (quadratic in guests)
    return {key: sorted((o for o in owners if o in rank), key=rank.__getitem__)
            for key, owners in seen.items()}


def gaps(base: int, end: int, regions: Sequence[Region]) -> list[tuple[int, int]]:
    """(start, size) of every stretch of [base, end) no region covers."""
    out, at = [], base
    for r in sorted(regions, key=lambda r: r.base):
        if r.base > at:
            out.append((at, r.base - at))
        at = max(at, r.end)
    if at < end:
        out.append((at, end - at))
    return out


def _size_cells(size: int) -> list[str]:
    return [format_hex(size), human_size(size)]


def _last(base: int, size: int) -> str:
    return format_hex(base + size - 1) if size else "-"


def memory_section(mem: Memory, users: dict) -> list[str]:
    head = (f"physical memory {mem.id}: {format_hex(mem.base)}-{_last(mem.base, mem.size)} "
            f"({human_size(mem.size)}), {len(mem.regions)} placed, "
            f"{human_size(sum(s for _, s in gaps(mem.base, mem.end, mem.regions)))} free")
    entries = [(r.base, 0, [format_hex(r.base), _last(r.base, r.size), *_size_cells(r.size),
                            r.owner, r.label, positional(r.el.get("flags_demand", "")),
                            positional(r.el.get("flags_prevent", "")),
                            ", ".join(users.get((r.id, r.cpu), [])) or "-"])
               for r in mem.regions]
    entries += [(start, 1, [format_hex(start), _last(start, size), *_size_cells(size),
                            "-", GAP, "", "", ""])
                for start, size in gaps(mem.base, mem.end, mem.regions)]
    rows = [["base", "last", "size", "", "owner", "memreq", "demand", "prevent", "mapped by"]]
    rows += [cells for _, _, cells in sorted(entries, key=lambda e: (e[0], e[1]))]
    lines = [head, *columns(rows, right=(0, 1, 2, 3))]
    if mem.unplaced:
        ids = ", ".join(el.get("id") for el in mem.unplaced)
        lines.append(f"  not placed (no base, nothing to place): {ids}")
    return lines


def device_section(devices: Sequence[Region], users: dict) -> list[str]:
    head = f"board devices: {len(devices)}"
    if not devices:
        return [head]
    rows = [["base", "last", "size", "", "device", "mapped by"]]
    rows += [[format_hex(d.base), _last(d.base, d.size), *_size_cells(d.size), d.id,
              ", ".join(users.get((d.id, None), [])) or "-"] for d in devices]
    return [head, *columns(rows, right=(0, 1, 2, 3))]


def space_head(space: Space) -> str:
    where = (f"{space.format}, table at {format_hex(space.top)}" if space.has_table
             and space.top is not None else space.format if space.has_table
             else "format none: no page tables, guest-physical view")
    return f"address space {space.name}: {space.title} ({where}), {len(space.maps)} ranges"


def space_section(space: Space) -> list[str]:
    head = space_head(space)
    if not space.maps:
        return [head, "  (nothing mapped)"]
    rows = [["VA first", "VA last", "PA first", "PA last", "size", "", "flags", "maps",
             "owner"]]
    for m in space.maps:
        rows.append([format_hex(m.va), _last(m.va, m.size), format_hex(m.pa),
                     _last(m.pa, m.size), *_size_cells(m.size), m.flags, m.label,
                     m.target.owner])
    return [head, *columns(rows, right=(0, 1, 2, 3, 4, 5))]


def render(model: Model) -> str:
    """The whole text report."""
    users = mapped_by(model)
    out = [
        f"schism memory map of {model.path.name}",
        f"flags: one position per letter of {FLAG_LETTERS} (read, write, execute, global, "
        "device, user, shared), '-' where absent; last = last byte of a range",
        "",
    ]
    for mem in model.memories:
        out += memory_section(mem, users) + [""]
    out += device_section(model.devices, users) + [""]
    for space in model.spaces:
        out += space_section(space) + [""]
    return "\n".join(out[:-1]) + "\n"
