"""Attribute value codecs: the one place that reads and writes HEX, DEC, LIST,
TABLE and flag strings (docs/values.md V1-V6), plus alignment.

Every stage and the validator use these, so a value is parsed the same way
everywhere and written back in the canonical form the original tools wrote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from schism import errors

FLAG_LETTERS = "rwxgdus"
# The most CPUs a hypervisor or guest may have: far above any board schism
# knows, low enough that per-CPU copies and tables stay finite.
MAX_CPUS = 4096
ALL_CPUS = "*"
PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT

_DEC_RE = re.compile(r"-?[0-9]+")
_LIST_RE = re.compile(r"\[\s*(-?[0-9]+(?:\s*,\s*-?[0-9]+)*)?\s*\]")
_TABLE_ENTRY_RE = re.compile(r"\[\s*(-?[0-9]+)\s*\]\s*=\s*(\S+)")


class ValueSyntaxError(ValueError):
    """A value that does not follow its attribute's syntax; the message says how."""


REQUIRED = object()


def attribute(element, name: str, parse, default=REQUIRED, missing: str = "missing"):
    """`element/@name` read with a codec of this module. A bad value, or a
    missing one without `default`, is the located error
    `FILE:LINE: error: <element> <name>: ...` (`missing` words the latter)."""
    text = element.get(name)
    if text is None:
        if default is REQUIRED:
            raise errors.at(element, f"{element.tag} {name}: {missing}")
        return default
    try:
        return parse(text)
    except ValueSyntaxError as e:
        raise errors.at(element, f"{element.tag} {name}: {e}") from None


def parsed(element, name: str, text: str | None, parse, default=None):
    """`attribute(element, name, parse, default)` for the `text` read from
    `element` earlier, while it was at hand (readers that take several
    attributes of an element at once); a bad value is read again through
    `attribute`, which words the error."""
    if text is None:
        return default
    try:
        return parse(text)
    except ValueSyntaxError:
        return attribute(element, name, parse, default)  # raises


# --- HEX / DEC -------------------------------------------------------------


_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


# Every number schism reads is an address, a size or a count of a 32- or
# 64-bit machine: a value beyond 64 bits is an error where it is read, before
# any arithmetic sees it.
MAX_BITS = 64


# Values parsed once per distinct text: a scenario repeats its sizes, flags,
# counts and cpumaps thousands of times. Only results that cannot be changed
# by the caller are kept (ints; lists and tables are rebuilt from a tuple);
# errors are not kept. A cache that grows past _CACHE_LIMIT starts over.
_CACHE_LIMIT = 1 << 18
_list_seen: dict[str, tuple[int, ...] | str] = {}


def _memoized(parse: Callable[[str], int]) -> Callable[[str], int]:
    """`parse`, kept once per distinct text (an int result, never an error)."""
    seen: dict[str, int] = {}

    def cached(text: str) -> int:
        value = seen.get(text)
        if value is None:
            value = parse(text)
            if len(seen) >= _CACHE_LIMIT:
                seen.clear()
            seen[text] = value
        return value

    cached.__doc__ = parse.__doc__
    return cached


def _parse_hex(text: str) -> int:
    # Set membership instead of a regex: stages parse tens of thousands.
    digits = text.strip()
    if digits[:2] in ("0x", "0X"):
        digits = digits[2:]
    if not digits or not _HEX_DIGITS.issuperset(digits):
        raise ValueSyntaxError(f"'{text}' is not a hexadecimal number")
    if len(digits) > MAX_BITS // 4 and len(digits.lstrip("0")) > MAX_BITS // 4:
        raise ValueSyntaxError(f"'{_short(text)}' does not fit in {MAX_BITS} bits")
    return int(digits, 16)


parse_hex = _memoized(_parse_hex)


def _short(text: str) -> str:
    """A value as quoted in a message: long ones cut (a message stays one line)."""
    return text if len(text) <= 40 else text[:37] + "..."


def format_hex(value: int) -> str:
    if value < 0:
        raise ValueError(f"negative value {value} cannot be written as HEX")
    return hex(value)  # "0x" and lower-case digits, as f"0x{value:x}"


def _parse_dec(text: str) -> int:
    if not _DEC_RE.fullmatch(text.strip()):
        raise ValueSyntaxError(f"'{_short(text)}' is not a decimal number")
    if len(text.strip().lstrip("-").lstrip("0")) > 19:
        raise ValueSyntaxError(f"'{_short(text)}' does not fit in {MAX_BITS} bits")
    return int(text)


parse_dec = _memoized(_parse_dec)


def dec_in(low: int, high: int):
    """A DEC codec that also insists on `low <= value <= high`."""
    def parse(text: str) -> int:
        value = parse_dec(text)
        if not low <= value <= high:
            raise ValueSyntaxError(f"{value} is out of range ({low} to {high})")
        return value

    return parse


# --- LIST (cpumap) -----------------------------------------------------------


def parse_list(text: str) -> list[int] | str:
    """`*` stays `*` (every CPU; callers expand it with `expand_list`)."""
    value = _list_seen.get(text)
    if value is None:
        value = _parse_list(text)
        value = value if value == ALL_CPUS else tuple(value)
        if len(_list_seen) >= _CACHE_LIMIT:
            _list_seen.clear()
        _list_seen[text] = value
    return value if value == ALL_CPUS else list(value)


def _parse_list(text: str) -> list[int] | str:
    text = text.strip()
    if text == ALL_CPUS:
        return ALL_CPUS
    m = _LIST_RE.fullmatch(text)
    if not m:
        raise ValueSyntaxError(f"'{_short(text)}' is not a CPU list ('*' or '[a,b,...]')")
    if m.group(1) is None:
        return []
    cpus = [parse_dec(x) for x in m.group(1).split(",")]
    for cpu in cpus:
        if not 0 <= cpu < MAX_CPUS:
            raise ValueSyntaxError(f"'{_short(text)}' names CPU {cpu}, not a CPU number "
                                   f"(0 to {MAX_CPUS - 1})")
    return cpus


def expand_list(value: list[int] | str, ncpus: int) -> list[int]:
    return list(range(ncpus)) if value == ALL_CPUS else list(value)


def format_list(values: Iterable[int]) -> str:
    return "[" + ",".join(str(v) for v in values) + "]"


# --- TABLE (per-CPU values) --------------------------------------------------


class Table:
    """A TABLE attribute: one value for every CPU, or `[i]=v` entries in
    insertion order (the order the original wrote them)."""

    __slots__ = ("uniform", "entries")

    def __init__(self, uniform: int | None = None, entries: dict[int, int] | None = None):
        self.uniform = uniform
        self.entries: dict[int, int] = dict(entries or {})

    @classmethod
    def _owning(cls, uniform: int | None, entries: dict[int, int]) -> Table:
        """A Table that takes `entries` as they are (the constructor copies
        them): for the readers here, which make a table per element."""
        table = cls.__new__(cls)
        table.uniform = uniform
        table.entries = entries
        return table

    @property
    def is_per_cpu(self) -> bool:
        return self.uniform is None

    def get(self, cpu: int) -> int | None:
        """The value for `cpu`: the uniform value, or that CPU's entry, or None."""
        if self.uniform is not None:
            return self.uniform
        return self.entries.get(cpu)

    def set(self, cpu: int, value: int) -> None:
        self.uniform = None
        self.entries[cpu] = value

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self.entries.items())

    def __bool__(self) -> bool:
        return self.uniform is not None or bool(self.entries)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Table)
            and self.uniform == other.uniform
            and list(self.entries.items()) == list(other.entries.items())
        )

    def __repr__(self) -> str:
        return f"Table({self.format()!r})"

    def format(self, fmt=format_hex) -> str:
        if self.uniform is not None:
            return fmt(self.uniform)
        return ";".join(f"[{cpu}]={fmt(v)}" for cpu, v in self.entries.items())


_table_seen: dict[tuple[str, object], tuple[tuple[int, int], ...]] = {}


def parse_table(text: str, parse=parse_hex) -> Table:
    if parse is parse_hex:
        shared = _shared_tables.get(text)
        if shared is not None:  # read already (the validator reads what a stage read)
            return Table._owning(shared.uniform, dict(shared.entries))
    text = text.strip()
    if not text.startswith("["):
        return Table(uniform=parse(text))
    if parse is parse_hex:
        table = _one_entry(text)
        if table is not None:
            return table  # not kept: such a text is mostly one element's own
    key = (text, parse)
    entries = _table_seen.get(key)
    if entries is None:
        found = _canonical_entries(text, parse)
        if found is None:  # not as schism writes it: the full syntax, and its messages
            found = _parse_entries(text, parse).entries
        entries = tuple(found.items())
        if len(_table_seen) >= _CACHE_LIMIT:
            _table_seen.clear()
        _table_seen[key] = entries
    return Table._owning(None, dict(entries))


def _canonical_entries(text: str, parse) -> dict[int, int] | None:
    """`[i]=V;[j]=W` as the stages write it (no spaces, CPUs without sign),
    read without a regex; None for anything else, which `_parse_entries`
    then reads (or explains)."""
    entries: dict[int, int] = {}
    for part in text.split(";"):
        close = part.find("]=")
        cpu = part[1:close]
        if close < 2 or part[0] != "[" or not (cpu.isascii() and cpu.isdigit()) or len(cpu) > 19:
            return None
        try:
            entries[int(cpu)] = parse(part[close + 2:])
        except ValueSyntaxError:
            return None
    return entries


def _parse_entries(text: str, parse) -> Table:
    table = Table()
    for part in text.split(";"):
        m = _TABLE_ENTRY_RE.fullmatch(part.strip())
        problem = ""
        if m:
            try:
                table.set(parse_dec(m.group(1)), parse(m.group(2)))
                continue
            except ValueSyntaxError as e:
                problem = f" ({e})"
        raise ValueSyntaxError(
            f"'{text}' is not a per-CPU table ('[i]=0xV;[j]=0xW'); bad entry '{part}'{problem}"
        )
    return table


def format_table(table: Table, fmt=format_hex) -> str:
    return table.format(fmt)


_shared_tables: dict[str, Table] = {}


def shared_table(text: str) -> Table:
    """A HEX TABLE read once per distinct text and shared by every element
    with that text: for readers that never change it (the page-table
    builder, the generators), where thousands of maps repeat one base."""
    table = _shared_tables.get(text)
    if table is None:
        if len(_shared_tables) >= _CACHE_LIMIT:
            _shared_tables.clear()
        table = _one_entry(text)  # the most common text of its own, directly
        if table is None:
            table = parse_table(text)
        _shared_tables[text] = table
    return table


def _one_entry(text: str) -> Table | None:
    """`[i]=0xV` as the stages write it (a HEX TABLE), read directly: the
    base of a per-CPU memreq, of its maps and of a one-vCPU guest's page
    table, a text of its own each, which the general reader takes four
    times as long over. None for any other text (the general reader reads
    it, or explains)."""
    m = _ONE_ENTRY_RE.fullmatch(text)
    if m is None:
        return None
    return Table._owning(None, {int(m[1]): int(m[2], 16)})


# A CPU of at most four digits, a value of at most MAX_BITS (one regex
# match is quicker than the string tests it replaces).
_ONE_ENTRY_RE = re.compile(rf"\[([0-9]{{1,4}})\]=0x([0-9a-fA-F]{{1,{MAX_BITS // 4}}})")


def largest_in_table(text: str) -> int:
    """The largest value of a HEX TABLE (0 for an empty one), its syntax
    checked as `parse_table` checks it: what the address rules ask of a map
    or memreq base. A one-entry text is read without making its Table (the
    validator asks it of every per-CPU base of a document)."""
    m = _ONE_ENTRY_RE.fullmatch(text)
    if m is not None:
        return int(m[2], 16)
    table = parse_table(text)
    return table.uniform if table.uniform is not None else max(table.entries.values(), default=0)


def one_value(per_cpu: str):
    """A TABLE codec for an attribute that must hold one value for every CPU
    (a fixed base, a base the image or a linker script needs): per-CPU
    entries are the error `per_cpu`, in which `{}` stands for the text."""
    def parse(text: str) -> int:
        uniform = parse_table(text).uniform
        if uniform is None:
            raise ValueSyntaxError(per_cpu.format(text))
        return uniform

    return parse


# --- flags -------------------------------------------------------------------


def check_flags(text: str) -> str:
    bad = sorted({c for c in text if c not in FLAG_LETTERS})
    if bad:
        raise ValueSyntaxError(
            f"'{text}' has unknown flag letter(s) {''.join(bad)!r} (allowed: {FLAG_LETTERS})"
        )
    return text


# --- alignment ---------------------------------------------------------------


def align_up(value: int, shift: int) -> int:
    mask = (1 << shift) - 1
    return (value + mask) & ~mask


def align_down(value: int, shift: int) -> int:
    return value & ~((1 << shift) - 1)


def is_aligned(value: int, shift: int) -> bool:
    return value & ((1 << shift) - 1) == 0
