"""DTD problems, reworded as `ELEMENT ATTRIBUTE: what` and located (one line)."""

from __future__ import annotations

from support import line_of

from .validate_support import FULL, replace_once

FEATURE = '<feature name="debugger" value="yes"/>'


def test_full_fixture_is_valid(check) -> None:
    assert check(FULL) is None


def test_unknown_element(check) -> None:
    doc = replace_once(FULL, FEATURE, FEATURE + "<bogus/>")
    assert check(doc) == check.at(line_of(doc, "<bogus"), "bogus: unknown element")


def test_unknown_attribute(check) -> None:
    doc = replace_once(FULL, FEATURE, '<feature name="debugger" value="yes" colour="red"/>')
    assert check(doc) == check.at(
        line_of(doc, "colour"), "feature colour: unknown attribute (<feature> has: name, value)"
    )


def test_missing_required_attribute(check) -> None:
    doc = replace_once(FULL, FEATURE, '<feature name="debugger"/>')
    assert check(doc) == check.at(
        line_of(doc, '<feature name="debugger"/>'), "feature value: required attribute is missing"
    )


def test_element_not_allowed_here(check) -> None:
    doc = replace_once(FULL, FEATURE, FEATURE + '<sched class="wfq"/>')
    assert check(doc) == check.at(
        line_of(doc, FEATURE),
        "sched: not allowed inside <hypervisor> (allowed there: feature, memreq, mmu)",
    )


def test_misplaced_child_is_located_at_the_child(check) -> None:
    line = f"    {FEATURE}\n"
    doc = replace_once(FULL, line, line + '    <guest id="x" ncpus="1"/>\n')
    assert check(doc) == check.at(
        line_of(doc, '<guest id="x"'),
        "guest: not allowed inside <hypervisor> (allowed there: feature, memreq, mmu)",
    )


def test_duplicate_id(check) -> None:
    doc = replace_once(FULL, '<vdev id="g_uart"', '<vdev id="g_main"')
    first = line_of(doc, 'id="g_main"')
    assert check(doc) == check.at(
        line_of(doc, '<vdev id="g_main"'),
        f"vdev id: duplicate ID 'g_main' (first defined at line {first})",
    )


def test_id_syntax(check) -> None:
    doc = replace_once(FULL, '<vdev id="g_uart"', '<vdev id="1 uart"')
    assert check(doc) == check.at(
        line_of(doc, "<vdev"),
        "vdev id: '1 uart' is not a valid ID (an XML name: a letter or '_' first, no spaces)",
    )


def test_idref_syntax(check) -> None:
    doc = replace_once(FULL, '<map xref="g_main"', '<map xref="g main"')
    assert check(doc) == check.at(
        line_of(doc, 'xref="g main"'),
        "map xref: 'g main' is not a valid ID reference"
        " (one XML name: a letter or '_' first, no spaces)",
    )


def test_text_content(check) -> None:
    doc = replace_once(FULL, "<files>", "<files>kernel")
    assert check(doc) == check.at(line_of(doc, "<files>"), "files: text content is not allowed")


def test_required_child_of_a_plus_model(check) -> None:
    start, end = FULL.index("<files>"), FULL.index("</files>") + len("</files>")
    doc = FULL[:start] + "<files/>" + FULL[end:]
    assert check(doc) == check.at(line_of(doc, "<files/>"), "files: needs at least one <file>")


def test_empty_element_with_content(check) -> None:
    doc = replace_once(FULL, '<irq vector="0x1b" handler="timer"/>',
                       '<irq vector="0x1b" handler="timer">now</irq>')
    assert check(doc) == check.at(line_of(doc, "<irq"), "irq: must be empty (has content)")


def test_root_element(check) -> None:
    doc = '<board id="b">\n  <device id="d" base="0x0" size="0x1000"/>\n</board>\n'
    assert check(doc) == check.at(1, "board: the document element must be <scenario>")


def test_unknown_root_element(check) -> None:
    assert check("<scenery/>\n") == check.at(1, "scenery: unknown element")


def test_only_the_first_problem_is_reported(check) -> None:
    doc = replace_once(FULL, '<irq vector="0x1b" handler="timer"/>', "<later/>")
    doc = replace_once(doc, '<feature name="debugger" value="yes"/>',
                       '<feature name="debugger" value="yes" colour="red"/>')
    message = check(doc)
    assert message == check.at(
        line_of(doc, "colour"), "feature colour: unknown attribute (<feature> has: name, value)"
    )
    assert "\n" not in message


def test_the_first_by_line_even_when_libxml2_reports_the_parent_first(check) -> None:
    """libxml2 reports a bad child at its parent, before the parent's other
    children's problems; the message goes to the child's own line."""
    doc = replace_once(FULL, '<irq vector="0x1b" handler="timer"/>', "<later/>")
    doc = replace_once(doc, '<cap type="ipc"', '<cap colour="red" type="ipc"')
    assert check(doc) == check.at(line_of(doc, "<later/>"), "later: unknown element")


def test_dtd_problems_come_before_value_problems(check) -> None:
    doc = replace_once(FULL, 'ncpus="2"', 'ncpus="two"')
    doc = replace_once(doc, "<irq ", "<irq colour='red' ")
    assert check(doc) == check.at(
        line_of(doc, "colour"), "irq colour: unknown attribute (<irq> has: handler, vector)"
    )
