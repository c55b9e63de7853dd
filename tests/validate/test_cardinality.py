"""How many children of a kind a parent has (xml_definition.txt), which the
DTD's `(a | b)*` content models leave open."""

from __future__ import annotations

import pytest
from support import line_of

from schism import validate

from .validate_support import FULL, replace_once

PLATFORM_OPEN = '<platform board="b" arch="a">'
HV_OPEN = '<hypervisor ncpus="2" load_base="0x0" exec_base="0x8000000000" entry="0x0">'
GUEST_OPEN = '<guest id="g" ncpus="1" cpumap="[1]">'
SCHED = '<sched class="wfq" share="1" period="10" budget="5" cpumap="[1]"/>'
ENTRY = '<entry bp_xref="g_main" bp_offset="0x8000" ap_xref="g_main" ap_offset="0x0"/>'


def _cut(text: str, start: str, end: str) -> str:
    """`text` without the first span from `start` up to and including `end`."""
    i = text.index(start)
    j = text.index(end, i) + len(end)
    return text[:i] + text[j:]


def _span(text: str, start: str, end: str) -> str:
    i = text.index(start)
    return text[i:text.index(end, i) + len(end)]


def test_scenario_needs_a_platform(check) -> None:
    doc = _cut(FULL, PLATFORM_OPEN, "</platform>")
    assert check(doc) == check.at(1, "scenario: missing <platform> (exactly one required)")


def test_scenario_has_one_platform(check) -> None:
    doc = replace_once(FULL, "</platform>", '</platform>\n  <platform board="b"/>')
    assert check(doc) == check.at(
        line_of(doc, '<platform board="b"/>'),
        "scenario: more than one <platform> (the first is at line 2)",
    )


def test_scenario_needs_a_hypervisor(check) -> None:
    doc = _cut(FULL, HV_OPEN, "</hypervisor>")
    assert check(doc) == check.at(1, "scenario: missing <hypervisor> (exactly one required)")


def test_scenario_has_one_hypervisor(check) -> None:
    hv = _span(FULL, HV_OPEN, "</hypervisor>")
    doc = replace_once(FULL, "</hypervisor>", "</hypervisor>\n" + hv.replace('id="', 'id="x'))
    second = doc.index(HV_OPEN, doc.index(HV_OPEN) + 1)
    assert check(doc) == check.at(
        doc.count("\n", 0, second) + 1,
        f"scenario: more than one <hypervisor> (the first is at line {line_of(doc, HV_OPEN)})",
    )


def test_scenario_files_at_most_once(check) -> None:
    doc = replace_once(FULL, "</files>", '</files>\n  <files><file id="f2" href="x"/></files>')
    assert check(doc) == check.at(
        line_of(doc, '<files><file id="f2"'),
        f"scenario: more than one <files> (the first is at line {line_of(doc, '<files>')})",
    )


def test_files_are_optional(check) -> None:
    doc = _cut(FULL, "<files>", "</files>")
    doc = replace_once(doc, '<copy xref="kernel" dref="g_main" offset="0x8000"/>', "")
    assert check(doc) is None


@pytest.mark.parametrize("kind", ["board", "arch"])
def test_platform_at_most_one(check, kind: str) -> None:
    doc = replace_once(FULL, "</platform>", f'<{kind} id="second"/>\n    </platform>')
    first = line_of(doc, f"<{kind} id=")
    # an empty <arch> also breaks its content model (DTD first), so give it a child
    doc = doc.replace('<arch id="second"/>',
                      '<arch id="second"><paging_format id="f2" va_width="1" pa_width="1"'
                      ' size_estimate="0x0"><level shift="1" width="1" bpe="8" align="1">'
                      '<flag name="r" value_set="0x0" value_clear="0x0"/></level>'
                      "</paging_format></arch>")
    assert check(doc) == check.at(
        line_of(doc, 'id="second"'),
        f"platform: more than one <{kind}> (the first is at line {first})",
    )


def test_platform_without_board_and_arch(check) -> None:
    """Stage 1's input: board and arch come from the library later."""
    doc = _cut(FULL, '<board id="b">', "</board>")
    doc = _cut(doc, '<arch id="a">', "</arch>")
    ids = frozenset({"b", "a", "serial", "dram", "hv_data", "g_main", "g_arch"})
    assert check(doc, library_ids=ids) is None


def test_hypervisor_needs_an_mmu(check) -> None:
    hv = _span(FULL, HV_OPEN, "</hypervisor>")
    doc = replace_once(FULL, hv, _cut(hv, "<mmu", "</mmu>"))
    assert check(doc) == check.at(
        line_of(doc, HV_OPEN), "hypervisor: missing <mmu> (exactly one required)"
    )


def test_hypervisor_has_one_mmu(check) -> None:
    doc = replace_once(FULL, "</hypervisor>",
                       '  <mmu type="hardware" format="fmt"/>\n  </hypervisor>')
    assert check(doc) == check.at(
        line_of(doc, '<mmu type="hardware" format="fmt"/>'),
        f"hypervisor: more than one <mmu> (the first is at line {line_of(doc, '<mmu')})",
    )


@pytest.mark.parametrize(("child", "start", "end"), [
    ("mmu", '<mmu type="hardware" format="fmt" base="[0]', "</mmu>"),
    ("init", "<init ", "</init>"),
    ("entry", ENTRY, ENTRY),
])
def test_guest_needs_exactly_one(check, child: str, start: str, end: str) -> None:
    doc = _cut(FULL, start, end)
    assert check(doc) == check.at(
        line_of(doc, GUEST_OPEN), f"guest: missing <{child}> (exactly one required)"
    )


@pytest.mark.parametrize(("child", "start", "end"), [
    ("mmu", '<mmu type="hardware" format="fmt" base="[0]', "</mmu>"),
    ("init", "<init ", "</init>"),
    ("entry", ENTRY, ENTRY),
])
def test_guest_has_at_most_one(check, child: str, start: str, end: str) -> None:
    again = _span(FULL, start, end)
    doc = replace_once(FULL, "</guest>", f"  {again}\n  </guest>")
    guest = doc.index(GUEST_OPEN)
    first = doc.index(start, guest)
    second = doc.index(start, first + 1)
    assert check(doc) == check.at(
        doc.count("\n", 0, second) + 1,
        f"guest: more than one <{child}> (the first is at line {doc.count(chr(10), 0, first) + 1})",
    )


def test_guest_needs_a_sched(check) -> None:
    doc = replace_once(FULL, SCHED, "")
    assert check(doc) == check.at(
        line_of(doc, GUEST_OPEN), "guest: missing <sched> (at least one required)"
    )


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
