"""DTD problems, reworded as `ELEMENT ATTRIBUTE: what` and located (one line):
which one is reported first. One problem each is a case of the bad-input
corpus, tests/errors/expand/ (made from data/full.xml)."""

from __future__ import annotations

from support import line_of

from .helpers import FULL, replace_once


def test_full_fixture_is_valid(check) -> None:
    assert check(FULL) is None


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


def test_an_element_in_a_namespace_is_named_as_written_with_its_namespace(check) -> None:
    """lxml names it `{urn:x}sched`, which no message should show; and it is
    no `<sched>`, which the namespace says."""
    doc = replace_once(FULL, '<sched class="wfq"', '<x:sched xmlns:x="urn:x" class="wfq"')
    doc = replace_once(doc, 'cpumap="[1]"/>', 'cpumap="[1]"></x:sched>')
    assert check(doc) == check.at(
        line_of(doc, "<x:sched"),
        "sched: unknown element (in namespace 'urn:x': schism's elements are in none)")


def test_an_attribute_in_a_namespace_is_named_as_written(check) -> None:
    """libxml2 names `x:class` and `xml:lang` by their local names, `class`
    and `lang`; `class` is one <sched> has."""
    doc = replace_once(FULL, '<sched class="wfq"', '<sched xml:lang="en" class="wfq"')
    assert check(doc) == check.at(
        line_of(doc, "xml:lang"),
        "sched xml:lang: unknown attribute (<sched> has: budget, class, cpumap, period, share)")
    doc = replace_once(FULL, '<sched class="wfq"',
                       '<sched xmlns:x="urn:x" x:class="wfq" class="wfq"')
    assert check(doc) == check.at(
        line_of(doc, "x:class"),
        "sched x:class: unknown attribute (<sched> has: budget, class, cpumap, period, share)")
