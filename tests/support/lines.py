"""`line_of`: the 1-based line a message should name."""

from __future__ import annotations

from pathlib import Path

from lxml import etree


def line_of(source: Path | str, needle: str | None = None, *, xpath: str | None = None) -> int:
    """The line of `source` (a file, or the text itself when a `str`) where
    `needle` first occurs (it may span lines: the line it starts on), or,
    with `xpath`, the line of the one element it selects."""
    if (needle is None) == (xpath is None):
        raise TypeError("line_of: give a needle or an xpath")
    if xpath is not None:
        root = (etree.fromstring(source.encode()) if isinstance(source, str)
                else etree.parse(str(source)).getroot())
        found = root.xpath(xpath)
        assert len(found) == 1, f"{xpath} selects {len(found)} elements"
        return found[0].sourceline
    text = source if isinstance(source, str) else source.read_text()
    index = text.find(needle)
    if index < 0:
        where = "the text" if isinstance(source, str) else source
        raise AssertionError(f"{needle!r} not in {where}")
    return text.count("\n", 0, index) + 1
