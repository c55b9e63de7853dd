"""What Phidias v0.010's configuration interface does differently from the
seed's (schism/cbi/phidias/interface.py), in one place.

The facts come from that Phidias' headers (`core/include/specification.h`,
`vm.h`, `asm/memarea.h`, `emulate/*.h`) and from the generator it was built
with (`xml/src/cbi/phidias/generate_config/`), checked against its example
build (`example-build-hikey/scenario_config_real.c`); docs/phidias.md has
the table. Everything not overridden here is the seed's.

| what | seed | v0.010 |
|---|---|---|
| headers | 12 | + `interrupts.h`, + `arch/specification.h`; `emulate/irq.h` only with an irq vdev |
| section macros | `SEC_RO`, declarations only | `__SEC_RO`, on definitions too |
| `_specification` | ..., cpus, timestamp | ..., cpus, irq owners, &arch, timestamp |
| irq owners, arch | - | `_specification_irq_owners[IRQID_MAXIMUM]`, `_specification_arch` |
| CPU order | memareas+trees, then vCPU lists | per CPU: memareas, tree, vCPU list (even empty) |
| placeholders | `uint32_t`, 0x7ee1beef | `uintptr_t`, 0xf4eebeef |
| fixed slots | trace 12, irqc 25 | xcore 12, trace 13, irqc 17, board devices 24-31 |
| map offset | moves PA and VA | moves the PA, shrinks the size, VA stays |
| tree order | pre-order | in-order |
| guest memareas | read with the vCPU number | read with the host CPU |
| `vm_cpu` | ..., pt base, 0, ... | ..., host CPU, pt base, guest number, ..., hw emulates, ... |
| master slots | vdev position | emulate slot |
| definition order | kind by kind over guests | guest by guest, vCPU by vCPU |
| hw emulates | - | `vm_<g>_hw_emulates[]` after the vdevs |
| capabilities | ipc: CAPABILITY_IPC | ipc: CAPABILITY_TYPE_IRQ, start: CAPABILITY_TYPE_START_DOMU |
| vdev kinds | schism/cbi/phidias/vdevs.py | schism/cbi/phidias_v0010/vdevs.py |
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from schism.cbi.phidias import cfile, trees
from schism.cbi.phidias.cfile import RO, Definition, inline
from schism.cbi.phidias.guests import GuestPart
from schism.cbi.phidias.hypervisor import HypervisorPart
from schism.cbi.phidias.interface import CORE_SLOTS, Interface
from schism.cbi.phidias.model import Map, memarea_flags, table_get
from schism.cbi.phidias_v0010 import vdevs
from schism.errors import at
from schism.ext.values import attribute, format_hex, parse_hex, shared_table

NAME = "phidias-v0.010"

_SEED_INCLUDES = cfile.SEED.includes  # phidias.h, vm.h, emulate/core.h, ...

LAYOUT = cfile.Layout(
    includes=(*_SEED_INCLUDES[:2], "interrupts.h", *_SEED_INCLUDES[2:], "arch/specification.h"),
    macros={cfile.ROH: "__SEC_ROH", cfile.RO: "__SEC_RO", cfile.RW: "__SEC_RW",
            cfile.RWS: "__SEC_RWS"},
    tagged_definitions=True,
    after_includes="\n",
    after_declarations="\n\n",
)

# core/include/asm/memarea.h (MEMAREA_*), as the generator's table lists them
FIXED_SLOTS: dict[str, int] = {
    **CORE_SLOTS, "xcore": 12, "trace": 13,
    "serial": 16, "irqc": 17, "mpcore": 17,
    "cs7a": 24, "mbox": 24,  # Versatile, Raspberry Pi
    "gpio03": 24, "gpio4j": 25, "timers": 26, "thermal": 27, "usb": 28, "dwmmc2": 29,  # HiKey
    "lapic": 24, "ioapic": 25, "vmcx": 28,  # x86 PC
    "CATCHALL": 31,
    "irq_pic32": 24, "timer_pic32": 25,  # PIC32MZEFH
}


class Hypervisor(HypervisorPart):
    def definitions(self) -> list[Definition]:
        """Specification, irq owners, arch specification, CPU descriptors;
        then per CPU its memareas, tree and vCPU list; then the placeholders."""
        defs = [self.specification(), self.irq_owners(), self.arch_specification(),
                self.specification_cpus()]
        for i in range(self.sc.ncpus):
            defs += self.memareas(i)
            defs.append(self.vm_cpus(i, always=True))
        return defs + self.placeholders()

    def irq_owners(self) -> Definition:
        """The guest that owns each interrupt vector (`<init><irq vector>`)."""
        lines = []
        for g in self.sc.guests:
            for irq in g.iterfind("init/irq"):
                vector = attribute(irq, "vector", parse_hex, 0)
                lines.append(f"[{format_hex(vector)}] = &vm_{g.get('id')},")
        return Definition(RO, "const vm *", "_specification_irq_owners[IRQID_MAXIMUM]",
                          cfile.block(lines))

    def arch_specification(self) -> Definition:
        """Empty but for x86, whose GDT and TSS this CBI does not generate."""
        arch = self.sc.root.find("platform/arch")
        if arch is not None and arch.get("id") == "x86":
            raise at(arch, f"arch id: the {NAME} CBI does not generate x86's "
                           "specification_arch (GDT, TSS)")
        return Definition(RO, "specification_arch", "_specification_arch", "{}")


class Guest(GuestPart):
    def master_index(self, vdev) -> int:
        """The emulate slot (the seed's quirk 1 is gone)."""
        return self.emulate_slot(vdev)

    def vcpu(self, j: int, host: int) -> str:
        g = self.ident
        c = f"vm_{g}_cpu{j}"
        vtlb, irq, uart = self.masters(j)
        return (
            f"{{ &vm_{g}, (vm_cpu_state *){format_hex(self.arch_page_va(host))}, {host},\n"
            # the page-table identifier is the guest's number
            f"    {format_hex(table_get(attribute(self.mmu, 'base', shared_table, None), j))}, "
            f"{self.number},\n"
            f"    {len(self.maps)}, {c}_memareas, &{c}_memtree,\n"
            f"    {self._emulate_count()}, {c}_emulates, &{c}_emulatetree,\n"
            f"    {len(self._hardware())}, vm_{g}_hw_emulates,\n"
            f"    {vtlb},\n    {irq},\n    {uart},\n"
            f"    1, {c}_scheds }},"
        )

    def hw_emulates(self) -> Definition:
        """The emulate slots of the vdevs that are hardware the vCPU owns
        (armcp14, arm_gic_virtext); vCPU 0's array, as the generator wrote."""
        refs = [f"vm_{self.ident}_cpu0_emulates + {self.emulate_slot(v)}"
                for v in self._hardware()]
        return Definition(RO, "const emulate *", f"vm_{self.ident}_hw_emulates[{len(refs)}]",
                          "{" + "".join(f" {ref}," for ref in refs) + " }")

    def _hardware(self):
        return [v for v in self.vdevs if v.kind.hardware]


class V0010(Interface):
    name = NAME
    layout = LAYOUT
    tree_order = trees.IN_ORDER
    fixed_slots = FIXED_SLOTS
    kinds = vdevs.KINDS
    capability_types = {"ipc": "CAPABILITY_TYPE_IRQ", "start": "CAPABILITY_TYPE_START_DOMU"}
    placeholders = ("uintptr_t", "0xbeef", "0xf4eebeef")
    specification_extra = ("_specification_irq_owners", "&_specification_arch")
    hypervisor_part = Hypervisor
    guest_part = Guest

    def file_layout(self, sc) -> cfile.Layout:
        """Fix: `emulate/irq.h` only with an irq_controller vdev. Without
        one Makeconf enables no irq emulation (EMULATE_IRQ_GIC, _LAPIC), and
        that header has an unused parameter then, which the configuration's
        -Werror compile rejects (the fork's generator included it always)."""
        if any(v.get("type") == "irq_controller" for g in sc.guests for v in g.iter("vdev")):
            return self.layout
        includes = tuple(h for h in self.layout.includes if h != "emulate/irq.h")
        return dataclasses.replace(self.layout, includes=includes)

    def memarea(self, m: Map, cpu: int, ref: str = "NULL") -> tuple[str, int]:
        """A map's offset moves the PA and shortens the area; `subsize`
        replaces the size; the VA is the map base (also the tree key)."""
        size = m.subsize if m.subsize is not None else m.target_size - m.offset
        fields = [format_hex(m.pa(cpu) + m.offset), format_hex(m.va(cpu)), format_hex(size),
                  memarea_flags(m.flags), ref]
        return inline(fields), m.va(cpu)

    def guest_memarea_cpu(self, vcpu: int, host: int) -> int:
        del vcpu
        return host

    def guest_definitions(self, guests: list[GuestPart],
                          ref_slot: Callable[[str], int | None]) -> list[Definition]:
        """Guest by guest: vm, vCPUs, copy-ins, capabilities; per vCPU its
        scheduler entities, memareas and tree, emulates and tree; then the
        vdevs' objects and the hw emulates."""
        defs: list[Definition] = []
        for g in guests:
            defs += [g.vm(), g.vcpus(), g.copyins(), g.capabilities()]
            for j in range(len(g.cpumap)):
                defs.append(g.scheds(j))
                defs += g.memareas(j, ref_slot)
                emulates, tree = g.emulates(j)
                defs += [emulates, *tree]
            defs += g.vdev_objects()
            defs.append(g.hw_emulates())
        return defs


V0010_INTERFACE = V0010()
