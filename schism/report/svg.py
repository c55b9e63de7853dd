"""`O/memory-map.svg`: the memory map as one picture.

A vertical bar per `<memory>`, one for the board's devices and one per
address space, addresses growing downwards. Every region is a `<g
class="region">` with a `<title>` (hover text), a box filled in its owner's
colour (legend at the top) and one label line inside the box.

Why the labels never overlap: a box is never shorter than a label line, each
label stays inside its own box (cut with an ellipsis to the box width, the
full text is in the title), and the start address beside a box sits in that
box's band. Heights grow with log2 of the size, so a 4 KiB page and a 1 GiB
block are both readable; a gap longer than `GAP_COMPRESS` is drawn at a fixed
height with a zigzag cut and labelled as compressed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from schism.ext.values import format_hex
from schism.spaces import DEVICE, HYPERVISOR, Model, Region, Space, human_size, positional

FONT = 11  # px, DejaVu Sans Mono / monospace
CHAR = 6.7  # px per character at FONT (DejaVu Sans Mono: 0.602 em, rounded up)
HEAD_CHAR = 7.4  # the same for the 12 px bold headings
LINE = 18  # the smallest box: one label line
MAX_BOX = 96
GAP_COMPRESS = 0x10000  # longer gaps are drawn compressed
GAP_HEIGHT = 28
ADDR_W = 140  # room for a 64-bit address left of a bar
BAR_W = 270
COL_W = ADDR_W + BAR_W + 40
PER_ROW = 4
MARGIN = 20
HEAD = 40  # two header lines above a bar

FREE = "#ffffff"
COLOURS = {HYPERVISOR: "#9ecae9", DEVICE: "#d0d0d0"}
GUEST_COLOURS = ("#ffbe7d", "#8cd17d", "#ff9d9a", "#86bcb6", "#f1ce63", "#d4a6c8",
                 "#fabfd2", "#d7b5a6", "#b6992d", "#a0cbe8")


@dataclass(frozen=True)
class Box:
    """One drawn stretch of a bar: a region (owner set) or a gap (owner None)."""

    start: int
    size: int
    label: str
    title: str
    owner: str | None
    kind: str  # "region" or "gap"

    @property
    def compressed(self) -> bool:
        return self.kind == "gap" and self.size > GAP_COMPRESS


@dataclass(frozen=True)
class Bar:
    id: str
    heading: str
    subheading: str
    boxes: list[Box]
    end: int  # address after the last box


def height(box: Box) -> int:
    if box.compressed:
        return GAP_HEIGHT
    pages = max(box.size, 1) / 0x1000
    return int(min(MAX_BOX, max(LINE, LINE + 6 * math.log2(pages) if pages > 1 else LINE)))


def colours(model: Model) -> dict[str, str]:
    out = dict(COLOURS)
    for i, guest in enumerate(model.guests):
        out[guest] = GUEST_COLOURS[i % len(GUEST_COLOURS)]
    return out


def _gap(start: int, size: int) -> Box:
    word = "compressed gap" if size > GAP_COMPRESS else "gap"
    return Box(start, size, f"{word} {human_size(size)}",
               f"{word}: {format_hex(start)}-{format_hex(start + size - 1)} "
               f"({format_hex(size)}, {human_size(size)}) unused", None, "gap")


def with_gaps(regions: list[Box], base: int | None, end: int | None) -> tuple[list[Box], int]:
    """The boxes sorted, gaps inserted (also before the first and after the
    last when `base`/`end` are given); overlapping boxes follow each other."""
    out: list[Box] = []
    ordered = sorted(regions, key=lambda b: (b.start, b.size, b.label))
    at = base if base is not None else (ordered[0].start if ordered else 0)
    for b in ordered:
        if b.start > at:
            out.append(_gap(at, b.start - at))
        out.append(b)
        at = max(at, b.start + b.size)
    if end is not None and end > at:
        out.append(_gap(at, end - at))
        at = end
    return out, at


def _region_box(r: Region, users: str) -> Box:
    title = (f"{r.kind} {r.label}\nPA {format_hex(r.base)}-{format_hex(r.end - 1)} "
             f"({format_hex(r.size)}, {human_size(r.size)})\nowner {r.owner}")
    if r.kind == "memreq":
        title += (f"\ndemand {positional(r.el.get('flags_demand', ''))} "
                  f"prevent {positional(r.el.get('flags_prevent', ''))}")
    title += f"\nmapped by {users or 'nobody'}"
    return Box(r.base, r.size, f"{r.label} {human_size(r.size)}", title, r.owner, "region")


def memory_bars(model: Model, users: dict) -> list[Bar]:
    bars = []
    for mem in model.memories:
        boxes = [_region_box(r, ", ".join(users.get((r.id, r.cpu), []))) for r in mem.regions]
        boxes, end = with_gaps(boxes, mem.base, mem.end)
        bars.append(Bar(f"memory-{mem.id}", f"memory {mem.id}",
                        f"{format_hex(mem.base)} {human_size(mem.size)}", boxes, end))
    if model.devices:
        boxes = [_region_box(d, ", ".join(users.get((d.id, None), []))) for d in model.devices]
        boxes, end = with_gaps(boxes, None, None)
        bars.append(Bar("devices", "board devices", f"{len(model.devices)} devices",
                        boxes, end))
    return bars


def space_bar(space: Space) -> Bar:
    boxes = []
    for m in space.maps:
        title = (f"{space.name}: map of {m.label}\nVA {format_hex(m.va)}-"
                 f"{format_hex(m.va + m.size - 1)}\nPA {format_hex(m.pa)}-"
                 f"{format_hex(m.pa + m.size - 1)} ({format_hex(m.size)}, "
                 f"{human_size(m.size)})\nflags {m.flags}\nowner {m.target.owner}")
        boxes.append(Box(m.va, m.size, f"{m.label} {m.flags} {human_size(m.size)}", title,
                         m.target.owner, "region"))
    boxes, end = with_gaps(boxes, None, None)
    sub = (space.format if space.has_table else "no page tables (format none)")
    return Bar(f"space-{space.name}", f"{space.name} {space.title}", sub, boxes, end)


def fit(text: str, width: float, char: float = CHAR) -> str:
    """`text` cut to `width` px (at `char` px a character) with an ellipsis."""
    n = int(width // char)
    return text if len(text) <= n else text[: max(n - 1, 0)] + "\u2026"


def _text(x: float, y: float, text: str, cls: str, anchor: str = "start") -> str:
    a = "" if anchor == "start" else f' text-anchor="{anchor}"'
    return f'<text class="{cls}" x="{x:g}" y="{y:g}"{a}>{escape(text)}</text>'


def draw_bar(bar: Bar, x: int, y: int, palette: dict[str, str]) -> tuple[list[str], int]:
    """SVG lines of one bar at (x, y); and its height."""
    bx = x + ADDR_W
    out = [f'<g class="bar" id={quoteattr(bar.id)}>',
           _text(x, y + 13, fit(bar.heading, COL_W - 20, HEAD_CHAR), "head"),
           _text(x, y + 28, fit(bar.subheading, COL_W - 20), "sub")]
    top = y + HEAD
    for box in bar.boxes:
        h = height(box)
        fill = FREE if box.owner is None else palette.get(box.owner, "#eeeeee")
        out.append(f'<g class="{box.kind}" data-start="{format_hex(box.start)}" '
                   f'data-size="{format_hex(box.size)}">')
        out.append(f"<title>{escape(box.title)}</title>")
        style = ' stroke-dasharray="4 3"' if box.kind == "gap" else ""
        out.append(f'<rect x="{bx}" y="{top}" width="{BAR_W}" height="{h}" fill="{fill}" '
                   f'stroke="#555"{style}/>')
        if box.compressed:
            mid = top + h - 7  # below the label line
            zig = " ".join(f"{bx + i * 15},{mid + (-3 if i % 2 else 3)}"
                           for i in range(BAR_W // 15 + 1))
            out.append(f'<polyline class="cut" points="{zig}" fill="none" stroke="#888"/>')
        out.append(_text(bx + 6, top + 13, fit(box.label, BAR_W - 12), "label"))
        out.append(_text(bx - 6, top + 13, format_hex(box.start), "addr", "end"))
        out.append("</g>")
        top += h
    out.append(_text(bx - 6, top + 11, format_hex(bar.end), "addr", "end"))
    out.append("</g>")
    return out, top + 14 - y


def legend(palette: dict[str, str], model: Model, width: int) -> tuple[list[str], int]:
    items = [(HYPERVISOR, palette[HYPERVISOR])]
    items += [(f"guest {g}", palette[g]) for g in model.guests]
    items += [("device", palette[DEVICE]), ("gap (dashed; zigzag: compressed)", FREE)]
    out = ['<g class="legend">']
    x, y = MARGIN, MARGIN + 24
    for name, fill in items:
        w = 24 + int(len(name) * CHAR) + 16
        if x + w > width - MARGIN and x > MARGIN:
            x, y = MARGIN, y + LINE
        out.append(f'<rect x="{x}" y="{y}" width="14" height="12" fill="{fill}" stroke="#555"/>')
        out.append(_text(x + 20, y + 10, name, "legend-item"))
        x += w
    out.append("</g>")
    return out, y + LINE + 8


def render(model: Model, users: dict) -> str:
    """The whole SVG document (deterministic: no dates, fixed number formats)."""
    palette = colours(model)
    rows = [memory_bars(model, users)]
    spaces = [space_bar(s) for s in model.spaces]
    rows += [spaces[i:i + PER_ROW] for i in range(0, len(spaces), PER_ROW)]
    width = MARGIN * 2 + COL_W * max(PER_ROW, max(len(r) for r in rows))
    head, y = legend(palette, model, width)
    body = []
    for row in [r for r in rows if r]:
        tallest = 0
        for i, bar in enumerate(row):
            lines, h = draw_bar(bar, MARGIN + i * COL_W, y, palette)
            body += lines
            tallest = max(tallest, h)
        y += tallest + 24
    height_px = y + MARGIN
    title = f"schism memory map of {model.path.name}"
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height_px}" '
        f'viewBox="0 0 {width} {height_px}" font-family="DejaVu Sans Mono, monospace" '
        f'font-size="{FONT}">',
        f"<title>{escape(title)}</title>",
        "<style>.head{font-weight:bold;font-size:12px}.sub,.addr{fill:#444}"
        ".label{fill:#111}</style>",
        f'<rect x="0" y="0" width="{width}" height="{height_px}" fill="#fafafa"/>',
        _text(MARGIN, MARGIN + 6, title + " (box heights: log2 of the size)", "head"),
        *head, *body, "</svg>", ""])
