"""The shape of the generated C file (docs/phidias.md P2): a fixed
header, one declaration per definition, then the definitions in the same
order. Definitions are collected as data; this module alone turns them into
text, so the templates never format C declarations themselves."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

INCLUDES = (
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
)

# section macro -> ELF section; ROH and RO definitions are `const`.
SECTIONS = (
    ("SEC_ROH", ".rodata_head"),
    ("SEC_RO", ".rodata"),
    ("SEC_RW", ".data"),
    ("SEC_RWS", ".data_shared"),
)
ROH, RO, RW, RWS = (name for name, _ in SECTIONS)
_CONST = {ROH, RO}


@dataclass(frozen=True, slots=True)
class Definition:
    section: str  # ROH, RO, RW or RWS
    ctype: str  # e.g. "memarea", "vm_cpu *"
    name: str  # identifier with array dimension, e.g. "cpu0_memareas[34]"
    init: str  # the initializer text

    def qualified(self) -> str:
        const = "const " if self.section in _CONST else ""
        return f"{self.ctype} {const}{self.name}"


def inline(fields: Iterable[str]) -> str:
    """`{ a, b, c }` (an empty list gives `{}`)."""
    text = ", ".join(fields)
    return f"{{ {text} }}" if text else "{}"


def block(lines: Iterable[str]) -> str:
    """A braced initializer with one indented line per element (lines carry
    their own trailing commas)."""
    body = "".join(f"  {line}\n" for line in lines)
    return "{\n" + body + "}"


def array(items: Iterable[str]) -> str:
    """An array initializer: one element per line, each followed by `,`."""
    return block(f"{item}," for item in items)


def render(definitions: list[Definition]) -> str:
    out = [f"#include <{h}>\n" for h in INCLUDES]
    out += [f"#define\t{macro}\t__attribute__((section(\"{sec}\")))\n" for macro, sec in SECTIONS]
    out.append("\n")
    out += [f"{d.section} {d.qualified()};\n" for d in definitions]
    out.append("\n")
    out += [f"{d.qualified()} = {d.init};\n" for d in definitions]
    return "".join(out)
