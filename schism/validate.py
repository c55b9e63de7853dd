"""Validation of every stage's input and output: the DTD, then the semantic
rules a DTD cannot express. (Stub: DTD only; semantic checks to come.)"""

from __future__ import annotations

from lxml import etree

from schism import resources
from schism.errors import SchismError

_dtd: etree.DTD | None = None


def _the_dtd() -> etree.DTD:
    global _dtd
    if _dtd is None:
        _dtd = etree.DTD(str(resources.dtd()))
    return _dtd


def check(tree: etree._ElementTree, url: str, library_ids: frozenset[str] = frozenset()) -> None:
    """Raise a located SchismError for the first problem in `tree`.

    `library_ids`: IDs that library files will provide later (stage 1 input):
    references to them are not errors yet."""
    dtd = _the_dtd()
    if not dtd.validate(tree):
        for entry in dtd.error_log.filter_from_errors():
            raise SchismError(entry.message, url, entry.line)
