"""Findings of `schism verify`: located one-line errors and warnings, merged so
that one defect seen in several tables (or along several pages) is one line."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from schism import errors
from schism.ext.values import format_hex
from schism.spaces import Region, human_size

ERROR = "error"
WARNING = "warning"
MORE_SHOWN = 3  # further violations shown as notes of the error; the rest are counted


@dataclass
class Finding:
    level: str  # ERROR or WARNING
    el: etree._Element  # where the line points: the map, mmu or memreq at fault
    text: str  # "<element> <attribute>: what", without the tables
    tables: list[str] = field(default_factory=list)

    @property
    def full_text(self) -> str:
        """The text with the tables it was seen in."""
        text = self.text
        if self.tables:
            word = "table" if len(self.tables) == 1 else "tables"
            text += f" ({word} {', '.join(self.tables)})"
        return text

    def line(self) -> str:
        if self.level == ERROR:
            return str(errors.at(self.el, self.full_text))
        return errors.warning_at(self.el, self.full_text)


class Findings:
    """Findings in the order first seen; the same (level, element, text) from
    another table only adds that table's name."""

    def __init__(self) -> None:
        self._by_key: dict[tuple, Finding] = {}

    def add(self, level: str, el, text: str, table: str | None = None) -> None:
        key = (level, id(el), text)
        finding = self._by_key.get(key)
        if finding is None:
            finding = self._by_key[key] = Finding(level, el, text)
        if table is not None and table not in finding.tables:
            finding.tables.append(table)

    def error(self, el, text: str, table: str | None = None) -> None:
        self.add(ERROR, el, text, table)

    def warning(self, el, text: str, table: str | None = None) -> None:
        self.add(WARNING, el, text, table)

    def __iter__(self):
        return iter(self._by_key.values())

    def count(self, level: str) -> int:
        return sum(1 for f in self if f.level == level)

    def as_error(self) -> errors.SchismError | None:
        """The errors as one located error: the first, the others as notes
        (a failing command prints one error line and note lines)."""
        found = [f for f in self if f.level == ERROR]
        if not found:
            return None
        error = errors.at(found[0].el, found[0].full_text)
        for f in found[1:1 + MORE_SHOWN]:
            error.note_at(f.el, f"also: {f.full_text}")
        rest = len(found) - 1 - MORE_SHOWN
        if rest > 0:
            error.note_at(found[0].el.getroottree().getroot(),
                          f"and {rest} more violation{'s' if rest > 1 else ''} (the summary on "
                          "stdout counts them per table)")
        return error


def span(first: int, size: int) -> str:
    """`0xA-0xB` (inclusive end), the form ptdump and the report print."""
    return f"{format_hex(first)}-{format_hex(first + size - 1)}"


def sized(first: int, size: int) -> str:
    return f"{span(first, size)} ({human_size(size)})"


def names(regions: list[Region]) -> str:
    """What a PA range hits, for messages: 'memreq core_rw[0]', 'device uart'."""
    if not regions:
        return "no memreq or device"
    return ", ".join(f"{r.kind} {r.label}" for r in regions)
