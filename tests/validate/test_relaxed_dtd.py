"""The DTD step of `validate.check` in two parts (libxml2 with IDs as CDATA,
then ID syntax and uniqueness in Python) decides exactly as the DTD: same
verdict and, on an error, the same message as validating with the DTD alone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from schism import validate, xmlio
from schism.errors import SchismError

from .helpers import FULL

# ID and IDREF values of FULL, and texts to put in their place
IDS = ["dram", "hv_data", "g_arch", "g_main", "serial", "g", "g_uart", "kernel", "fmt"]
TEXTS = st.sampled_from(IDS + ["1x", "a b", " g", "g ", "é", "x:y", "_z", "-q", "g.h", ""])


def _reference(text: str) -> str | None:
    """The outcome with the DTD alone (the check before the two-step one)."""
    tree = xmlio.parse_bytes(text.encode(), "s.xml")
    voc = validate.vocabulary()
    try:
        validate._raise(validate._check_dtd(tree, voc), "s.xml", tree)
        validate._raise(validate._check_tree(tree, voc, frozenset()), "s.xml", tree)
    except SchismError as e:
        return str(e)
    return None


def _checked(text: str) -> str | None:
    tree = xmlio.parse_bytes(text.encode(), "s.xml")
    try:
        validate.check(tree, "s.xml")
    except SchismError as e:
        return str(e)
    return None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(IDS), TEXTS, st.integers(0, 3)), max_size=3))
def test_two_step_dtd_check_decides_as_the_dtd(changes):
    text = FULL
    for old, new, nth in changes:
        quoted = f'"{old}"'
        at = -1
        for _ in range(nth + 1):
            at = text.find(quoted, at + 1)
            if at < 0:
                break
        if at >= 0:
            text = text[:at] + f'"{new}"' + text[at + len(quoted):]
    assert _checked(text) == _reference(text)


def test_relaxed_dtd_exists_and_has_no_ids():
    voc = validate.vocabulary()
    assert voc.relaxed is not None
    assert voc.relaxed.validate(xmlio.parse_bytes(FULL.encode(), "s.xml"))


def test_duplicate_id_is_the_dtds_message():
    text = FULL.replace('id="g_main"', 'id="g_arch"', 1)
    assert _checked(text) == _reference(text) and "duplicate ID 'g_arch'" in _checked(text)
