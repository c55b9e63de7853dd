#!/usr/bin/env python3
"""Build the Phidias v0.010 example for raspberrypi3 with schism and boot it
in QEMU (docs/phidias.md, "The example").

    boot.py [O]                     build into O (default build/phidias-rpi3), boot
    boot.py O --scenario FILE       another scenario of the same guest
    boot.py O --phidias DIR         the Phidias v0.010 source (default: $PHIDIAS_SRC,
                                    else ../shared/reference/phidias-v0.010 beside the repo)
    boot.py O --no-build            boot O/image as it is

Steps: the guest (`make -C examples/phidias-rpi3 O=O`); a scratch copy of the
Phidias source in O/phidias-v0.010 with its qemu-raspi3b.patch applied (the
source itself is never changed); `make O=O HYPERVISOR_SRC=<copy>/core` with
schism's Makefile (stage 0 gets the variables the CBI names); then

    qemu-system-aarch64 -M raspi3b -nographic -nic none -kernel O/image

until the serial console has shown the Phidias banner and then the guest's
line. Exit status: 0 when both appeared, 1 on a failure or timeout, 2 on
usage errors (missing source, tool or file).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "reference" / "phidias-v0.010"
PATCH = "qemu-raspi3b.patch"
BANNER = "PHIDIAS v0.010"
GUEST_LINE = "schism guest: hello from EL1 on Phidias v0.010"
PAYLOAD = "hello.bin"


class Usage(Exception):
    """A missing input or tool (exit status 2)."""


def source_dir(given: Path | None) -> Path:
    src = given or Path(os.environ.get("PHIDIAS_SRC") or DEFAULT_SOURCE)
    if not (src / "core" / "Makefile").is_file() or not (src / PATCH).is_file():
        raise Usage(f"no Phidias v0.010 source at {src} (core/Makefile and {PATCH}); "
                    "give --phidias DIR or PHIDIAS_SRC")
    return src.resolve()


def scratch_copy(src: Path, dest: Path) -> Path:
    """`src` copied to `dest` with the QEMU patch applied; an existing copy
    of the same source is kept (make then rebuilds only what changed)."""
    stamp = dest / ".schism-copy-of"
    if stamp.is_file() and stamp.read_text() == str(src):
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, symlinks=True)
    with open(dest / PATCH, "rb") as patch:
        subprocess.run(["patch", "-s", "-p1"], cwd=dest, stdin=patch, check=True)
    stamp.write_text(str(src))
    return dest


def run(cmd: list[str], **kw) -> None:
    print("boot.py: " + " ".join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)


def build(o: Path, scenario: Path, src: Path) -> None:
    from lxml import etree

    from schism import cbi

    o.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(scenario, o / "scenario.xml")
    run(["make", "-s", "-C", str(HERE), f"O={o}"])
    copy = scratch_copy(src, o / "phidias-v0.010")
    # Stages -1 to 9 as an integrator runs them; stage 0 is the copy's own
    # make, with the variables the CBI names (docs/builds.md).
    run(["make", "-s", "-f", str(REPO / "Makefile"), f"O={o}", f"PYTHON={sys.executable}",
         f"HYPERVISOR_SRC={copy / 'core'}"])


def boot(image: Path, timeout: float, qemu: str = "qemu-system-aarch64") -> tuple[bool, str]:
    """Run QEMU until the banner and then the guest's line are out (or the
    timeout); (both seen, console text)."""
    cmd = [qemu, "-M", "raspi3b", "-nographic", "-nic", "none", "-kernel", str(image)]
    print("boot.py: " + " ".join(cmd), flush=True)
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    assert proc.stdout is not None
    os.set_blocking(proc.stdout.fileno(), False)
    text = ""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        chunk = proc.stdout.read()
        if chunk:
            piece = chunk.decode("utf-8", "replace")
            text += piece
            sys.stdout.write(piece)
            sys.stdout.flush()
            if seen(text):
                break
        else:
            time.sleep(0.02)
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    ok = seen(text)
    if not ok:
        print(f"\nboot.py: no {'guest line' if BANNER in text else 'banner'} "
              f"after {timeout:g} s", flush=True)
    return ok, text


def seen(text: str) -> bool:
    """The banner, then the guest's line on a line of its own."""
    lines = text.replace("\r", "").splitlines()
    banner = next((i for i, line in enumerate(lines) if BANNER in line), None)
    return banner is not None and GUEST_LINE in lines[banner + 1:]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("build_dir", type=Path, nargs="?", default=REPO / "build" / "phidias-rpi3")
    p.add_argument("--scenario", type=Path, default=HERE / "scenario.xml")
    p.add_argument("--phidias", type=Path, help="the Phidias v0.010 source tree")
    p.add_argument("--no-build", action="store_true", help="boot O/image as it is")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    ns = p.parse_args(argv)
    o = ns.build_dir.resolve()
    try:
        cross = os.environ.get("CROSS_COMPILE") or "aarch64-linux-gnu-"
        for tool in ("qemu-system-aarch64", "make", "patch", f"{cross}gcc"):
            if shutil.which(tool) is None:
                raise Usage(f"{tool} not found")
        if not ns.no_build:
            build(o, ns.scenario.resolve(), source_dir(ns.phidias))
        if not (o / "image").is_file():
            raise Usage(f"no image {o / 'image'}")
    except Usage as e:
        print(f"boot.py: {e}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as e:
        print(f"boot.py: build failed: {e}", file=sys.stderr)
        return 1
    ok, _ = boot(o / "image", ns.timeout)
    print(f"boot.py: {'OK' if ok else 'FAILED'}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
