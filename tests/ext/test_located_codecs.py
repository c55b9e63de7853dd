"""The codecs every located attribute read goes through (`values.attribute`):
one value for every CPU (`one_value`), tables shared by text (`shared_table`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from schism.errors import SchismError
from schism.ext import values


def _el(**attrs: str) -> etree._Element:
    return etree.SubElement(etree.Element("doc"), "memreq", **attrs)


ONE = values.one_value("'x' needs one base, not per-CPU '{}'")


def test_one_value_reads_a_uniform_table():
    assert values.attribute(_el(base="0x1000"), "base", ONE) == 0x1000


def test_one_value_rejects_per_cpu_entries_with_the_callers_words():
    with pytest.raises(SchismError) as e:
        values.attribute(_el(base="[0]=0x1000;[1]=0x2000"), "base", ONE)
    assert e.value.message == ("memreq base: 'x' needs one base, not per-CPU "
                               "'[0]=0x1000;[1]=0x2000'")


def test_one_value_reports_bad_syntax_as_any_table():
    with pytest.raises(SchismError) as e:
        values.attribute(_el(base="0xzz"), "base", ONE)
    assert e.value.message == "memreq base: '0xzz' is not a hexadecimal number"


def test_missing_with_the_callers_words_or_a_default():
    with pytest.raises(SchismError) as e:
        values.attribute(_el(), "base", ONE, missing="has none")
    assert e.value.message == "memreq base: has none"
    assert values.attribute(_el(), "base", ONE, None) is None


def test_shared_table_is_one_object_per_text():
    a = values.attribute(_el(base="[0]=0x1;[2]=0x3"), "base", values.shared_table)
    b = values.attribute(_el(base="[0]=0x1;[2]=0x3"), "base", values.shared_table)
    assert a is b and list(a) == [(0, 1), (2, 3)]


def test_a_shared_text_read_again_is_a_table_of_its_own():
    """`parse_table` takes a text `shared_table` read from there (the
    validator reads what a stage read), as a copy its caller may change."""
    shared = values.shared_table("[0]=0x1;[2]=0x3")
    table = values.parse_table("[0]=0x1;[2]=0x3")
    assert table == shared and table is not shared
    table.set(1, 2)
    assert list(shared) == [(0, 1), (2, 3)]


# HEX TABLE texts near the one-entry form `[i]=0xV`: too many digits, other
# CPUs (signed, not ASCII), spaces, a uniform value, more entries, noise.
TABLE_TEXTS = st.one_of(
    st.from_regex(r"\[[0-9]{1,6}\]=0[xX][0-9a-fA-F]{0,18}", fullmatch=True),
    st.from_regex(r"\s?(\[-?[0-9٣]{1,3}\]=)?0x[0-9a-fA-F]{1,4}(;\[[0-9]\]=0x[0-9a-f]{1,3})*\s?",
                  fullmatch=True),
    st.text("[]=0x123abcdefX;- ", max_size=16))


@given(text=TABLE_TEXTS)
def test_one_entry_tables_read_as_the_general_reader_reads_them(text):
    """`parse_table` reads `[i]=0xV` without the general reader
    (`values._one_entry`): the same table as the full syntax gives, or the
    same error; `shared_table` the same again."""
    def read(parse):
        try:
            table = parse(text)
        except values.ValueSyntaxError as e:
            return str(e)
        return table.uniform, list(table.entries.items())

    def general(text: str) -> values.Table:
        text = text.strip()
        if not text.startswith("["):
            return values.Table(uniform=values.parse_hex(text))
        return values._parse_entries(text, values.parse_hex)

    assert read(values.parse_table) == read(general)
    assert read(values.shared_table) == read(general)
    assert read(values.parse_table) == read(general)  # now from the shared one


@given(text=TABLE_TEXTS)
def test_largest_in_table_is_the_largest_value_the_table_reader_reads(text):
    """`largest_in_table` (the validator's address rules) reads a one-entry
    text directly: the largest value `parse_table` gives, or its error."""
    def largest(text: str) -> int | str:
        try:
            table = values.parse_table(text)
        except values.ValueSyntaxError as e:
            return str(e)
        return table.uniform if table.uniform is not None else max(
            table.entries.values(), default=0)

    try:
        found: int | str = values.largest_in_table(text)
    except values.ValueSyntaxError as e:
        found = str(e)
    assert found == largest(text)
