"""A large laid-out scenario (N guests, shaped like the reference example's
scenario_v_laidout.xml) for the validator's speed test and benchmark."""

from __future__ import annotations

HEAD = """<scenario version="1.00" cbi="phidias" image="raw">
 <platform arch="arm64" board="b">
  <board id="b">
   <device id="serial" base="0x3f201000" size="0x1000"/>
   <memory id="dram" base="0x0" size="0x3a000000">
    <memreq id="core_rx" base="0x0" size="0x1000" flags_demand="rxg" flags_prevent="wdus" on="dram"/>
    <memreq id="stack" base="[0]=0x1bf000;[1]=0x1c0000;[2]=0x1c1000;[3]=0x1c2000" size="0x1000"
      cpumap="[0,1,2,3]" flags_demand="rwg" flags_prevent="xdus" on="dram"/>
"""
MEMREQS = """    <memreq id="g{i}_main" base="[{c}]=0x{b:x}" size="0x100000" cpumap="[{c}]" flags_demand="rw" flags_prevent="xdus" on="dram"/>
    <memreq id="g{i}_arch" base="[{c}]=0x{a:x}" size="0x1000" cpumap="[{c}]" flags_demand="rwg" flags_prevent="xdus" on="dram"/>
"""
ARCH = """   </memory>
  </board>
  <arch id="arm64">
   <paging_format id="fmt" va_width="64" pa_width="64" size_estimate="0x10000">
    <level leaf_base="0x463" shift="12" width="9" bpe="8" align="12">
     <flag name="r" value_set="0x0" value_clear="0x0"/>
     <flag name="w" value_set="0x0" value_clear="0x80"/>
    </level>
   </paging_format>
  </arch>
 </platform>
 <hypervisor ncpus="4" load_base="0x0" entry="0x0">
  <feature name="debugger" value="yes"/>
  <mmu type="hardware" format="fmt" base="[-1]=0x9000;[0]=0x10000;[1]=0x16000;[2]=0x1a000;[3]=0x1e000">
   <map xref="serial" base="0x8000099000" flags="wrgd"/>
   <map xref="core_rx" base="0x8000000000" flags="rxg" is_init="is_init"/>
   <map xref="stack" base="[0]=0x80000a1000;[1]=0x80000a3000;[2]=0x80000a5000;[3]=0x80000a7000" flags="rwg"/>
"""
HVMAPS = """   <map xref="g{i}_main" base="[{c}]=0x{v:x}" cpumap="[{c}]" flags="rw"/>
   <map xref="g{i}_arch" base="[{c}]=0x{w:x}" cpumap="[{c}]" flags="rwg"/>
"""
GUEST = """ <guest id="g{i}" ncpus="1" cpumap="[{c}]">
  <vdev id="g{i}_uart" type="serial" frontend="pl011" master="master">
   <emulate base="0x10009000" size="0x1000"/>
  </vdev>
  <vdev id="g{i}_irqs" type="irq_controller" frontend="arm_gic" master="master">
   <emulate base="0xffefe000" size="0x1000"/>
   <emulate base="0xffeff000" size="0x1000"/>
  </vdev>
  <vdev id="g{i}_mem" type="memory32" frontend="x">
   <param type="hardware" xref="g{i}_arch"/>
   <value type="mem_value" offset="0x0" value="0x0"/>
  </vdev>
  <mmu type="hardware" format="fmt" base="[0]=0x{t:x}">
   <map xref="g{i}_main" base="0x40000000" flags="rwx"/>
   <map xref="g{i}_arch" base="0x3fffc000" flags="rw"/>
  </mmu>
  <init arch_page="g{i}_arch">
   <copy xref="kernel" dref="g{i}_main" offset="0x8000"/>
   <irq vector="0x1b" handler="timer"/>
   <cap type="ipc" target_xref="g{j}" param="0x1"/>
  </init>
  <entry bp_xref="g{i}_main" bp_offset="0x8000"/>
  <sched class="wfq" cpumap="[{c}]"/>
 </guest>
"""
TAIL = """ <files>
  <file id="kernel" href="linux-Image.bin" offset="0x0" size="0x493e0"/>
 </files>
</scenario>
"""


def scenario(guests: int) -> bytes:
    """The document as bytes: about 31 elements per guest."""
    parts = [HEAD]
    for i in range(guests):
        parts.append(MEMREQS.format(i=i, c=i % 4, b=0x200000 + i * 0x101000, a=0x300000 + i * 0x101000))
    parts.append(ARCH)
    for i in range(guests):
        parts.append(HVMAPS.format(i=i, c=i % 4, v=0x8000200000 + i * 0x200000, w=0x8100000000 + i * 0x2000))
    parts.append("  </mmu>\n </hypervisor>\n")
    for i in range(guests):
        parts.append(GUEST.format(i=i, c=i % 4, j=(i + 1) % guests, t=0x22000 + i * 0x3000))
    parts.append(TAIL)
    return "".join(parts).encode()
