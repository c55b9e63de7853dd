"""What the page-table builder tests draw from: the bundled library's
paging formats and random non-overlapping mappings for one of them."""

from __future__ import annotations

from hypothesis import strategies as st
from lxml import etree

from schism import resources
from schism.ext import pagetables as pt
from schism.ext.values import FLAG_LETTERS, align_up

BASE = 0x10000000  # aligned for every format's top table; fits 4-byte pointers


def library_formats() -> list[etree._Element]:
    found = []
    for path in sorted(resources.xmllib().glob("arch_*.xml")):
        found += etree.parse(str(path)).getroot().findall("paging_format")
    return found


FORMATS = library_formats()


@st.composite
def mappings(draw, fmt: pt.PagingFormat):
    """Up to 6 mappings in rising VA order; each near a random leaf level's
    alignment, starting a few smaller units off, its PA congruent to the VA
    modulo that level or the next smaller one. Entry counts stay in the
    hundreds (4 KiB pages across 1 GiB would take seconds)."""
    shifts = sorted({lv.shift for lv in fmt.levels if lv.leaf_base is not None})
    grain = 1 << shifts[0]
    # PA bits the formats use for attributes cannot be told from PA bits.
    pa_limit = 1 << min(fmt.pa_width, 40)
    out, cursor = [], 0
    for _ in range(draw(st.integers(1, 6))):
        k = draw(st.integers(0, len(shifts) - 1))
        unit = 1 << shifts[k]
        sub = 1 << shifts[k - 1] if k else grain
        va = align_up(cursor + draw(st.integers(0, 2)) * unit, shifts[k])
        pages = draw(st.integers(0, 2)) * grain
        va += draw(st.integers(0, 2)) * sub + pages
        size = (draw(st.integers(0, 2)) * unit + draw(st.integers(0, 3)) * sub
                + draw(st.integers(0, 3)) * grain) or grain
        if va + size > fmt.va_limit:
            break
        slots = (pa_limit - size) // unit
        if slots <= 0:
            break
        pa = draw(st.integers(0, slots - 1)) * unit
        # Congruent to the VA modulo `unit` (blocks of that level) or only
        # modulo `sub` (blocks of the level below).
        pa += va % unit if draw(st.booleans()) else draw(st.integers(0, 2)) * sub + pages
        if pa + size > pa_limit:
            continue
        flags = "".join(c for c in FLAG_LETTERS if draw(st.booleans()))
        out.append((va, pa, size, flags))
        cursor = va + size
    return out
