"""The one-line form of a message (schism/errors.py `tidy`): control
characters escaped, a long quoted value cut, the rest left as written."""

from __future__ import annotations

from schism.errors import SchismError, listing, tidy


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


def test_a_huge_unquoted_word_is_cut() -> None:
    """A value written without quotes (bench/fuzz.py seed 9191 run 1078: a
    paging_format ID of 100,000 characters in a list of the known ones)."""
    assert tidy(f"(known: a, {'A' * 100_000})") == f"(known: a, {'A' * 77}..."
    path = "/" + "d" * 900 + "/scenario.xml"
    assert tidy(f"cannot read {path}") == f"cannot read {path}"


def test_a_listing_of_names_from_the_input() -> None:
    assert listing([]) == "none"
    assert listing(["a", "b" * 100]) == f"a, {'b' * 77}..."
    assert listing(f"g{i}" for i in range(14)) == (
        "g0, g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, g11, ... (2 more)")
