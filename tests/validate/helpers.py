"""Helpers for the validator tests: write a document, validate it, return the
one-line error (or None), with the file path as the location."""

from __future__ import annotations

from pathlib import Path

from schism import validate, xmlio
from schism.errors import SchismError

DATA = Path(__file__).parent / "data"
FULL = (DATA / "full.xml").read_text()


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


class Checker:
    def __init__(self, tmp_path: Path):
        self.path = tmp_path / "scenario.xml"

    def __call__(self, text: str, library_ids: frozenset[str] = frozenset()) -> str | None:
        self.path.write_text(text)
        tree = xmlio.parse_file(self.path)
        try:
            validate.check(tree, str(self.path), library_ids=library_ids)
        except SchismError as e:
            return str(e)
        return None

    def at(self, line: int, what: str, *notes: tuple[int, str]) -> str:
        """The expected message: one error line, then (line, text) notes."""
        lines = [f"{self.path}:{line}: error: {what}"]
        lines += [f"{self.path}:{n}: note: {text}" for n, text in notes]
        return "\n".join(lines)
