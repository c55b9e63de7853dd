"""Stage -1 and stage 0 for Phidias v0.010: its `Makeconf`, and the
variables its `core/Makefile` needs on make's command line.

Makeconf, as that Phidias' own precompilation tool writes it
(`xml/src/cbi/phidias/precompilation.c`): the seed's ARCH, PLATFORM and
TARGET_PREFIX; `FEATURE_AS_MMU`/`_MPU` from the hypervisor's address space;
one line per `<feature>` in document order; one `EMULATE_<KIND> := yes` per
vdev, guest by guest in document order (`core/Makefile` compiles a vdev's
emulation only when its line is there). Then one comment of schism's: the
exec_base stage 0 links at, so that Makeconf changes, and make relinks the
hypervisor, when exec_base does.

core/Makefile asks its own tool (`xml/tools/xmlq`) for the hypervisor's
exec_base unless `EXEC_BASE_ADDR` is on make's command line, and its recipes
are bash (`<<<`): `make_variables` gives `SHELL` and `EXEC_BASE_ADDR`.
"""

from __future__ import annotations

import re

from lxml import etree

from schism.cbi.phidias.makeconf import feature_line, head
from schism.cbi.phidias.vdevs import ANY
from schism.errors import at
from schism.ext import values
from schism.ext.values import PAGE_SIZE, format_hex

# <mmu type> -> the address-space feature (the fork's dialect says mmu/mpu;
# schism's, after the seed, calls an MMU "hardware")
_ADDRESS_SPACES = {"hardware": "FEATURE_AS_MMU", "mmu": "FEATURE_AS_MMU",
                   "mpu": "FEATURE_AS_MPU"}

# <feature name> -> Makeconf line; {value} as given, {VALUE} upper-cased (a
# part of a make variable name), {number} a decimal number
_FEATURES = {
    "debugger": "FEATURE_DEBUG := {value}",
    "tracer": "FEATURE_TRACE := {value}",
    "multiplexer": "FEATURE_MULTIPLEXER := {value}",
    "arch_width": "FEATURE_ARCH_WIDTH := {number}",
    "virt_type": "FEATURE_VIRT_TYPE_{VALUE} := yes",
    "driver:uart": "UART_DRIVER_{VALUE} := yes",
    "driver:timer": "TIMER_DRIVER_{VALUE} := yes",
    "driver:clock": "CLOCK_DRIVER_{VALUE} := yes",
    "driver:irq": "IRQ_DRIVER_{VALUE} := yes",
    "tweak": "CONFIG_TWEAK_{VALUE} := yes",
}

# (vdev type, frontend) -> the emulation core/Makefile builds for it
_EMULATES = {
    ("memory32", ANY): "EMULATE_MEMORY32",
    ("vtlb", ANY): "EMULATE_VTLB",
    ("timer", "sp804"): "EMULATE_TIMER_SP804",
    ("timer", "mpcore"): "EMULATE_TIMER_MPCORE",
    ("timer", "armcp14"): "EMULATE_TIMER_ARMCP14",
    ("clock", "mpcore"): "EMULATE_CLOCK_MPCORE",
    ("serial", "pl011"): "EMULATE_UART_PL011",
    ("serial", "pic32"): "EMULATE_UART_PIC32",
    ("serial", "16550"): "EMULATE_UART_16550",
    ("irq_controller", "arm_gic"): "EMULATE_IRQ_GIC",
    ("irq_controller", "arm_gic_virtext"): "EMULATE_IRQ_GIC",
    ("irq_controller", "lapic"): "EMULATE_IRQ_LAPIC",
}

# exec_base when the scenario gives none, per platform arch: the VA the fork's
# own example scenario links at (example-build-hikey: 0xf40000000), inside
# the 40-bit VA space its arm64 EL2 tables translate (TCR_EL2.T0SZ = 24)
# and far above the identity-mapped boot code and the board's devices
DEFAULT_EXEC_BASE = {"arm64": 0xF40000000}

_MAKE_WORD = re.compile(r"[^\s$'\"\\`#;&|<>()]+")


def makeconf(scenario: etree._ElementTree) -> str:
    root = scenario.getroot()
    lines = head(root)
    hv = _hypervisor(root)
    mmu = hv.find("mmu")
    feature = _ADDRESS_SPACES.get(mmu.get("type", "")) if mmu is not None else None
    if feature is not None:
        lines.append(f"{feature} := yes")
    lines += [_feature_line(f) for f in hv.findall("feature")
              if f.get("name") in _FEATURES]
    for vdev in root.iterfind("guest/vdev"):
        vtype = vdev.get("type", "")
        name = _EMULATES.get((vtype, vdev.get("frontend", ""))) or _EMULATES.get((vtype, ANY))
        if name is not None:  # an unknown kind is stage 3's located error
            lines.append(f"{name} := yes")
    exec_base = make_variables(scenario)["EXEC_BASE_ADDR"]
    lines.append(f"# exec_base {exec_base}: passed to make as EXEC_BASE_ADDR (schism, stage 0)")
    return "\n".join(lines) + "\n"


def make_variables(scenario: etree._ElementTree) -> dict[str, str]:
    """`SHELL` and `EXEC_BASE_ADDR` for `make -C core O=...`; every value one
    word for make and the shell."""
    hv = _hypervisor(scenario.getroot())
    found = {"SHELL": "/bin/bash", "EXEC_BASE_ADDR": format_hex(exec_base(hv))}
    for name, value in found.items():
        if not _MAKE_WORD.fullmatch(value):
            raise at(hv, f"hypervisor exec_base: {name} value '{value}' is not one make word")
    return found


def exec_base(hv: etree._Element) -> int:
    """`hypervisor/@exec_base`, else this CBI's default for the platform arch."""
    if hv.get("exec_base") is not None:
        value = values.attribute(hv, "exec_base", values.parse_hex)
    else:
        arch = hv.getparent().find("platform")
        arch_id = arch.get("arch", "") if arch is not None else ""
        if arch_id not in DEFAULT_EXEC_BASE:
            raise at(hv, f"hypervisor exec_base: missing (the phidias-v0.010 CBI has a default "
                         f"only for arch {', '.join(DEFAULT_EXEC_BASE)}, not '{arch_id}'; give "
                         "the virtual address the hypervisor is linked at)")
        value = DEFAULT_EXEC_BASE[arch_id]
    if value % PAGE_SIZE:
        raise at(hv, f"hypervisor exec_base: {format_hex(value)} is not a multiple of "
                     f"{format_hex(PAGE_SIZE)} (the hypervisor's first page starts there)")
    return value


def _hypervisor(root: etree._Element) -> etree._Element:
    hv = root.find("hypervisor")
    if hv is None:
        raise at(root, "scenario: no <hypervisor> (stage 0 needs its exec_base)")
    return hv


def _feature_line(feature: etree._Element) -> str:
    template = _FEATURES[feature.get("name", "")]
    if "{number}" in template:
        number = values.attribute(feature, "value", values.parse_dec)
        return template.format(number=number)
    return feature_line(feature, template)
