"""examples/phidias-rpi3: the golden case is the example, and the example
builds and boots (slow: it builds Phidias v0.010 from a scratch copy and
boots it under qemu-system-aarch64 -M raspi3b)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support.fixtures import GOLDEN

from .helpers import BOOT, DATA, EXAMPLE, QEMU, SOURCE, missing

GUEST_LINE = "schism guest: hello from EL1 on Phidias v0.010"


def test_the_golden_case_is_the_example():
    case = GOLDEN / "phidias-v0010-rpi3"
    assert (case / "scenario.xml").read_bytes() == (EXAMPLE / "scenario.xml").read_bytes()


def _boot(o, scenario):
    reason = missing("qemu-system-aarch64")
    if reason is not None:
        pytest.skip(reason)
    done = subprocess.run([sys.executable, str(BOOT), str(o), "--scenario", str(scenario),
                           "--phidias", str(SOURCE), "--timeout", "60"],
                          capture_output=True, timeout=600, check=False)
    text = done.stdout.decode("utf-8", "replace").replace("\r", "")
    return done.returncode, text.splitlines(), done.stderr.decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.skipif(QEMU is None, reason="qemu-system-aarch64 not found")
@pytest.mark.parametrize("scenario", [EXAMPLE / "scenario.xml", DATA / "two_memreqs.xml"],
                         ids=["example", "two-memreqs"])
def test_boots_and_the_guest_prints(tmp_path, scenario):
    rc, lines, err = _boot(tmp_path / "O", scenario)
    assert rc == 0, "\n".join(lines[-30:]) + err
    banner = next(i for i, line in enumerate(lines) if "PHIDIAS v0.010" in line)
    assert "PHIDIAS CPU #0 up." in "".join(lines[banner:])
    assert GUEST_LINE in lines[banner + 1:]
    assert lines[-1] == "boot.py: OK"
