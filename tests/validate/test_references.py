"""IDREFs: every reference names an ID of the document, or one the library
will provide (stage 1's `library_ids`), of the kind the attribute needs. An
unknown ID and each wrong kind are cases of the bad-input corpus,
tests/errors/expand/ (made from data/full.xml)."""

from __future__ import annotations

from support import line_of

from schism import validate

from .helpers import FULL, replace_once


def test_library_ids_are_not_errors_yet(check) -> None:
    doc = replace_once(FULL, '<map xref="serial" flags="wrgd"/>', '<map xref="irqc" flags="w"/>')
    assert check(doc, library_ids=frozenset({"irqc"})) is None


def test_library_ids_do_not_hide_other_unknown_ids(check) -> None:
    doc = replace_once(FULL, '<map xref="serial" flags="wrgd"/>', '<map xref="irqc" flags="w"/>')
    assert check(doc, library_ids=frozenset({"mbox"})) == check.at(
        line_of(doc, "irqc"), "map xref: 'irqc' is not the ID of any element"
    )


def test_an_id_the_document_defines_is_kind_checked_even_if_the_library_has_it(check) -> None:
    doc = replace_once(FULL, '<map xref="g_main"', '<map xref="g_uart"')
    vdev = line_of(doc, '<vdev id="g_uart"')
    assert check(doc, library_ids=frozenset({"g_uart"})) == check.at(
        line_of(doc, 'xref="g_uart"'),
        "map xref: 'g_uart' names a <vdev>, expected <memreq> or <device>",
        (vdev, "'g_uart' is defined here"),
    )


def test_copy_xref_names_a_file(check) -> None:
    """The reference example copies `<file id="linux_kernel">` (outputs win over
    xml_definition.txt, which says memreq)."""
    assert 'copy xref="kernel"' in FULL and check(FULL) is None


def test_library_ids_skip_the_kind_check(check) -> None:
    doc = replace_once(FULL, 'arch_page="g_arch"', 'arch_page="linux1_arch"')
    assert check(doc, library_ids=frozenset({"linux1_arch"})) is None


def test_every_dtd_idref_has_a_kind_rule() -> None:
    voc = validate.vocabulary()
    idrefs = {
        (tag, name)
        for tag, attributes in voc.attributes.items()
        for name, kind in attributes.items()
        if kind in ("idref", "idrefs")
    }
    ruled = {(tag, name) for tag, rules in validate.REF_KINDS.items() for name in rules}
    assert idrefs == ruled


def test_the_first_bad_reference_by_line(check) -> None:
    doc = replace_once(FULL, 'target_xref="g"', 'target_xref="nobody"')
    doc = replace_once(doc, 'on="dram"', 'on="nowhere"')
    assert check(doc) == check.at(
        line_of(doc, "nowhere"), "memreq on: 'nowhere' is not the ID of any element"
    )


def test_value_problems_come_before_reference_problems(check) -> None:
    doc = replace_once(FULL, 'on="dram"', 'on="nowhere"')
    doc = replace_once(doc, 'bp_offset="0x8000"', 'bp_offset="32k"')
    assert check(doc) == check.at(
        line_of(doc, "32k"), "entry bp_offset: '32k' is not a hexadecimal number"
    )


def test_both_platform_references_on_one_line_board_first(check) -> None:
    doc = replace_once(FULL, '<platform board="b" arch="a">', '<platform board="x" arch="y">')
    assert check(doc) == check.at(2, "platform board: 'x' is not the ID of any element")


def test_all_problems_of_a_scenario_whose_references_the_library_resolves() -> None:
    """`problems` (schism check) on a stage-1 scenario: libxml2's DTD check
    fails on references to the library's IDs alone, which the reference rule
    accepts; the value rules must still run (they were skipped)."""
    from pathlib import Path

    from lxml import etree

    from schism import validate

    text = (Path(__file__).parents[1] / "golden" / "rpi3" / "scenario.xml").read_text()
    doc = replace_once(text, 'size="0x40000"', 'size="0xg"')
    tree = etree.ElementTree(etree.fromstring(doc.encode()))
    library = frozenset({"raspberrypi3", "arm64", "serial", "irqc", "mbox"})
    line = line_of(doc, "0xg")
    assert [str(e) for e in validate.problems(tree, "s.xml", library)] == [
        f"s.xml:{line}: error: memreq size: '0xg' is not a hexadecimal number"]
