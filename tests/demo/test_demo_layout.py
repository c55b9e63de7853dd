"""Property tests of the configuration layout arithmetic and encodings."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from schism.cbi.demo import layout
from schism.cbi.demo.generator import _c_string

u64 = st.integers(0, 2**64 - 1)
u32 = st.integers(0, 2**32 - 1)
flags = st.text(alphabet=layout.FLAG_LETTERS, max_size=7)
names = st.text(max_size=40)

memareas = st.builds(layout.Memarea, names, u64, u64, u64, flags)
files = st.builds(layout.File, names, u64, u64, u64, u32)
configs = st.builds(layout.Config, u64, u64, u64, u64, st.lists(u64, min_size=1, max_size=8),
                    st.lists(memareas, max_size=40), st.lists(files, max_size=8))


@given(configs)
def test_offsets_and_pack_agree(cfg: layout.Config):
    data = cfg.pack()
    tables, areas, files_at, total = cfg.offsets()
    assert len(data) == total == cfg.header()["size"]
    assert tables == layout.HEADER.size
    assert areas - tables == 8 * len(cfg.cpu_tables)
    assert files_at - areas == layout.MEMAREA.size * len(cfg.memareas)
    assert all(x % 8 == 0 for x in (tables, areas, files_at, total))  # natural alignment


@given(configs)
def test_unpack_inverts_pack(cfg: layout.Config):
    header, tables, areas, files = layout.unpack(cfg.pack())
    assert header == cfg.header()
    assert tables == cfg.cpu_tables
    assert [(a[0], a[1], a[2], layout.flag_letters(a[3]), a[5]) for a in areas] == [
        (m.pa, m.va, m.size, "".join(c for c in layout.FLAG_LETTERS if c in m.flags),
         layout.name_bytes(m.name)) for m in cfg.memareas]
    assert [(f[0], f[1], f[2], f[3]) for f in files] == \
        [(f.va, f.offset, f.size, f.crc32) for f in cfg.files]


@given(names)
def test_names_fit_and_end_with_nul(name: str):
    stored = layout.name_bytes(name)
    assert len(stored) == layout.NAME_BYTES and stored[-1] == 0
    assert name.encode()[: layout.NAME_BYTES - 1] == stored.rstrip(b"\0") or "\0" in name


def _c_literal_bytes(literal: str) -> bytes:
    """Decode the subset of C string syntax _c_string writes."""
    assert literal[0] == literal[-1] == '"'
    body = literal[1:-1]
    assert re.fullmatch(r'(?:[A-Za-z0-9_.:-]|\\[0-7]{3})*', body), body
    return re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m[1], 8)]), body.encode())


@given(names)
def test_c_string_holds_the_stored_name(name: str):
    assert _c_literal_bytes(_c_string(name)) == layout.name_bytes(name).rstrip(b"\0")


@given(flags)
def test_flag_bits_round_trip(letters: str):
    assert layout.flag_letters(layout.flag_bits(letters)) == \
        "".join(c for c in layout.FLAG_LETTERS if c in letters)
