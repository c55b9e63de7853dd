"""How many children of a kind a parent has (xml_definition.txt), which the
DTD's `(a | b)*` content models leave open: what is allowed, and the rule
table. Each missing or doubled child is a case of the bad-input corpus,
tests/errors/expand/ (made from data/full.xml)."""

from __future__ import annotations

from schism import validate

from .helpers import FULL, replace_once

SCHED = '<sched class="wfq" share="1" period="10" budget="5" cpumap="[1]"/>'


def _cut(text: str, start: str, end: str) -> str:
    """`text` without the first span from `start` up to and including `end`."""
    i = text.index(start)
    j = text.index(end, i) + len(end)
    return text[:i] + text[j:]


def test_files_are_optional(check) -> None:
    doc = _cut(FULL, "<files>", "</files>")
    doc = replace_once(doc, '<copy xref="kernel" dref="g_main" offset="0x8000"/>', "")
    assert check(doc) is None


def test_platform_without_board_and_arch(check) -> None:
    """Stage 1's input: board and arch come from the library later."""
    doc = _cut(FULL, '<board id="b">', "</board>")
    doc = _cut(doc, '<arch id="a">', "</arch>")
    ids = frozenset({"b", "a", "serial", "dram", "hv_data", "g_main", "g_arch"})
    assert check(doc, library_ids=ids) is None


def test_guest_may_have_several_scheds(check) -> None:
    assert check(replace_once(FULL, SCHED, SCHED + SCHED)) is None


def test_rules_cover_xml_definition() -> None:
    """The counts xml_definition.txt gives (child REQUIRED/OPTIONAL, 1:n)."""
    assert validate.CARDINALITY == {
        "scenario": (("platform", 1, 1), ("hypervisor", 1, 1), ("files", 0, 1)),
        "platform": (("board", 0, 1), ("arch", 0, 1)),
        "hypervisor": (("mmu", 1, 1),),
        "guest": (("mmu", 1, 1), ("init", 1, 1), ("entry", 1, 1), ("sched", 1, None)),
    }
