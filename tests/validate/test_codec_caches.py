"""The value codecs' shortcuts (schism/ext/values.py): a result remembered per
text, per-CPU tables read without a regex when written as the stages write
them; neither changes what a text means or how an error is worded."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from schism.ext import values

TEXTS = st.text(alphabet="[]=;0123456789xXaf- \t", max_size=24)
CANONICAL = st.lists(st.tuples(st.integers(0, 9999), st.integers(0, 1 << 64)), min_size=1,
                     max_size=5).map(lambda es: ";".join(f"[{c}]={v:#x}" for c, v in es))


def _outcome(parse, text):
    try:
        result = parse(text)
    except values.ValueSyntaxError as e:
        return "error", str(e)
    if isinstance(result, values.Table):
        return "ok", (result.uniform, list(result.entries.items()))
    return "ok", result


def _uncached_table(text, parse):
    text = text.strip()
    if not text.startswith("["):
        return values.Table(uniform=parse(text))
    return values._parse_entries(text, parse)


@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXTS, CANONICAL), st.sampled_from([values.parse_hex, values.parse_dec]))
def test_table_shortcut_and_cache_change_nothing(text, parse):
    expected = _outcome(lambda t: _uncached_table(t, parse), text)
    assert _outcome(lambda t: values.parse_table(t, parse), text) == expected
    assert _outcome(lambda t: values.parse_table(t, parse), text) == expected  # cached


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS, st.integers(0, 1 << 70).map(hex)))
def test_number_and_list_caches_change_nothing(text):
    for parse, uncached in ((values.parse_hex, values._parse_hex),
                            (values.parse_dec, values._parse_dec),
                            (values.parse_list, values._parse_list)):
        expected = _outcome(uncached, text)
        assert _outcome(parse, text) == expected
        assert _outcome(parse, text) == expected


def test_cached_results_are_the_callers_own():
    first = values.parse_list("[3,1]")
    first.append(7)
    assert values.parse_list("[3,1]") == [3, 1]
    table = values.parse_table("[0]=0x1;[1]=0x2")
    table.set(2, 3)
    assert values.parse_table("[0]=0x1;[1]=0x2").format() == "[0]=0x1;[1]=0x2"
