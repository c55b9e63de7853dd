"""A stage-7 input with many guests, for the performance test: each guest has
a 1-4 MiB memreq (random page count, fixed seed) on one host CPU, mapped in
its own guest table and, as stage 2b adds, in the hypervisor's table of that
CPU."""

from __future__ import annotations

import random

from schism.ext.values import align_up

from .scen import arch

MiB = 1 << 20


def big_scenario(guests: int = 1600, ncpus: int = 4, seed: int = 7) -> str:
    rng = random.Random(seed)
    reqs, hv_maps, guest_els = [], [], []
    pa, va = 0x4000000, 0x8001000000
    for i in range(guests):
        size = rng.randint(MiB >> 12, (4 * MiB) >> 12) << 12
        shift = 21 if size >= 2 * MiB else 12  # stage 5's preferred alignment
        pa = align_up(pa, shift)
        va = align_up(va + 0x1000, shift)
        cpu = i % ncpus
        reqs.append(f'<memreq id="g{i}_main" base="[{cpu}]=0x{pa:x}" size="0x{size:x}" '
                    f'cpumap="[{cpu}]" flags_demand="rw" flags_prevent="xdus" on="dram"/>')
        hv_maps.append(f'<map xref="g{i}_main" base="[{cpu}]=0x{va:x}" cpumap="[{cpu}]" '
                       f'flags="rw"/>')
        guest_els.append(
            f'<guest id="g{i}" ncpus="1" cpumap="[{cpu}]">'
            f'<mmu type="hardware" format="arm64:g4io40n">'
            f'<map xref="g{i}_main" base="0x40000000" flags="rwx"/>'
            f'<map xref="uart" base="0x9000000" flags="rwd"/></mmu>'
            f'<init arch_page="g{i}_main"/><entry bp_xref="g{i}_main" bp_offset="0x0"/>'
            f'<sched class="wfq"/></guest>')
        pa += size
        va += size
    estimate = (ncpus + 1 + guests) * 0x10000
    return f"""<scenario version="1.00" cbi="phidias" image="raw">
  <platform arch="arm64" board="big">
    <board id="big">
      <device id="uart" base="0x9000000" size="0x1000"/>
      <memory id="dram" base="0x0" size="0x400000000">
        <memreq id="core_rx" base="0x0" size="0x20000" flags_demand="rxg"
                flags_prevent="wdus" on="dram"/>
        <memreq id="pagetables" base="0x200000" size="0x{estimate:x}" flags_demand=""
                flags_prevent="rwxgdus" on="dram"/>
        {"".join(reqs)}
      </memory>
    </board>
    {arch("arm64")}
  </platform>
  <hypervisor ncpus="{ncpus}" load_base="0x0" entry="0x0">
    <mmu type="hardware" format="arm64:g4io40">
      <map xref="core_rx" base="0x8000000000" flags="rxg" is_init="is_init"/>
      <map xref="uart" base="0x8000100000" flags="wrgd"/>
      {"".join(hv_maps)}
    </mmu>
  </hypervisor>
  {"".join(guest_els)}
</scenario>
"""
