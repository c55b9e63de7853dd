"""The shared binaries, one copy each in tests/support/fixtures/.

Golden cases (and tests/combine/data) name them with relative symlinks, e.g.
tests/golden/rpi3/phidias.elf -> ../../support/fixtures/phidias-arm64.elf,
so a case directory reads as the build directory it stands for.
"""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
REPO = TESTS.parent
GOLDEN = TESTS / "golden"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EPOCH = "1795610239"  # SOURCE_DATE_EPOCH of the golden cases (case.env): 2026/11/25 12:37:19 UTC

PHIDIAS_ARM64_ELF = FIXTURES / "phidias-arm64.elf"  # the Phidias build of the arm64 cases
PHIDIAS_ARM_ELF = FIXTURES / "phidias-arm.elf"  # ... of the arm (32-bit) cases
PHIDIAS_CONFIG_XO = FIXTURES / "phidias-config.xo"  # their stage-3 configuration object
PHIDIAS_V0010_CONFIG_XO = FIXTURES / "phidias-v0010-config.xo"  # phidias-v0.010's
LINUX_IMAGE = FIXTURES / "linux-Image.bin"  # the rpi3 guest payload (300000 bytes)
IMAGE = FIXTURES / "Image"  # the payload of the measure-* cases
