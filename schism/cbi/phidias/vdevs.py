"""Virtual devices: one template per vdev kind (docs/phidias.md P6).

A kind says its emulate type constant, whether Phidias keeps one instance per
vCPU, how many `<emulate>` children it takes, and which definitions it emits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from schism.cbi.phidias.cfile import RO, RW, RWS, Definition, array, inline
from schism.cbi.phidias.model import Scenario, hex_attr, table_attr, table_get
from schism.errors import at
from schism.ext.values import format_hex


@dataclass(frozen=True, slots=True)
class Vdev:
    """One `<vdev>` of a guest, checked against its kind."""

    element: etree._Element
    ident: str
    position: int  # among the guest's vdevs (the original's master index)
    kind: Kind

    def name(self, vcpu: int) -> str:
        """The C object an emulate slot of vCPU `vcpu` points to."""
        return f"vdev_{self.ident}_cpu{vcpu}" if self.kind.per_cpu else f"vdev_{self.ident}"


@dataclass(frozen=True, slots=True)
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


# --- templates -----------------------------------------------------------------


def _empty(ctype: str, section: str = RW) -> Template:
    """One empty object (`= {}`), shared by every vCPU."""

    def define(_sc: Scenario, _g: Guest, v: Vdev) -> list[Definition]:
        return [Definition(section, ctype, f"vdev_{v.ident}", "{}")]

    return define


def _empty_per_cpu(ctype: str) -> Template:
    """One empty object per vCPU (`vdev_<id>_cpu<j> = {}`)."""

    def define(_sc: Scenario, g: Guest, v: Vdev) -> list[Definition]:
        return [Definition(RW, ctype, v.name(j), "{}") for j in range(len(g.cpumap))]

    return define


def _irq_gic(_sc: Scenario, g: Guest, v: Vdev) -> list[Definition]:
    """Per-vCPU interface state pointing at one shared distributor."""
    dist = f"vdev_{v.ident}_dist"
    cpu_init = inline(["0", "0", "0", "0", "{}", "{}", "{}", "{}", f"&{dist}"])
    defs = [Definition(RW, "emulate_irq_gic", v.name(j), cpu_init) for j in range(len(g.cpumap))]
    defs.append(Definition(RWS, "emulate_irq_gic_distributor", dist, "{}"))
    return defs


# vtlb frontend (guest paging format) -> log2 of each level's table size
_VTLB_FORMATS: dict[str, tuple[str, tuple[int, ...]]] = {
    "arm:short": ("VTLB_PAGING_FORMAT_ARM_SHORT", (14, 10)),
}
_VTLB_INSTANCES = 8
_VTLB_ENTRY_SHIFT = 2  # 4-byte entries


def _vtlb(sc: Scenario, g: Guest, v: Vdev) -> list[Definition]:
    """Per vCPU: the vtlb, its instances, one pool per level backed by a
    `<param xref>` memreq, and a bitmap per pool (docs/phidias.md P7)."""
    frontend = v.element.get("frontend", "")
    paging, sizes = _VTLB_FORMATS[frontend]
    params = _vtlb_params(v, len(sizes))
    defs: list[Definition] = []
    for k, host in enumerate(g.cpumap):
        base = v.name(k)
        pools = []
        bitmaps = []
        used_bits = 0
        for level, (param, size_log2) in enumerate(zip(params, sizes, strict=True)):
            xref = param.get("xref", "")
            memreq = sc.element(xref, param, "xref", "memreq")
            entries = hex_attr(memreq, "size") >> size_log2
            used_bits += size_log2 - _VTLB_ENTRY_SHIFT
            bitmap = f"{base}_levelpool{level}_bitmap"
            hv_va = sc.hv_map(xref, param, "xref").va(host)
            pa = _memreq_base(memreq, host)
            pools.append(inline([  # the entry count in hex, as the original wrote it
                str(size_log2), str(_VTLB_ENTRY_SHIFT), format_hex(entries), bitmap,
                str(32 - used_bits), format_hex(hv_va), format_hex(pa),
            ]))
            bitmaps.append(Definition(RW, "uint32_t", f"{bitmap}[{(entries + 31) // 32}]", "{}"))
        defs.append(Definition(RW, "emulate_vtlb", base, inline([
            paging, str(_VTLB_INSTANCES), f"{base}_instances", str(len(sizes)),
            f"{base}_levelpools", "VTLB_NO_ACTIVE_INSTANCE",
        ])))
        defs.append(Definition(RW, "emulate_vtlb_instance", f"{base}_instances[{_VTLB_INSTANCES}]",
                               "{}"))
        defs.append(Definition(RO, "emulate_vtlb_pool", f"{base}_levelpools[{len(sizes)}]",
                               array(pools)))
        defs += bitmaps
    return defs


def _vtlb_params(v: Vdev, levels: int) -> list[etree._Element]:
    """Level l's pool is backed by the l-th `<param>` (of any type; the
    original counted and indexed all of them), which must name a memreq."""
    params = v.element.findall("param")
    if len(params) != levels:
        raise at(v.element, f"vdev param: vtlb vdev '{v.ident}' ({v.element.get('frontend')}) "
                            f"needs {levels} <param> (one per level), has {len(params)}")
    for p in params:
        if p.get("xref") is None:
            raise at(p, f"param xref: vtlb vdev '{v.ident}': a level's <param> needs an xref "
                        "(its backing memreq)")
    return params


def _memreq_base(memreq: etree._Element, cpu: int) -> int:
    return table_get(table_attr(memreq, "base"), cpu)


# memory32: value name -> flag that says "one value for every offset"
_MEMORY_VALUES = (
    ("mem_value", "EMULATE_MEMORY_FLAG_SINGLE_VALUE"),
    ("mask_mem_r", "EMULATE_MEMORY_FLAG_SINGLE_MEM_RMASK"),
    ("mask_mem_w", "EMULATE_MEMORY_FLAG_SINGLE_MEM_WMASK"),
    ("mask_hw_r", "EMULATE_MEMORY_FLAG_SINGLE_HW_RMASK"),
    ("mask_hw_w", "EMULATE_MEMORY_FLAG_SINGLE_HW_WMASK"),
)


def _memory32(sc: Scenario, _g: Guest, v: Vdev) -> list[Definition]:
    """A 32-bit register window: default values and masks, backed by the
    hardware at the sum of the `hardware` params' map bases + offset."""
    values = v.element.findall("value")
    flags = []
    defaults = []
    for name, flag in _MEMORY_VALUES:
        default = next((hex_attr(x, "value") for x in values
                        if x.get("type") == f"default_{name}"), 0)
        defaults.append(default)
        for x in values:
            if x.get("type") == name and hex_attr(x, "value") != default:
                # fix: the original referenced an array it never defined
                raise at(x, f"value value: memory32 vdev '{v.ident}': per-offset {name} "
                            f"values are not supported ({x.get('value')} at offset "
                            f"{x.get('offset', '0x0')} differs from the default "
                            f"{format_hex(default)})")
        flags.append(flag)
    # quirk: the original read each map base with index -1 (a per-CPU base
    # without a `[-1]` entry counts 0)
    hw = sum(table_get(sc.hv_map(p.get("xref", ""), p, "xref").base, -1)
             for p in v.element.findall("param") if p.get("type") == "hardware")
    hw += next((hex_attr(x, "value") for x in values if x.get("type") == "hardware_offset"), 0)
    fields = ["|".join(flags) or "0", *map(format_hex, defaults), "NULL",
              f"(volatile uint32_t *){format_hex(hw)}", "NULL", "NULL", "NULL", "NULL"]
    return [Definition(RO, "emulate_memory", f"vdev_{v.ident}", inline(fields))]


# --- the kind table ------------------------------------------------------------

ANY = "*"  # any frontend

KINDS: dict[tuple[str, str], Kind] = {
    ("timer", "sp804"): Kind("timer", "EMULATE_TYPE_TIMER_SP804", False, 1,
                             _empty("emulate_timer_sp804")),
    ("timer", "mpcore"): Kind("timer", "EMULATE_TYPE_TIMER_MPCORE", True, 1,
                              _empty_per_cpu("emulate_timer_mpcore")),
    ("clock", "mpcore"): Kind("clock", "EMULATE_TYPE_CLOCK_MPCORE", False, 1,
                              _empty("emulate_clock_mpcore")),
    ("vtlb", ANY): Kind("vtlb", "EMULATE_TYPE_VTLB", True, 0, _vtlb),
    ("irq_controller", "arm_gic"): Kind("irq_controller", "EMULATE_TYPE_IRQ_GIC", True, 2,
                                        _irq_gic),
    ("serial", "16550"): Kind("serial", "EMULATE_TYPE_UART_16450", False, 1, None),
    ("serial", "pl011"): Kind("serial", "EMULATE_TYPE_UART_PL011", False, 1,
                              _empty("emulate_uart_pl011")),
    ("memory32", ANY): Kind("memory32", "EMULATE_TYPE_MEMORY_32BIT", False, 1, _memory32),
}
_TYPES = sorted({t for t, _ in KINDS})


def kind_of(vdev: etree._Element) -> Kind:
    """The vdev's kind, checked: type, frontend and `<emulate>` count."""
    ident = vdev.get("id", "")
    vtype = vdev.get("type", "")
    frontend = vdev.get("frontend", "")
    kind = KINDS.get((vtype, frontend)) or KINDS.get((vtype, ANY))
    if kind is None:
        if vtype not in _TYPES:
            raise at(vdev, f"vdev type: unknown type '{vtype}' of vdev '{ident}' "
                           f"(known: {', '.join(_TYPES)})")
        known = ", ".join(f for t, f in KINDS if t == vtype)
        raise at(vdev, f"vdev frontend: unknown {vtype} frontend '{frontend}' of vdev "
                       f"'{ident}' (known: {known})")
    # the original's order of checks: kind, generator, <emulate> count, then
    # (in the vtlb generator) the paging format
    if kind.define is None:
        raise at(vdev, f"vdev frontend: {vtype} vdev '{ident}': frontend '{frontend}' has no "
                       "generator (the original Phidias CBI has none)")
    count = len(vdev.findall("emulate"))
    if count != kind.emulates:
        raise at(vdev, f"vdev emulate: {vtype} vdev '{ident}' ({frontend}) needs "
                       f"{kind.emulates} <emulate>, has {count}")
    if vtype == "vtlb" and frontend not in _VTLB_FORMATS:
        raise at(vdev, f"vdev frontend: unknown vtlb paging format '{frontend}' of vdev "
                       f"'{ident}' (known: {', '.join(_VTLB_FORMATS)})")
    return kind
