"""CBI plug-ins: what schism needs from a hypervisor's Configuration Binary Interface.

A CBI knows the hypervisor's build configuration (stage -1), its implicit
memory requests and maps (`default_hypervisor_<name>.xml`, stage 1), the C
source of its configuration (stages 3 and 8) and the linker script that lays
that source out as three load segments r, rw, rws (stages 3 and 8).

Every CBI, the built-in `phidias`, `phidias-v0.010` and `demo` as much as a
third-party one, is an entry point in the group `schism.cbi` whose object is
a class, called without arguments (docs/cbi.md "Writing a third-party CBI").
The entry points are read from the installed distributions' metadata
(`entry_points.txt`) by a small reader of this one group, schism's own
distribution first: `importlib.metadata` would cost a stage process more
than its own work on a small scenario.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Protocol, runtime_checkable

from lxml import etree

from schism import deps
from schism.errors import SchismError, at

ENTRY_POINT_GROUP = "schism.cbi"
DISTRIBUTION = "schism"  # whose entry points name the built-in CBIs


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
    """Forget a CBI register() added (and any loaded instance of that name)."""
    _registered.pop(name, None)
    _loaded.pop(name, None)


# --- entry points -------------------------------------------------------------

_METADATA_SUFFIXES = (".dist-info", ".egg-info")
# importlib.metadata's name normalisation (PEP 503, '-' written as '_')
_SEPARATORS = re.compile(r"[-_.]+")
# `module:attr.path [extras]`, as importlib.metadata.EntryPoint reads it
_OBJECT_REFERENCE = re.compile(r"(?P<module>[\w.]+)\s*(?::\s*(?P<attr>[\w.]+)\s*)?(?:\[.*\]\s*)?$")


class EntryPoint:
    """One `name = value` line of a distribution's `[schism.cbi]` section."""

    __slots__ = ("name", "value", "origin")

    def __init__(self, name: str, value: str, origin: Path) -> None:
        self.name = name
        self.value = value  # `module:Class`
        self.origin = origin  # the entry_points.txt it was read from

    def __repr__(self) -> str:
        return f"EntryPoint({self.name!r}, {self.value!r}, {str(self.origin)!r})"


def _distribution_name(directory: str) -> str:
    """`Foo_Bar-1.0.dist-info`, `foo.bar.egg-info` -> `foo_bar`."""
    stem = directory.rpartition(".")[0].partition("-")[0]
    return _SEPARATORS.sub("_", stem).lower()


def _distributions() -> list[Path]:
    """The metadata directories (`*.dist-info`, `*.egg-info`) on sys.path, the
    first of each distribution name as importlib.metadata finds them, with
    schism's own first."""
    seen: dict[str, Path] = {}
    for entry in sys.path:
        if not isinstance(entry, str):
            continue
        directory = entry or "."
        try:
            names = sorted(os.listdir(directory))
        except OSError:  # a zip file, a missing or unreadable directory
            continue
        for name in names:
            if name.endswith(_METADATA_SUFFIXES):
                seen.setdefault(_distribution_name(name), Path(directory, name))
    own = seen.pop(DISTRIBUTION, None)
    return ([own] if own else []) + list(seen.values())


def _read_group(distribution: Path) -> list[EntryPoint]:
    """The entry points of group `schism.cbi` in one distribution's
    `entry_points.txt` (an INI file: `[group]` lines, then `name = value`)."""
    path = distribution / "entry_points.txt"
    try:
        with deps.unrecorded():  # metadata: the CBI's modules are the stage's inputs
            text = path.read_text(encoding="utf-8")
    except OSError:
        return []
    found, inside = [], False
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            inside = line[1:-1].strip() == ENTRY_POINT_GROUP
        elif inside:
            name, equals, value = line.partition("=")
            if equals:
                found.append(EntryPoint(name.strip(), value.strip(), path))
    return found


# What has been read of the group: the entry points of the distributions read
# so far, those not read yet, and the sys.path they were found on.
_scanned: list[EntryPoint] = []
_unscanned: list[Path] = []
_scanned_path: list[str] | None = None


def _entry_points() -> Iterator[EntryPoint]:
    """The group's entry points, distribution by distribution, each read once
    and only when needed: a built-in CBI is found in the first, schism's own.
    A changed sys.path (a plug-in installed at run time) starts over."""
    global _scanned_path
    if _scanned_path != sys.path:
        _scanned_path = list(sys.path)
        _scanned.clear()
        _unscanned[:] = _distributions()
    yield from _scanned
    while _unscanned:
        found = _read_group(_unscanned.pop(0))
        _scanned.extend(found)
        yield from found


def entry_point(name: str) -> EntryPoint | None:
    """The first entry point called `name` (schism's own distribution first,
    then sys.path order), or None."""
    return next((ep for ep in _entry_points() if ep.name == name), None)


def known() -> list[str]:
    """Every CBI name lookup() accepts, sorted."""
    return sorted({ep.name for ep in _entry_points()} | set(_registered))


def _members() -> list[str]:
    """What the CBI protocol requires: its attributes and methods."""
    methods = [n for n, v in vars(CBI).items() if callable(v) and not n.startswith("_")]
    return [*CBI.__annotations__, *methods]


def _load(ep: EntryPoint) -> CBI:
    """Import the entry point's class and instantiate it; every way this can
    fail is one line naming the CBI and the entry point."""
    what = f"cbi '{ep.name}': entry point '{ep.value}'"
    reference = _OBJECT_REFERENCE.match(ep.value)
    if reference is None:
        raise SchismError(f"{what} is not 'module:Class' (in {ep.origin})")
    try:
        target: object = importlib.import_module(reference["module"])
        for part in filter(None, (reference["attr"] or "").split(".")):
            target = getattr(target, part)
    except Exception as e:
        raise SchismError(f"{what} cannot be loaded: {type(e).__name__}: {e}") from None
    if not isinstance(target, type):
        raise SchismError(f"{what} is not a class but {_kind(target)} (export the class: "
                          "schism calls it without arguments)")
    return _instance(what, target)


def _kind(target: object) -> str:
    if isinstance(target, ModuleType):
        return "a module"
    if callable(target):
        return f"a {type(target).__name__}"
    return f"an instance of {type(target).__qualname__}"


def _instance(what: str, factory: Callable[[], object]) -> CBI:
    """`factory()`, checked against the CBI protocol."""
    try:
        cbi = factory()
    except Exception as e:
        label = getattr(factory, "__qualname__", repr(factory))
        raise SchismError(f"{what}: {label}() failed: {type(e).__name__}: {e}") from None
    missing = [m for m in _members() if not hasattr(cbi, m)]
    if missing:
        raise SchismError(f"{what}: {type(cbi).__qualname__} lacks {', '.join(missing)} of the "
                          "CBI interface (docs/cbi.md \"The interface\")")
    return cbi  # type: ignore[return-value]


def lookup(name: str) -> CBI:
    """The CBI called `name`: registered in this process, else the entry point."""
    if name in _loaded:
        return _loaded[name]
    if name in _registered:
        cbi = _instance(f"cbi '{name}'", _registered[name])
    else:
        ep = entry_point(name)
        if ep is None:
            raise SchismError(f"unknown CBI '{name}' (known: {', '.join(known())}){_hint()}")
        cbi = _load(ep)
    _loaded[name] = cbi
    deps.package(type(cbi).__module__)  # its modules are inputs of the stages using it
    return cbi


def _hint() -> str:
    """Why even the built-ins may be missing: schism is not installed."""
    if any(_distribution_name(d.name) == DISTRIBUTION for d in _distributions()[:1]):
        return ""
    return "; schism's own entry points are missing: install it (pip install -e <checkout>)"


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

    epoch = deps.source_date_epoch()
    stamp = time.localtime() if epoch is None else time.gmtime(epoch)
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
