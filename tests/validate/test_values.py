"""Value syntax of HEX, DEC, LIST, TABLE(HEX), TABLE(DEC), flag and CHAR
attributes (xml_definition.txt), checked with schism.ext.values."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import line_of

from schism import validate, xmlio
from schism.errors import SchismError
from schism.ext import values
from schism.ext.values import ValueSyntaxError

from .helpers import FULL, replace_once

# One wrong text per syntax.
BAD = {
    values.parse_hex: "0xg1",
    values.parse_dec: "1.5",
    values.parse_list: "[0;1]",
    validate._table_hex: "[0]=0x1;",
    validate._table_dec: "[0]=one",
    values.check_flags: "rwz",
    validate._flag_name: "rw",
    # ranges: a number the stages would choke on is rejected where it is read
    validate._CPUS: "0",
    validate._SHIFT: "64",
    validate._WIDTH: "65",
    validate._ENTRIES: "33",
    validate._BPE: "-8",
}

RULES = [(tag, attr) for tag, rules in validate.VALUE_RULES.items() for attr in rules]


def _with_value(tag: str, attr: str, text: str) -> tuple[str, int]:
    """FULL with the first `<tag ... attr="...">` set to `text`, and its line."""
    m = re.search(rf'<{tag}\b[^>]*?\b{attr}="([^"]*)"', FULL)
    assert m, (tag, attr)
    start, end = m.span(1)
    return FULL[:start] + text + FULL[end:], line_of(FULL, m.group(0))


def _codec_message(parse, text: str) -> str:
    with pytest.raises(ValueSyntaxError) as e:
        parse(text)
    return str(e.value)


@pytest.mark.parametrize(("tag", "attr"), RULES, ids=[f"{t}-{a}" for t, a in RULES])
def test_every_value_rule(check, tag: str, attr: str) -> None:
    parse = validate.VALUE_RULES[tag][attr]
    doc, line = _with_value(tag, attr, BAD[parse])
    assert check(doc) == check.at(line, f"{tag} {attr}: {_codec_message(parse, BAD[parse])}")


# One spelled-out example per syntax (the messages docs/validation.md shows).


def test_hex(check) -> None:
    doc = replace_once(FULL, 'size="0x100000"', 'size="1M"')
    assert check(doc) == check.at(line_of(doc, 'size="1M"'),
                                  "memreq size: '1M' is not a hexadecimal number")


def test_dec(check) -> None:
    doc = replace_once(FULL, '<hypervisor ncpus="2"', '<hypervisor ncpus="0x2"')
    assert check(doc) == check.at(line_of(doc, "<hypervisor"),
                                  "hypervisor ncpus: '0x2' is not a decimal number")


def test_list(check) -> None:
    doc = replace_once(FULL, '<guest id="g" ncpus="1" cpumap="[1]"',
                       '<guest id="g" ncpus="1" cpumap="1,2"')
    assert check(doc) == check.at(
        line_of(doc, "<guest"), "guest cpumap: '1,2' is not a CPU list ('*' or '[a,b,...]')"
    )


def test_table_hex(check) -> None:
    doc = replace_once(FULL, 'base="[0]=0x100000;[1]=0x101000"', 'base="[0]=0x100000,[1]=0x101000"')
    assert check(doc) == check.at(
        line_of(doc, "[0]=0x100000,"),
        "memreq base: '[0]=0x100000,[1]=0x101000' is not a per-CPU table ('[i]=0xV;[j]=0xW');"
        " bad entry '[0]=0x100000,[1]=0x101000' ('0x100000,[1]=0x101000' is not a hexadecimal"
        " number)",
    )


def test_table_hex_entry(check) -> None:
    doc = replace_once(FULL, 'base="[0]=0x100000;[1]=0x101000"', 'base="[0]=0x100000;1=0x101000"')
    assert check(doc) == check.at(
        line_of(doc, ";1=0x"),
        "memreq base: '[0]=0x100000;1=0x101000' is not a per-CPU table ('[i]=0xV;[j]=0xW');"
        " bad entry '1=0x101000'",
    )


def test_table_hex_entry_value(check) -> None:
    doc = replace_once(FULL, 'base="[-1]=0x9000;[0]=0xa000"', 'base="[-1]=0x9000;[0]=a000h"')
    assert check(doc) == check.at(
        line_of(doc, "a000h"),
        "mmu base: '[-1]=0x9000;[0]=a000h' is not a per-CPU table ('[i]=0xV;[j]=0xW'); bad entry"
        " '[0]=a000h' ('a000h' is not a hexadecimal number)")


def test_table_dec(check) -> None:
    doc = replace_once(FULL, 'index="[0]=1;[1]=2"', 'index="[0]=1;[1]=0x2"')
    assert check(doc) == check.at(
        line_of(doc, "index="),
        "map index: '[0]=1;[1]=0x2' is not a per-CPU table ('[i]=0xV;[j]=0xW'); bad entry"
        " '[1]=0x2' ('0x2' is not a decimal number)")


def test_flags(check) -> None:
    doc = replace_once(FULL, 'flags="rwx"', 'flags="rwe"')
    assert check(doc) == check.at(
        line_of(doc, 'flags="rwe"'),
        "map flags: 'rwe' has unknown flag letter(s) 'e' (allowed: rwxgdus)",
    )


def test_flags_demand_and_prevent(check) -> None:
    doc = replace_once(FULL, 'flags_prevent="xdus" on="dram"/>\n        <memreq id="g_arch"',
                       'flags_prevent="XDUS" on="dram"/>\n        <memreq id="g_arch"')
    assert check(doc) == check.at(
        line_of(doc, "XDUS"),
        "memreq flags_prevent: 'XDUS' has unknown flag letter(s) 'DSUX' (allowed: rwxgdus)",
    )


def test_empty_flags_are_valid(check) -> None:
    """pagetables has flags_demand="" in the reference outputs."""
    doc = replace_once(FULL, 'flags_demand="rw" flags_prevent="xdus" on="dram"',
                       'flags_demand="" flags_prevent="rwxgdus" on="dram"')
    assert check(doc) is None


def test_flag_name_is_one_letter(check) -> None:
    doc = replace_once(FULL, '<flag name="r"', '<flag name="rw"')
    assert check(doc) == check.at(line_of(doc, "<flag"),
                                  "flag name: 'rw' is not a single flag letter (rwxgdus)")


def test_accepted_spellings(check) -> None:
    """What the original's inputs use: no 0x prefix, padded HEX, `*`, index -1."""
    doc = replace_once(FULL, 'load_base="0x0"', 'load_base="00000000"')
    doc = replace_once(doc, 'cpumap="[0,1]"', 'cpumap="[ 0, 1 ]"')
    doc = replace_once(doc, 'ncpus="1" cpumap="[1]"', 'ncpus="1" cpumap="*"')
    assert check(doc) is None


def test_same_wrong_value_reported_at_its_first_use(check) -> None:
    doc = FULL.replace('size="0x1000"', 'size="4k"')
    assert check(doc) == check.at(line_of(doc, 'size="4k"'),
                                  "device size: '4k' is not a hexadecimal number")


# Properties: the validator accepts a value exactly when the codec does.

TEXT = st.text(alphabet="0123456789abcdefgxX[]=;,*- rwxgdusz", max_size=10)


def _accepts(doc: str) -> bool:
    try:
        validate.check(xmlio.parse_bytes(doc.encode(), "p.xml"), "p.xml")
    except SchismError:
        return False
    return True


def _codec_accepts(parse, text: str) -> bool:
    try:
        parse(text)
    except ValueSyntaxError:
        return False
    return True


@settings(max_examples=60, deadline=None)
@given(text=TEXT, rule=st.sampled_from([
    # (ncpus, cpumaps and memreq sizes are left out: the CPU and address rules
    # tie them to other values of FULL)
    ("memory", "size"), ("memreq", "align_shift"), ("memreq", "base"),
    ("map", "index"), ("map", "flags"), ("memreq", "flags_demand"),
]))
def test_validator_agrees_with_codec(text: str, rule: tuple[str, str]) -> None:
    tag, attr = rule
    doc, _ = _with_value(tag, attr, text)
    assert _accepts(doc) == _codec_accepts(validate.VALUE_RULES[tag][attr], text)


@settings(max_examples=40, deadline=None)
@given(base=st.integers(min_value=0, max_value=2**64 - 1),
       cpus=st.lists(st.integers(min_value=-1, max_value=63), min_size=1, max_size=4))
def test_written_values_validate(base: int, cpus: list[int]) -> None:
    """Whatever a stage writes with the codec's formatters reads back as valid."""
    table = values.Table()
    for cpu in cpus:
        table.set(cpu, base)
    doc, _ = _with_value("memory", "size", values.format_hex(base))
    doc = replace_once(doc, 'base="[0]=0x100000;[1]=0x101000"', f'base="{table.format()}"')
    # A cpumap names CPUs of the hypervisor (ncpus="2" here), never -1.
    hosts = [cpu % 2 for cpu in cpus if cpu >= 0] or [0]
    doc = replace_once(doc, 'cpumap="[0,1]"', f'cpumap="{values.format_list(hosts)}"')
    assert _accepts(doc)


def test_hypervisor_exec_base_is_hex(check) -> None:
    """exec_base (the VA the hypervisor ELF is linked at) is optional HEX."""
    assert check(replace_once(FULL, ' exec_base="0x8000000000"', "")) is None
    doc = replace_once(FULL, 'exec_base="0x8000000000"', 'exec_base="0xf4g"')
    assert check(doc) == check.at(line_of(doc, "exec_base"),
                                  "hypervisor exec_base: '0xf4g' is not a hexadecimal number")


# --- ranges: numbers are checked where they are read (issue 10) -------------------


@pytest.mark.parametrize("text, message", [
    ("0x10000000000000000", "'0x10000000000000000' does not fit in 64 bits"),
    ("1" * 5000, "does not fit in 64 bits"),
])
def test_hex_beyond_64_bits(text: str, message: str) -> None:
    assert message in _codec_message(values.parse_hex, text)
    assert values.parse_hex("0x0000000000000000000ffffffffffffffff") == 2**64 - 1


def test_dec_beyond_64_bits_is_cut_short() -> None:
    """int() of 5000 digits raises ValueError in Python 3.11: never reached."""
    assert "does not fit in 64 bits" in _codec_message(values.parse_dec, "9" * 5000)
    assert len(_codec_message(values.parse_dec, "9" * 5000)) < 120  # one short line


@pytest.mark.parametrize("text, message", [
    ("[-1]", "'[-1]' names CPU -1, not a CPU number (0 to 4095)"),
    ("[100000]", "'[100000]' names CPU 100000, not a CPU number (0 to 4095)"),
])
def test_cpu_lists_name_cpu_numbers(text: str, message: str) -> None:
    assert _codec_message(values.parse_list, text) == message
    assert values.parse_list("[ 00 , 3 ]") == [0, 3]
