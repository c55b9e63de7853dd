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
    arch = cbi.make_value(platform, "arch", _required(platform, "arch"))
    board = cbi.make_value(platform, "board", _required(platform, "board"))
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
                lines.append(feature_line(feature, template))
    return "\n".join(lines) + "\n"


def feature_line(feature: etree._Element, template: str) -> str:
    """A feature's Makeconf line: `{value}` as given, `{VALUE}` upper-cased as
    part of a variable name; each checked for what make allows there."""
    value = feature.get("value")
    if value is None:
        raise at(feature, "feature value: required attribute is missing")
    of = f" of feature '{feature.get('name')}'"
    if "{VALUE}" in template:
        cbi.make_name_part(feature, "value", value, of)
    if "{value}" in template:
        cbi.make_value(feature, "value", value, of)
    return template.format(value=value, VALUE=value.upper())


def _required(platform: etree._Element, name: str) -> str:
    value = platform.get(name)
    if not value:
        raise at(platform, f"platform {name}: missing (Makeconf needs it)")
    return value

