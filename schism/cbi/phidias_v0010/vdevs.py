"""Phidias v0.010's vdev kinds: the seed's templates (schism/cbi/phidias/vdevs.py)
with this version's emulate types, sections, `<emulate>` counts and state
fields, as its generator (`xml/src/cbi/phidias/generate_config/vdevs.c`)
and its headers (`core/include/emulate/*.h`) define them.

What differs from the seed's table: shared objects of timers, clocks and
UARTs live in the shared section (rws); the GIC's per-vCPU state ends in
`{}, 0` (virtual list registers, control); the vtlb has an `is_paravirt`
field and knows four guest paging formats; 16550, pic32 and lapic have
generators; armcp14 (no `<emulate>`) and arm_gic_virtext (one) are new and
count as the vCPU's hardware (`hw_emulates`); 16550's type is
EMULATE_TYPE_UART_16550; a memory32 `hardware` map base that is per-CPU
counts 0, one not laid out yet restarts the sum."""

from __future__ import annotations

from schism.cbi.phidias.cfile import RWS
from schism.cbi.phidias.model import Map
from schism.cbi.phidias.vdevs import (
    ANY,
    Kind,
    VtlbFormat,
    empty,
    empty_per_cpu,
    irq_gic,
    memory32,
    vtlb,
)

VTLB_FORMATS = {
    "arm:short": VtlbFormat("VTLB_PAGING_FORMAT_ARM_SHORT", 32, (14, 10), 2),
    "x86:legacy": VtlbFormat("VTLB_PAGING_FORMAT_X86_LEGACY", 32, (12, 12), 2),
    "x86:long": VtlbFormat("VTLB_PAGING_FORMAT_X86_LONG", 48, (12, 12, 12, 12), 3),
    "arm64:g4io40": VtlbFormat("VTLB_PAGING_FORMAT_ARM64_G4IO40", 40, (4, 12, 12, 12), 3),
}

GIC_CPU_FIELDS = ("0", "0", "0", "0", "{{}}", "{{}}", "{{}}", "{{}}", "{dist}", "{{}}", "0")


def hardware_sum(maps: list[Map]) -> int:
    """The generator added each map base as a number: a uniform base counts,
    a per-CPU table (`[0]=...`) reads as 0, and a map without a base (not
    laid out yet) set the sum back to 0."""
    total = 0
    for m in maps:
        if m.base is None:
            total = 0
        elif not m.base.is_per_cpu:
            total += m.base.uniform
    return total


KINDS: dict[tuple[str, str], Kind] = {
    ("clock", "mpcore"): Kind("clock", "EMULATE_TYPE_CLOCK_MPCORE", False, 1,
                              empty("emulate_clock_mpcore", RWS)),
    ("irq_controller", "lapic"): Kind("irq_controller", "EMULATE_TYPE_IRQ_LAPIC", True, 2,
                                      empty_per_cpu("emulate_irq_lapic")),
    ("irq_controller", "arm_gic"): Kind("irq_controller", "EMULATE_TYPE_IRQ_GIC", True, 2,
                                        irq_gic(GIC_CPU_FIELDS)),
    ("irq_controller", "arm_gic_virtext"): Kind(
        "irq_controller", "EMULATE_TYPE_IRQ_GIC_VIRTEXT", True, 1, irq_gic(GIC_CPU_FIELDS),
        hardware=True),
    ("memory32", ANY): Kind("memory32", "EMULATE_TYPE_MEMORY_32BIT", False, 1,
                            memory32(hardware_sum)),
    ("serial", "16550"): Kind("serial", "EMULATE_TYPE_UART_16550", False, 1,
                              empty("emulate_uart_16550", RWS)),
    ("serial", "pl011"): Kind("serial", "EMULATE_TYPE_UART_PL011", False, 1,
                              empty("emulate_uart_pl011", RWS)),
    ("serial", "pic32"): Kind("serial", "EMULATE_TYPE_UART_PIC32", False, 1,
                              empty("emulate_uart_pic32", RWS)),
    ("timer", "sp804"): Kind("timer", "EMULATE_TYPE_TIMER_SP804", False, 1,
                             empty("emulate_timer_sp804", RWS)),
    ("timer", "mpcore"): Kind("timer", "EMULATE_TYPE_TIMER_MPCORE", True, 1,
                              empty_per_cpu("emulate_timer_mpcore")),
    ("timer", "armcp14"): Kind("timer", "EMULATE_TYPE_TIMER_ARMCP14", True, 0,
                               empty_per_cpu("emulate_timer_armcp14"), hardware=True),
    ("vtlb", ANY): Kind("vtlb", "EMULATE_TYPE_VTLB", True, 0,
                        vtlb(VTLB_FORMATS, paravirt_field=True), frontends=tuple(VTLB_FORMATS)),
}
