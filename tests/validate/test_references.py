"""IDREFs: every reference names an ID of the document, or one the library
will provide (stage 1's `library_ids`), of the kind the attribute needs."""

from __future__ import annotations

import pytest
from support import line_of

from schism import validate

from .validate_support import FULL, replace_once


def test_unknown_id(check) -> None:
    doc = replace_once(FULL, '<map xref="g_main"', '<map xref="g_mian"')
    assert check(doc) == check.at(
        line_of(doc, "g_mian"), "map xref: 'g_mian' is not the ID of any element"
    )


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


# (element, attribute, original reference in FULL, wrong target, its kind, expected kinds)
KIND_CASES = [
    ("map", "xref", '<map xref="g_main"', "g", "guest", "<memreq> or <device>"),
    ("param", "xref", '<param type="hardware" xref="serial"', "kernel", "file",
     "<memreq> or <device>"),
    ("memreq", "on", 'on="dram"', "serial", "device", "<memory>"),
    ("entry", "bp_xref", 'bp_xref="g_main"', "serial", "device", "<memreq>"),
    ("entry", "ap_xref", 'ap_xref="g_main"', "dram", "memory", "<memreq>"),
    ("init", "arch_page", 'arch_page="g_arch"', "kernel", "file", "<memreq>"),
    ("copy", "dref", 'dref="g_main"', "kernel", "file", "<memreq>"),
    ("copy", "xref", '<copy xref="kernel"', "g_main", "memreq", "<file>"),
    ("cap", "target_xref", 'target_xref="g"', "g_uart", "vdev", "<guest>"),
    ("platform", "board", 'board="b"', "a", "arch", "<board>"),
    ("platform", "arch", 'arch="a"', "b", "board", "<arch>"),
]


@pytest.mark.parametrize(("tag", "attr", "original", "target", "kind", "expected"), KIND_CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in KIND_CASES])
def test_kind_of_target(check, tag, attr, original, target, kind, expected) -> None:
    old_value = original.split(f'{attr}="')[1].rstrip('"')
    wrong = original.replace(f'{attr}="{old_value}"', f'{attr}="{target}"')
    doc = replace_once(FULL, original, wrong)
    target_line = line_of(doc, f'<{kind} id="{target}"')
    assert check(doc) == check.at(
        line_of(doc, wrong),
        f"{tag} {attr}: '{target}' names a <{kind}>, expected {expected}",
        (target_line, f"'{target}' is defined here"),
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
