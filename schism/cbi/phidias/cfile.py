"""The shape of the generated C file (docs/phidias.md P2): a fixed
header, one declaration per definition, then the definitions in the same
order. Definitions are collected as data; this module alone turns them into
text, so the templates never format C declarations themselves.

A `Layout` says what differs between Phidias versions in that shape (the
headers, the section macros' names, whether definitions repeat the macro);
`SEED` is the original generator's."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from schism.errors import at

# The four sections a definition can live in; ROH and RO definitions are
# `const`. A Layout maps each to the macro the file defines for it.
ROH, RO, RW, RWS = "roh", "ro", "rw", "rws"
ELF_SECTIONS = {ROH: ".rodata_head", RO: ".rodata", RW: ".data", RWS: ".data_shared"}
_CONST = {ROH, RO}


@dataclass(frozen=True, slots=True)
class Layout:
    includes: tuple[str, ...]
    macros: dict[str, str]  # section -> its macro, in ELF_SECTIONS order
    # the definitions carry the macro too (the declarations always do)
    tagged_definitions: bool = False
    # text between the includes and the macros, and after the declarations
    after_includes: str = ""
    after_declarations: str = "\n"


SEED = Layout(
    includes=(
        "phidias.h",
        "vm.h",
        "emulate/core.h",
        "emulate/uart.h",
        "emulate/irq.h",
        "emulate/timer.h",
        "emulate/clock.h",
        "emulate/vtlb.h",
        "emulate/memory.h",
        "arch/cpu_state.h",
        "schedule.h",
        "specification.h",
    ),
    macros={ROH: "SEC_ROH", RO: "SEC_RO", RW: "SEC_RW", RWS: "SEC_RWS"},
)


class Definition(NamedTuple):
    """One C definition (a tuple: a large configuration has a hundred
    thousand of them)."""

    section: str  # ROH, RO, RW or RWS
    ctype: str  # e.g. "memarea", "vm_cpu *"
    name: str  # identifier with array dimension, e.g. "cpu0_memareas[34]"
    init: str  # the initializer text

    def qualified(self) -> str:
        const = "const " if self.section in _CONST else ""
        return f"{self.ctype} {const}{self.name}"


# `Definition(section, ctype, name, init)` as `definition((section, ctype,
# name, init))`: made by tuple.__new__ directly, not through NamedTuple's
# __new__, a Python function; a configuration has a hundred thousand.
definition = partial(tuple.__new__, Definition)

_IDENTIFIER_PART = re.compile(r"[A-Za-z0-9_]+")


def identifier_part(element, attribute: str, prefix: str) -> str:
    """An ID that becomes part of C identifiers (`vm_<id>`), or a located
    error: an XML ID may hold '-' and '.', which C names cannot."""
    value = element.get(attribute, "")
    if not _IDENTIFIER_PART.fullmatch(value):
        raise at(element, f"{element.tag} {attribute}: '{value}' becomes part of C names "
                          f"({prefix}{value}...): letters, digits and '_' only")
    return value


def inline(fields: Iterable[str]) -> str:
    """`{ a, b, c }` (an empty list gives `{}`)."""
    text = ", ".join(fields)
    return f"{{ {text} }}" if text else "{}"


def block(lines: Iterable[str]) -> str:
    """A braced initializer with one indented line per element (lines carry
    their own trailing commas)."""
    lines = list(lines)
    if not lines:
        return "{\n}"
    text = "\n  ".join(lines)
    return f"{{\n  {text}\n}}"  # one copy of the lines, not two concatenations


def array(items: Iterable[str]) -> str:
    """An array initializer: one element per line, each followed by `,`."""
    items = list(items)
    if not items:
        return "{\n}"
    text = ",\n  ".join(items)
    return f"{{\n  {text},\n}}"


def render(definitions: list[Definition], layout: Layout = SEED) -> str:
    out = [f"#include <{h}>\n" for h in layout.includes]
    out.append(layout.after_includes)
    out += [f"#define\t{layout.macros[sec]}\t__attribute__((section(\"{elf}\")))\n"
            for sec, elf in ELF_SECTIONS.items()]
    out.append("\n")
    out += _declarations(definitions, layout.macros)
    out.append(layout.after_declarations)
    out += _definitions(definitions, layout.macros if layout.tagged_definitions else None)
    return "".join(out)


# `Definition.qualified` written out in one f-string per line: a large
# configuration has a hundred thousand definitions, each declared and defined.

def _declarations(definitions: list[Definition], macros: dict[str, str]) -> list[str]:
    """`MACRO type [const ]name;` lines."""
    return [f"{macros[sec]} {ctype} const {name};\n" if sec in _CONST
            else f"{macros[sec]} {ctype} {name};\n"
            for sec, ctype, name, _ in definitions]


def _definitions(definitions: list[Definition], macros: dict[str, str] | None) -> list[str]:
    """`[MACRO ]type [const ]name = init;` lines (the macro when `macros`)."""
    if macros is not None:
        return [f"{macros[sec]} {ctype} const {name} = {init};\n" if sec in _CONST
                else f"{macros[sec]} {ctype} {name} = {init};\n"
                for sec, ctype, name, init in definitions]
    return [f"{ctype} const {name} = {init};\n" if sec in _CONST
            else f"{ctype} {name} = {init};\n"
            for sec, ctype, name, init in definitions]
