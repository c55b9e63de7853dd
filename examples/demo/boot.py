#!/usr/bin/env python3
"""Boot a schism image in QEMU's virt machine and report what the demo
hypervisor printed (docs/demo.md).

    boot.py O                       boot O/image (raw), O/uimage (uboot) or
                                    O/image.efi (efi-pe)
    boot.py O --image FILE          boot another image of the same scenario

Load address, entry point and memory size come from O/scenario_pagetables.xml
(hypervisor/@load_base, @entry, and the board memory at 0x40000000, which must
be what `-m` gives QEMU).  A raw image is loaded at load_base with QEMU's
generic loader and CPU 0 starts at entry (EL2, MMU off); a U-Boot image is
handed to the same loader, which takes address and entry from its header.
An EFI application is started by UEFI firmware (--firmware) from a FAT drive.

The hypervisor powers the machine off (PSCI SYSTEM_OFF) after its last line.
Exit status: 0 if the UART output has "schism-demo: OK" and no FAIL line,
1 on failure or timeout, 2 on usage errors.  Standard library only.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

OK_LINE = "schism-demo: OK"
FAIL_MARK = "schism-demo: FAIL"
RAM_BASE = 0x40000000  # QEMU virt
FIRMWARE = ("/usr/share/qemu-efi-aarch64/QEMU_EFI.fd", "/usr/share/AAVMF/AAVMF_CODE.fd")


def _hex(text: str | None) -> int:
    if text is None:
        raise ValueError("missing")
    return int(text, 16)


def scenario_facts(build_dir: Path) -> dict[str, object]:
    """load_base, entry, memory size and image kind of the built scenario."""
    path = build_dir / "scenario_pagetables.xml"
    root = ET.parse(path).getroot()
    hv = root.find("hypervisor")
    if hv is None:
        raise SystemExit(f"{path}: no <hypervisor>")
    memory = [m for m in root.iter("memory") if _hex(m.get("base")) == RAM_BASE]
    if not memory:
        raise SystemExit(f"{path}: no board memory at {RAM_BASE:#x} (not QEMU virt?)")
    return {
        "load_base": _hex(hv.get("load_base")),
        "entry": _hex(hv.get("entry")),
        "ram": _hex(memory[0].get("size")),
        "kind": root.get("image", "raw"),
    }


def qemu_command(qemu: str, image: Path, facts: dict, firmware: str | None,
                 workdir: Path) -> list[str]:
    ram_mib = max(facts["ram"] >> 20, 1)
    cmd = [qemu, "-M", "virt,virtualization=on", "-cpu", "cortex-a57", "-nographic",
           "-m", f"{ram_mib}M", "-no-reboot", "-monitor", "none", "-serial", "stdio",
           # No network device: the demo needs none, and QEMU's default NIC
           # wants a boot ROM (efi-virtio.rom) from the optional ipxe-qemu.
           "-nic", "none"]
    kind = facts["kind"]
    if kind == "efi-pe":
        if firmware is None:
            raise SystemExit("no UEFI firmware found (use --firmware)")
        boot = workdir / "esp" / "EFI" / "BOOT"
        boot.mkdir(parents=True)
        shutil.copyfile(image, boot / "BOOTAA64.EFI")
        return cmd + ["-bios", firmware, "-drive",
                      f"if=virtio,format=raw,readonly=on,file=fat:{workdir / 'esp'}"]
    if kind == "uboot":
        return cmd + ["-device", f"loader,file={image},cpu-num=0"]
    load = facts.get("load_at", facts["load_base"])
    entry = facts["entry"] - facts["load_base"] + load
    return cmd + [
        "-device", f"loader,file={image},addr={load:#x},force-raw=on",
        "-device", f"loader,addr={entry:#x},cpu-num=0",
    ]


def run(cmd: list[str], timeout: float, out=sys.stdout) -> tuple[bool, str]:
    """Run QEMU, echo its output, stop it once the final line is out; return
    (success, output)."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    os.set_blocking(proc.stdout.fileno(), False)
    text = ""
    deadline = time.monotonic() + timeout
    done_at = None
    while True:
        chunk = proc.stdout.read()
        if chunk:
            piece = chunk.decode("utf-8", "replace")
            text += piece
            out.write(piece)
            out.flush()
            if done_at is None and (OK_LINE in text or FAIL_MARK in text):
                done_at = time.monotonic()  # the last lines follow at once
        if proc.poll() is not None:
            rest = proc.stdout.read()
            if rest:
                text += rest.decode("utf-8", "replace")
                out.write(rest.decode("utf-8", "replace"))
            break
        now = time.monotonic()
        if now > deadline or (done_at is not None and now - done_at > 2.0):
            proc.kill()
            proc.wait()
            if done_at is None:
                out.write(f"\nboot.py: timeout after {timeout:g} s\n")
            break
        time.sleep(0.02)
    lines = text.replace("\r", "").splitlines()
    ok = OK_LINE in lines and not any(line.startswith(FAIL_MARK) for line in lines)
    return ok, text


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("build_dir", type=Path, help="the schism build directory O")
    p.add_argument("--image", type=Path, help="image file (default: O/image or O/uimage)")
    p.add_argument("--load-at", type=lambda t: int(t, 0), metavar="ADDR",
                   help="load a raw image at ADDR instead of load_base (the hypervisor "
                        "then moves itself, as after UEFI)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    p.add_argument("--qemu", default="qemu-system-aarch64")
    p.add_argument("--firmware", default=next((f for f in FIRMWARE if Path(f).exists()), None),
                   help="UEFI firmware for efi-pe images")
    ns = p.parse_args(argv)
    try:
        facts = scenario_facts(ns.build_dir)
    except (OSError, ET.ParseError, ValueError) as e:
        print(f"boot.py: {ns.build_dir}: {e}", file=sys.stderr)
        return 2
    if ns.load_at is not None:
        facts["load_at"] = ns.load_at
    image = ns.image
    if image is None:
        names = {"uboot": "uimage", "efi-pe": "image.efi"}
        image = ns.build_dir / names.get(str(facts["kind"]), "image")
    if not image.is_file():
        print(f"boot.py: no image {image}", file=sys.stderr)
        return 2
    if shutil.which(ns.qemu) is None:
        print(f"boot.py: {ns.qemu} not found", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        cmd = qemu_command(ns.qemu, image.resolve(), facts, ns.firmware, Path(tmp))
        print("boot.py: " + " ".join(cmd), flush=True)
        ok, _ = run(cmd, ns.timeout)
    print(f"boot.py: {'OK' if ok else 'FAILED'}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
