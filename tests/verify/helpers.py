"""Build directories for the verify tests: golden tables copied as they are,
single descriptors corrupted in place, or a golden stage-7 input edited and
run through stage 7 (so the tables are consistent and only a rule fails)."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

from support.fixtures import GOLDEN

from schism import ptdump
from schism.cli import main

_STRUCT = {4: "<I", 8: "<Q"}


def copy_case(case: str, dest: Path) -> Path:
    for name in ("scenario_pagetables.xml", "pagetables"):
        shutil.copyfile(GOLDEN / case / "expected" / name, dest / name)
    return dest


def rebuild(case: str, dest: Path, *edits: tuple[str, str]) -> Path:
    """The case's stage-7 input with text replacements, through stage 7."""
    text = (GOLDEN / case / "scenario_v_laidout.xml").read_text()
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    (dest / "scenario_v_laidout.xml").write_text(text)
    assert main(["pagetables", str(dest)]) == 0
    return dest


class Entry:
    """One leaf descriptor of a table, found by translating a VA."""

    def __init__(self, build: Path, table: str, va: int):
        self.build = build
        dump = ptdump.load(build)
        _, levels, top = dump.tables[table]
        leaf = ptdump.translate(dump.image, levels, top, va)
        assert leaf is not None, (table, hex(va))
        self.level = levels[leaf.level]
        self.value = leaf.entry
        self.va = va & ~((1 << self.level.shift) - 1)  # first VA of the entry
        self.pa = leaf.pa & ~((1 << self.level.shift) - 1)
        self.size = 1 << self.level.shift
        self.offset = leaf.where - dump.image.base
        self.index = (va >> self.level.shift) & ((1 << self.level.width) - 1)

    def read(self, offset: int) -> int:
        data = (self.build / "pagetables").read_bytes()
        return struct.unpack_from(_STRUCT[self.level.bpe], data, offset)[0]

    def write(self, value: int, offset: int | None = None) -> None:
        path = self.build / "pagetables"
        data = bytearray(path.read_bytes())
        struct.pack_into(_STRUCT[self.level.bpe], data,
                         self.offset if offset is None else offset, value)
        path.write_bytes(bytes(data))

    def free_slot(self) -> tuple[int, int]:
        """(file offset, first VA) of an empty entry in the same table."""
        start = self.offset - self.index * self.level.bpe
        for j in range(1 << self.level.width):
            off = start + j * self.level.bpe
            if self.read(off) == 0:
                return off, self.va + ((j - self.index) << self.level.shift)
        raise AssertionError("table is full")
