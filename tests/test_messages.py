"""The one-line form of a message (schism/errors.py `tidy`): control
characters escaped, a long quoted value cut, the rest left as written."""

from __future__ import annotations

from schism.errors import SchismError, tidy


def test_a_long_quoted_value_is_cut() -> None:
    assert tidy(f"guest id: '{'g' * 200}' is bad") == f"guest id: '{'g' * 77}...' is bad"


def test_the_text_between_two_quoted_values_is_no_value() -> None:
    """It was cut when longer than a value may be: the quote closing one
    value and the quote opening the next looked like a value."""
    between = " (0x493e0 bytes at offset 0x10000000) ends at 0x100493e0, past the end of memreq "
    assert len(between) > 80
    text = f"copy offset: the copy of 'linux_kernel'{between}'linux1_main' (0x1000000 bytes)"
    assert tidy(text) == text


def test_control_characters_are_escaped() -> None:
    assert tidy("feature value: 'a\nb\tc' is bad") == "feature value: 'a\\nb\\tc' is bad"


def test_an_error_is_one_line_with_its_location() -> None:
    error = SchismError(f"memreq id: '{'m' * 100}' and 'n'", "s.xml", 3)
    assert str(error) == f"s.xml:3: error: memreq id: '{'m' * 77}...' and 'n'"
