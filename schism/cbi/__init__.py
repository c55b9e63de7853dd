"""CBI plug-ins: what schism needs from a hypervisor's Configuration Binary Interface.

A CBI knows the hypervisor's build configuration (stage -1), its implicit
memory requests and maps (`default_hypervisor_<name>.xml`, stage 1), the C
source of its configuration (stages 3 and 8) and the linker script that lays
that source out as three load segments r, rw, rws (stages 3 and 8).

Built-in CBIs (`phidias`, `phidias-v0.010`, `demo`) are imported on first use; third-party ones
register an entry point in the group `schism.cbi` whose object is a CBI
instance or a class/factory called without arguments (docs/cbi.md).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from lxml import etree

from schism import deps
from schism.errors import SchismError, at

if TYPE_CHECKING:
    from importlib import metadata

ENTRY_POINT_GROUP = "schism.cbi"

# name -> module holding the attribute `CBI` (imported lazily: fast start-up)
_BUILTIN: dict[str, str] = {
    "phidias": "schism.cbi.phidias",
    "phidias-v0.010": "schism.cbi.phidias_v0010",
    "demo": "schism.cbi.demo",
}


@runtime_checkable
class CBI(Protocol):
    """The interface every CBI plug-in provides."""

    name: str
    default_hypervisor: Path  # its default_hypervisor_<name>.xml
    config_linker_script: Path  # links config objects as 3 load segments r, rw, rws

    def makeconf(self, scenario: etree._ElementTree) -> str:
        """Stage -1: the content of `O/Makeconf` for `scenario.xml`."""
        ...

    def generate_config(self, scenario: etree._ElementTree, iteration: int) -> str:
        """Stages 3 (iteration 1) and 8 (iteration 2): the configuration's C source."""
        ...

    # Optional members, outside the structural check so that CBIs written
    # before them still qualify; read them through the functions below:
    #   hypervisor_make_variables(scenario) -> dict[str, str]   default {}
    #   hypervisor_elf: str                                      default "<name>.elf"
    #   xmllib: Path   a library directory searched before the bundled one


def hypervisor_make_variables(cbi: CBI, scenario: etree._ElementTree) -> dict[str, str]:
    """Stage 0: the variables to pass on make's command line (`VAR=value`
    words) when building the hypervisor for `scenario.xml`; {} when the CBI
    has none."""
    method = getattr(cbi, "hypervisor_make_variables", None)
    return {} if method is None else dict(method(scenario))


def hypervisor_elf(name: str) -> str:
    """The file in O that stage 0 writes and stages 4 and 9 read: the CBI's
    `hypervisor_elf`, else `<name>.elf` (also for a CBI that is not known)."""
    try:
        found = lookup(name)
    except SchismError:
        found = None
    return getattr(found, "hypervisor_elf", None) or f"{name}.elf"


def library_dir(name: str) -> Path | None:
    """The CBI's own library directory (`xmllib`), or None (also for a name
    no CBI has: stage 1 reports that at the scenario)."""
    try:
        found = lookup(name)
    except SchismError:
        return None
    return getattr(found, "xmllib", None)


_loaded: dict[str, CBI] = {}
_registered: dict[str, Callable[[], CBI]] = {}


def register(name: str, factory: Callable[[], CBI]) -> None:
    """Register a CBI in this process (tests, embedding); wins over all others."""
    _registered[name] = factory
    _loaded.pop(name, None)


def unregister(name: str) -> None:
    _registered.pop(name, None)
    _loaded.pop(name, None)


def _entry_points() -> dict[str, metadata.EntryPoint]:
    from importlib import metadata  # only for a CBI that is not built in (slow to import)

    return {ep.name: ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}


def known() -> list[str]:
    """Every CBI name lookup() accepts, sorted."""
    return sorted(set(_BUILTIN) | set(_entry_points()) | set(_registered))


def _instantiate(obj: object) -> CBI:
    """An entry point may name a class or factory (called) or an instance (used)."""
    return obj() if isinstance(obj, type) or not hasattr(obj, "generate_config") else obj


def lookup(name: str) -> CBI:
    """The CBI called `name`: registered, built-in, then entry point."""
    if name in _loaded:
        return _loaded[name]
    if name in _registered:
        cbi = _registered[name]()
    elif name in _BUILTIN:
        cbi = _instantiate(importlib.import_module(_BUILTIN[name]).CBI)
    else:
        ep = _entry_points().get(name)
        if ep is None:
            raise SchismError(f"unknown CBI '{name}' (known: {', '.join(known())})")
        cbi = _instantiate(ep.load())
    _loaded[name] = cbi
    deps.package(type(cbi).__module__)  # its modules are inputs of the stages using it
    return cbi


# --- helpers the CBIs share -------------------------------------------------

# Cross-compiler prefixes per platform arch, first found on PATH wins
# (docs/cbi.md -1.2; the Debian names are this project's addition).
CROSS_PREFIXES: dict[str, tuple[str, ...]] = {
    "arm64": ("aarch64-unknown-elf-", "aarch64-unknown-linux-gnu-", "aarch64-linux-gnu-"),
    "arm": ("arm-none-eabi-", "arm-linux-gnueabihf-"),
}


# What a Makeconf line `NAME := value` may hold from the scenario: one make
# word that neither make nor a shell reads anything into ('$', '#', quotes,
# backslashes, spaces and newlines would start expansions, comments, words
# or new lines of make code).
_MAKE_VALUE = re.compile(r"[A-Za-z0-9_.,+/@%~:-]+")
_MAKE_NAME = re.compile(r"[A-Za-z0-9_]+")


def make_value(element: etree._Element | None, attribute: str, value: str,
               of: str = "") -> str:
    """`value` for the right-hand side of a Makeconf line, or a located error
    `<element> <attribute>: '<value>'<of> ...`."""
    if not _MAKE_VALUE.fullmatch(value):
        raise _error(element, f"{_name(element)} {attribute}: {value!r}{of} cannot be written "
                              "into Makeconf (make code): use letters, digits and "
                              "_ . , + / @ % ~ : -")
    return value


def make_name_part(element: etree._Element | None, attribute: str, value: str,
                   of: str = "") -> str:
    """`value` as part of a make variable name (`UART_DRIVER_<VALUE>`)."""
    if not _MAKE_NAME.fullmatch(value):
        raise _error(element, f"{_name(element)} {attribute}: {value!r}{of} becomes part of a "
                              "make variable name (letters, digits and '_' only)")
    return value


def _name(element: etree._Element | None) -> str:
    return element.tag if element is not None else "scenario"


def cross_prefix(arch: str, element: etree._Element | None = None) -> str:
    """The cross-compiler prefix for `arch`: $CROSS_COMPILE, else the first
    candidate whose `<prefix>gcc` is on PATH."""
    override = deps.environ("CROSS_COMPILE")
    if override is not None and override != "":
        if not _MAKE_VALUE.fullmatch(override):
            raise SchismError(f"CROSS_COMPILE: {override!r} cannot be written into Makeconf "
                              "(one word of letters, digits and _ . , + / @ % ~ : -)")
        return override
    candidates = CROSS_PREFIXES.get(arch)
    if candidates is None:
        msg = f"platform arch: no cross compiler known for arch '{arch}' (known: " + (
            ", ".join(sorted(CROSS_PREFIXES)) + "; set CROSS_COMPILE)"
        )
        raise _error(element, msg)
    import shutil

    for prefix in candidates:
        if shutil.which(prefix + "gcc"):
            return prefix
    tried = ", ".join(p + "gcc" for p in candidates)
    raise _error(
        element,
        f"platform arch: no cross compiler for '{arch}' on PATH (tried {tried}; "
        "or set CROSS_COMPILE)",
    )


def _error(element: etree._Element | None, msg: str) -> SchismError:
    return at(element, msg) if element is not None else SchismError(msg)


def build_time() -> str:
    """The configuration's build timestamp `YYYY/MM/DD HH:MM:SS`: from
    SOURCE_DATE_EPOCH in UTC when set (reproducible builds), else local now."""
    import time

    epoch = deps.environ("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            stamp = time.gmtime(int(epoch))
        except ValueError:
            raise SchismError(
                f"SOURCE_DATE_EPOCH '{epoch}' is not a number of seconds"
            ) from None
    else:
        stamp = time.localtime()
    return time.strftime("%Y/%m/%d %H:%M:%S", stamp)


def of(scenario: etree._ElementTree) -> CBI:
    """The CBI `scenario/@cbi` names; an unknown one is located at the attribute."""
    root = scenario.getroot()
    name = root.get("cbi")
    if not name:
        raise _error(root, "scenario cbi: missing (which CBI generates the configuration?)")
    try:
        return lookup(name)
    except SchismError as e:
        raise _error(root, f"scenario cbi: {e.message}") from None
