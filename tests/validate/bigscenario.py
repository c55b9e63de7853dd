"""A large laid-out scenario (N guests shaped like the reference example's
linux1, in the form of scenario_v_laidout.xml) for the speed test."""

from __future__ import annotations

_MEMREQ = (
    '<memreq id="{id}" base="{base}" size="{size}" cpumap="{cpumap}"'
    ' flags_demand="{fd}" flags_prevent="xdus" on="dram"/>\n'
)
_HEAD = (
    '<scenario version="1.00" cbi="phidias" image="raw">\n'
    '<platform arch="arm64" board="b">\n<board id="b">\n'
    '<device id="serial" base="0x3f201000" size="0x1000"/>\n'
    '<memory id="dram" base="0x0" size="0x3a000000">\n'
    '<memreq id="core_rx" base="0x0" size="0x1000" flags_demand="rxg"'
    ' flags_prevent="wdus" on="dram"/>\n'
)
_ARCH = (
    "</memory>\n</board>\n"
    '<arch id="arm64">\n'
    '<paging_format id="fmt" va_width="64" pa_width="64" size_estimate="0x10000">\n'
    '<level leaf_base="0x463" shift="12" width="9" bpe="8" align="12">\n'
    '<flag name="r" value_set="0x0" value_clear="0x0"/>\n'
    '<flag name="w" value_set="0x0" value_clear="0x80"/>\n'
    "</level>\n</paging_format>\n</arch>\n</platform>\n"
    '<hypervisor ncpus="4" load_base="0x0" entry="0x0">\n'
    '<feature name="debugger" value="yes"/>\n'
    '<mmu type="hardware" format="fmt" base="[-1]=0x9000;[0]=0x10000;[1]=0x16000">\n'
    '<map xref="serial" base="0x8000099000" flags="wrgd"/>\n'
    '<map xref="core_rx" base="0x8000000000" flags="rxg" is_init="is_init"/>\n'
)
_HV_MAP = '<map xref="{xref}" base="[{c}]=0x{base:x}" cpumap="[{c}]" flags="{flags}"/>\n'
_GUEST = """<guest id="g{i}" ncpus="1" cpumap="[{c}]">
<vdev id="g{i}_uart" type="serial" frontend="pl011" master="master">
<emulate base="0x10009000" size="0x1000"/>
</vdev>
<vdev id="g{i}_irqs" type="irq_controller" frontend="arm_gic" master="master">
<emulate base="0xffefe000" size="0x1000"/>
<emulate base="0xffeff000" size="0x1000"/>
</vdev>
<vdev id="g{i}_mem" type="memory32" frontend="x">
<param type="hardware" xref="g{i}_arch"/>
<param type="hardware" xref="serial"/>
<value type="default_mem_value" value="0x0"/>
<value type="mem_value" offset="0x{i:x}" value="0x{i:x}"/>
<value type="mask_mem_r" offset="0x4" value="0xffffffff"/>
<value type="mask_hw_w" offset="0x8" value="0xff"/>
<emulate base="0x{e:x}" size="0x1000" offset="0x0"/>
</vdev>
<mmu type="hardware" format="fmt" base="[0]=0x{t:x}">
<map xref="g{i}_main" base="0x40000000" flags="rwx"/>
<map xref="g{i}_arch" base="0x3fffc000" flags="rw"/>
</mmu>
<init arch_page="g{i}_arch">
<copy xref="kernel" dref="g{i}_main" offset="0x8000"/>
<irq vector="0x1b" handler="timer"/>
<irq vector="0x1c" handler="uart"/>
<cap type="ipc" target_xref="g{j}" param="0x1"/>
</init>
<entry bp_xref="g{i}_main" bp_offset="0x8000"/>
<sched class="wfq" cpumap="[{c}]"/>
</guest>
"""
_TAIL = (
    '<files>\n<file id="kernel" href="linux-Image.bin" offset="0x0" size="0x493e0"/>\n'
    "</files>\n</scenario>\n"
)


def scenario(guests: int) -> bytes:
    """The document: 4 + 31 elements per guest (1600 guests: about 50k)."""
    parts = [_HEAD]
    for i in range(guests):
        c, step = f"[{i % 4}]", i * 0x101000
        parts.append(_MEMREQ.format(
            id=f"g{i}_main", base=f"{c}=0x{0x200000 + step:x}", size="0x100000", cpumap=c, fd="rw"
        ))
        parts.append(_MEMREQ.format(
            id=f"g{i}_arch", base=f"{c}=0x{0x300000 + step:x}", size="0x1000", cpumap=c, fd="rwg"
        ))
    parts.append(_ARCH)
    for i in range(guests):
        c = i % 4
        parts.append(_HV_MAP.format(xref=f"g{i}_main", c=c, base=0x80_0020_0000 + i * 0x200000,
                                    flags="rw"))
        parts.append(_HV_MAP.format(xref=f"g{i}_arch", c=c, base=0x81_0000_0000 + i * 0x2000,
                                    flags="rwg"))
    parts.append("</mmu>\n</hypervisor>\n")
    for i in range(guests):
        parts.append(_GUEST.format(i=i, c=i % 4, j=(i + 1) % guests, t=0x22000 + i * 0x3000,
                                   e=0x5000_0000 + i * 0x1000))
    parts.append(_TAIL)
    return "".join(parts).encode()
