"""Virtual devices: one template per vdev kind (docs/phidias.md P6).

A kind says its emulate type constant, whether Phidias keeps one instance per
vCPU, how many `<emulate>` children it takes, and which definitions it emits.
The templates are built by factories (`empty`, `empty_per_cpu`, `irq_gic`,
`vtlb`, `memory32`) so that another Phidias version's kind table
(schism/cbi/phidias_v0010/) reuses them with its own sections and fields.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import etree

from schism.cbi.phidias.cfile import (
    RO,
    RW,
    RWS,
    Definition,
    array,
    definition,
    identifier_part,
    inline,
)
from schism.cbi.phidias.model import Map, Scenario, table_get
from schism.errors import at
from schism.ext.values import attribute, format_hex, parse_hex, shared_table

# An `<emulate>` child of a vdev with its base and size texts (parsed, with
# their errors, when the emulate slots are written)
Emulate = tuple[etree._Element, "str | None", "str | None"]


# Vdev and Guest are made once per guest (thousands): not frozen, whose
# __init__ costs three times as much; templates only read them.
@dataclass(slots=True)
class Vdev:
    """One `<vdev>` of a guest, checked against its kind."""

    element: etree._Element
    ident: str
    position: int  # among the guest's vdevs (the original's master index)
    kind: Kind
    emulates: list[Emulate] = field(default_factory=list)
    master: bool = False  # it has a `master` attribute

    def name(self, vcpu: int) -> str:
        """The C object an emulate slot of vCPU `vcpu` points to."""
        return f"vdev_{self.ident}_cpu{vcpu}" if self.kind.per_cpu else f"vdev_{self.ident}"


@dataclass(slots=True)
class Guest:
    """What a vdev template needs to know about its guest."""

    ident: str
    cpumap: list[int]  # host CPU of each vCPU


Template = Callable[[Scenario, Guest, Vdev], list[Definition]]


@dataclass(frozen=True, slots=True)
class Kind:
    type: str
    emulate_type: str  # EMULATE_TYPE_...
    per_cpu: bool
    emulates: int  # number of <emulate> children required
    define: Template | None  # None: the original has no generator for it
    # frontends a kind with frontend ANY accepts (None: any); vtlb's paging formats
    frontends: tuple[str, ...] | None = None
    # Phidias v0.010: a piece of hardware the vCPU owns (listed in hw_emulates)
    hardware: bool = False


# --- templates -----------------------------------------------------------------


def empty(ctype: str, section: str = RW) -> Template:
    """One empty object (`= {}`), shared by every vCPU."""

    def define(_sc: Scenario, _g: Guest, v: Vdev) -> list[Definition]:
        return [definition((section, ctype, f"vdev_{v.ident}", "{}"))]

    return define


def empty_per_cpu(ctype: str) -> Template:
    """One empty object per vCPU (`vdev_<id>_cpu<j> = {}`)."""

    def define(_sc: Scenario, g: Guest, v: Vdev) -> list[Definition]:
        return [definition((RW, ctype, v.name(j), "{}")) for j in range(len(g.cpumap))]

    return define


def irq_gic(cpu_fields: tuple[str, ...]) -> Template:
    """Per-vCPU interface state pointing at one shared distributor; the
    state's fields with `{dist}` for the distributor's address."""

    def define(_sc: Scenario, g: Guest, v: Vdev) -> list[Definition]:
        dist = f"vdev_{v.ident}_dist"
        cpu_init = inline([f.format(dist=f"&{dist}") for f in cpu_fields])
        defs = [definition((RW, "emulate_irq_gic", v.name(j), cpu_init))
                for j in range(len(g.cpumap))]
        defs.append(definition((RWS, "emulate_irq_gic_distributor", dist, "{}")))
        return defs

    return define


@dataclass(frozen=True, slots=True)
class VtlbFormat:
    """A guest paging format the vtlb can walk."""

    macro: str  # VTLB_PAGING_FORMAT_...
    width: int  # bits of a guest virtual address
    sizes: tuple[int, ...]  # log2 of each level's table size, top down
    entry_shift: int  # log2 of a table entry's size


VTLB_INSTANCES = 8


def vtlb(formats: dict[str, VtlbFormat], paravirt_field: bool = False) -> Template:
    """Per vCPU: the vtlb, its instances, one pool per level backed by a
    `<param xref>` memreq, and a bitmap per pool (docs/phidias.md P7).
    `paravirt_field`: the vtlb has an is_paravirt field after the format
    (Phidias v0.010), the value of the vdev's first `<value>` if its type is
    `paravirt`."""

    def define(sc: Scenario, g: Guest, v: Vdev) -> list[Definition]:
        fmt = formats[v.element.get("frontend", "")]
        params = _vtlb_params(v, len(fmt.sizes))
        head = [fmt.macro]
        if paravirt_field:
            first = next(v.element.iterchildren("value"), None)
            paravirt = (attribute(first, "value", parse_hex, 0)
                        if first is not None and first.get("type") == "paravirt" else 0)
            head.append(str(paravirt))
        defs: list[Definition] = []
        for k, host in enumerate(g.cpumap):
            base = v.name(k)
            pools = []
            bitmaps = []
            shift = fmt.width
            for level, (param, size_log2) in enumerate(zip(params, fmt.sizes, strict=True)):
                xref = param.get("xref", "")
                memreq = sc.element(xref, param, "xref", "memreq")
                entries = attribute(memreq, "size", parse_hex, 0) >> size_log2
                shift -= size_log2 - fmt.entry_shift
                bitmap = f"{base}_levelpool{level}_bitmap"
                hv_va = sc.hv_map(xref, param, "xref").va(host)
                pa = _memreq_base(memreq, host)
                pools.append(inline([  # the entry count in hex, as the original wrote it
                    str(size_log2), str(fmt.entry_shift), format_hex(entries), bitmap,
                    str(shift), format_hex(hv_va), format_hex(pa),
                ]))
                bitmaps.append(definition((RW, "uint32_t", f"{bitmap}[{(entries + 31) // 32}]",
                                           "{}")))
            defs.append(definition((RW, "emulate_vtlb", base, inline([
                *head, str(VTLB_INSTANCES), f"{base}_instances", str(len(fmt.sizes)),
                f"{base}_levelpools", "VTLB_NO_ACTIVE_INSTANCE",
            ]))))
            defs.append(definition((RW, "emulate_vtlb_instance",
                                    f"{base}_instances[{VTLB_INSTANCES}]", "{}")))
            defs.append(definition((RO, "emulate_vtlb_pool", f"{base}_levelpools[{len(fmt.sizes)}]",
                                    array(pools))))
            defs += bitmaps
        return defs

    return define


def _vtlb_params(v: Vdev, levels: int) -> list[etree._Element]:
    """Level l's pool is backed by the l-th `<param>` (of any type; the
    original counted and indexed all of them), which must name a memreq."""
    params = list(v.element.iterchildren("param"))
    if len(params) != levels:
        raise at(v.element, f"vdev param: vtlb vdev '{v.ident}' ({v.element.get('frontend')}) "
                            f"needs {levels} <param> (one per level), has {len(params)}")
    for p in params:
        if p.get("xref") is None:
            raise at(p, f"param xref: vtlb vdev '{v.ident}': a level's <param> needs an xref "
                        "(its backing memreq)")
    return params


def _memreq_base(memreq: etree._Element, cpu: int) -> int:
    return table_get(attribute(memreq, "base", shared_table, None), cpu)


# memory32: the largest default a register (a uint32_t of emulate_memory) holds
_REGISTER = 0xFFFF_FFFF
# memory32: value name -> flag that says "one value for every offset"
_MEMORY_VALUES = (
    ("mem_value", "EMULATE_MEMORY_FLAG_SINGLE_VALUE"),
    ("mask_mem_r", "EMULATE_MEMORY_FLAG_SINGLE_MEM_RMASK"),
    ("mask_mem_w", "EMULATE_MEMORY_FLAG_SINGLE_MEM_WMASK"),
    ("mask_hw_r", "EMULATE_MEMORY_FLAG_SINGLE_HW_RMASK"),
    ("mask_hw_w", "EMULATE_MEMORY_FLAG_SINGLE_HW_WMASK"),
)


def hardware_sum_seed(maps: list[Map]) -> int:
    """The seed read each `hardware` param's map base with index -1: a
    uniform base counts as is, a per-CPU base its `[-1]` entry or 0 (quirk 16)."""
    return sum(table_get(m.base, -1) for m in maps)


def memory32(hardware_sum: Callable[[list[Map]], int] = hardware_sum_seed) -> Template:
    """A 32-bit register window: default values and masks, backed by the
    hardware at the sum of the `hardware` params' map bases + offset."""

    def define(sc: Scenario, _g: Guest, v: Vdev) -> list[Definition]:
        values = list(v.element.iterchildren("value"))
        flags = []
        defaults = []
        for name, flag in _MEMORY_VALUES:
            given = next((x for x in values if x.get("type") == f"default_{name}"), None)
            default = 0 if given is None else attribute(given, "value", parse_hex, 0)
            if default > _REGISTER:  # a uint32_t field: gcc would reject the constant
                raise at(given, f"value value: memory32 vdev '{v.ident}': default_{name} "
                                f"{given.get('value')} does not fit its 32-bit register "
                                f"(at most {format_hex(_REGISTER)})")
            defaults.append(default)
            for x in values:
                if x.get("type") == name and attribute(x, "value", parse_hex, 0) != default:
                    # fix: the original referenced an array it never defined
                    raise at(x, f"value value: memory32 vdev '{v.ident}': per-offset {name} "
                                f"values are not supported ({x.get('value')} at offset "
                                f"{x.get('offset', '0x0')} differs from the default "
                                f"{format_hex(default)})")
            flags.append(flag)
        hw = hardware_sum([sc.hv_map(p.get("xref", ""), p, "xref")
                           for p in v.element.iterchildren("param") if p.get("type") == "hardware"])
        offset = next((x for x in values if x.get("type") == "hardware_offset"), None)
        hw += 0 if offset is None else attribute(offset, "value", parse_hex, 0)
        if hw >> sc.word_bits:  # the pointer constant would not fit
            arch = sc.root.find("platform/arch")
            what = "value value" if offset is not None else "vdev"
            raise at(v.element if offset is None else offset,
                     f"{what}: memory32 vdev '{v.ident}': its hardware at {format_hex(hw)} "
                     f"lies above the {sc.word_bits}-bit addresses of arch "
                     f"'{arch.get('id') if arch is not None else ''}'")
        fields = ["|".join(flags) or "0", *map(format_hex, defaults), "NULL",
                  f"(volatile uint32_t *){format_hex(hw)}", "NULL", "NULL", "NULL", "NULL"]
        return [definition((RO, "emulate_memory", f"vdev_{v.ident}", inline(fields)))]

    return define


# --- the kind table ------------------------------------------------------------

ANY = "*"  # any frontend

# vtlb frontend (guest paging format) the seed generator knew
VTLB_FORMATS = {"arm:short": VtlbFormat("VTLB_PAGING_FORMAT_ARM_SHORT", 32, (14, 10), 2)}

KINDS: dict[tuple[str, str], Kind] = {
    ("timer", "sp804"): Kind("timer", "EMULATE_TYPE_TIMER_SP804", False, 1,
                             empty("emulate_timer_sp804")),
    ("timer", "mpcore"): Kind("timer", "EMULATE_TYPE_TIMER_MPCORE", True, 1,
                              empty_per_cpu("emulate_timer_mpcore")),
    ("clock", "mpcore"): Kind("clock", "EMULATE_TYPE_CLOCK_MPCORE", False, 1,
                              empty("emulate_clock_mpcore")),
    ("vtlb", ANY): Kind("vtlb", "EMULATE_TYPE_VTLB", True, 0, vtlb(VTLB_FORMATS),
                        frontends=tuple(VTLB_FORMATS)),
    ("irq_controller", "arm_gic"): Kind(
        "irq_controller", "EMULATE_TYPE_IRQ_GIC", True, 2,
        irq_gic(("0", "0", "0", "0", "{{}}", "{{}}", "{{}}", "{{}}", "{dist}"))),
    ("serial", "16550"): Kind("serial", "EMULATE_TYPE_UART_16450", False, 1, None),
    ("serial", "pl011"): Kind("serial", "EMULATE_TYPE_UART_PL011", False, 1,
                              empty("emulate_uart_pl011")),
    ("memory32", ANY): Kind("memory32", "EMULATE_TYPE_MEMORY_32BIT", False, 1, memory32()),
}


def vdev(element: etree._Element, position: int,
         kinds: dict[tuple[str, str], Kind] = KINDS) -> Vdev:
    """The `position`-th `<vdev>` of a guest, its ID and kind checked."""
    ident = identifier_part(element, "id", "vdev_")
    # not iterchildren("emulate"), which builds a tag matcher per call
    emulates = [(e, e.get("base"), e.get("size")) for e in element if e.tag == "emulate"]
    kind = kind_of(element, kinds, emulates, ident)
    return Vdev(element, ident, position, kind, emulates, element.get("master") is not None)


def kind_of(vdev: etree._Element, kinds: dict[tuple[str, str], Kind] = KINDS,
            emulates: list | None = None, ident: str | None = None) -> Kind:
    """The vdev's kind in `kinds`, checked: type, frontend and `<emulate>`
    count (of `emulates`, one item per `<emulate>` child, when given; its
    `ident` for the messages, when read already)."""
    if ident is None:
        ident = vdev.get("id", "")
    vtype = vdev.get("type", "")
    frontend = vdev.get("frontend", "")
    kind = kinds.get((vtype, frontend)) or kinds.get((vtype, ANY))
    if kind is None:
        types = sorted({t for t, _ in kinds})
        if vtype not in types:
            raise at(vdev, f"vdev type: unknown type '{vtype}' of vdev '{ident}' "
                           f"(known: {', '.join(types)})")
        known = ", ".join(f for t, f in kinds if t == vtype)
        raise at(vdev, f"vdev frontend: unknown {vtype} frontend '{frontend}' of vdev "
                       f"'{ident}' (known: {known})")
    # the original's order of checks: kind, generator, <emulate> count, then
    # (in the vtlb generator) the paging format
    if kind.define is None:
        raise at(vdev, f"vdev frontend: {vtype} vdev '{ident}': frontend '{frontend}' has no "
                       "generator (the original Phidias CBI has none)")
    count = len(list(vdev.iterchildren("emulate")) if emulates is None else emulates)
    if count != kind.emulates:
        raise at(vdev, f"vdev emulate: {vtype} vdev '{ident}' ({frontend}) needs "
                       f"{kind.emulates} <emulate>, has {count}")
    if kind.frontends is not None and frontend not in kind.frontends:
        raise at(vdev, f"vdev frontend: unknown {vtype} paging format '{frontend}' of vdev "
                       f"'{ident}' (known: {', '.join(kind.frontends)})")
    return kind
