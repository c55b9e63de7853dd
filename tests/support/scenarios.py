"""Scenario texts several test folders start from."""

MINIMAL = """<scenario version="1.00" cbi="phidias" image="raw">
  <platform board="raspberrypi3" arch="arm64"/>
  <hypervisor ncpus="1" load_base="0x0">
    <mmu type="hardware" format="arm64:g4io40"/>
  </hypervisor>
</scenario>
"""
