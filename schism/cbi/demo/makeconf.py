"""Stage -1 for the demo CBI: `O/Makeconf`, which the demo hypervisor's
Makefile includes (examples/demo-hypervisor/Makefile)."""

from __future__ import annotations

from lxml import etree

from schism import cbi as registry
from schism.errors import SchismError, at

SUPPORTED_ARCH = "arm64"


def _platform_value(platform: etree._Element, kind: str) -> str | None:
    inline = platform.find(kind)
    return platform.get(kind) or (inline.get("id") if inline is not None else None)


def makeconf(scenario: etree._ElementTree) -> str:
    root = scenario.getroot()
    platform = root.find("platform")
    if platform is None:
        raise at(root, "scenario: no <platform>")
    arch = _platform_value(platform, "arch")
    board = _platform_value(platform, "board")
    if arch != SUPPORTED_ARCH:
        raise at(platform, f"platform arch: the demo hypervisor runs on {SUPPORTED_ARCH} only, "
                           f"not '{arch or ''}'")
    lines = [
        "# Build configuration of the demo hypervisor (schism demo CBI, stage -1)",
        f"ARCH := {arch}",
        f"PLATFORM := {registry.make_value(platform, 'board', board) if board else ''}",
    ]
    try:
        lines.append(f"CROSS_COMPILE := {registry.cross_prefix(arch, platform)}")
    except SchismError:
        lines.append("# no cross compiler on PATH: `make install` uses the committed demo.elf")
    return "\n".join(lines) + "\n"
