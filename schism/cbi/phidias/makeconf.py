"""Stage -1 for Phidias: the `Makeconf` its build reads (docs/phidias.md P1)."""

from __future__ import annotations

from lxml import etree

from schism import cbi
from schism.errors import at

# <feature name> -> Makeconf line template, in the order the lines are written.
_FEATURE_LINES: tuple[tuple[str, str], ...] = (
    ("debugger", "FEATURE_DEBUG := {value}"),
    ("driver:uart", "UART_DRIVER_{VALUE} := yes"),
    ("driver:timer", "TIMER_DRIVER_{VALUE} := yes"),
    ("driver:clock", "CLOCK_DRIVER_{VALUE} := yes"),
    ("driver:irq", "IRQ_DRIVER_{VALUE} := yes"),
)


def head(root: etree._Element) -> list[str]:
    """ARCH, PLATFORM and TARGET_PREFIX: the lines every Phidias Makeconf starts with."""
    platform = root.find("platform")
    if platform is None:
        raise at(root, "scenario: no <platform> (Makeconf needs its arch and board)")
    arch = _required(platform, "arch")
    board = _required(platform, "board")
    return [
        f"ARCH := {arch}",
        f"PLATFORM := {board}",
        f"TARGET_PREFIX := {cbi.cross_prefix(arch, platform)}",
    ]


def makeconf(scenario: etree._ElementTree) -> str:
    root = scenario.getroot()
    lines = head(root)
    features = root.findall("hypervisor/feature")
    for name, template in _FEATURE_LINES:
        for feature in features:
            if feature.get("name") == name:
                value = feature.get("value", "")
                lines.append(template.format(value=value, VALUE=value.upper()))
    return "\n".join(lines) + "\n"


def _required(platform: etree._Element, name: str) -> str:
    value = platform.get(name)
    if not value:
        raise at(platform, f"platform {name}: missing (Makeconf needs it)")
    return value

