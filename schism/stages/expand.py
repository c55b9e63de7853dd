"""Stage 1, expand: scenario.xml -> scenario_expanded.xml (xslt/expand.xsl).

Python's part is what a stylesheet cannot do: find the library files on the
search path (and say where it looked when one is missing), and validate the
input while references into not-yet-imported library elements are allowed.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from schism import engine, library, validate, xmlio
from schism.errors import SchismError, at
from schism.stages import Context, parse_input, xslt_stage


def _library_file(dirs: list[Path], platform: etree._Element, kind: str) -> Path | None:
    """1a: the library file for platform/@<kind>, or None when inline."""
    if platform.find(kind) is not None:
        return None
    ident = platform.get(kind)
    if not ident:
        raise at(platform, f"platform {kind}: no <{kind}> child and no {kind} attribute "
                           f"naming a library {kind}")
    return library.find(kind, ident, dirs, platform)


def library_dirs(ctx: Context, scenario: etree._Element) -> list[Path]:
    """The search path, with the library of the scenario's CBI."""
    from schism import cbi as registry

    return ctx.library_dirs(registry.library_dir(scenario.get("cbi", "")))


def default_hypervisor_file(ctx: Context, scenario: etree._Element) -> Path:
    """1c: default_hypervisor_<cbi>.xml from the library path, else the CBI's own."""
    cbi = scenario.get("cbi", "")
    found = library.first(f"default_hypervisor_{cbi}.xml", library_dirs(ctx, scenario))
    if found is not None:
        return found
    from schism import cbi as registry

    try:
        return Path(registry.lookup(cbi).default_hypervisor)
    except SchismError as e:
        raise at(scenario, f"scenario cbi: {e.message}") from None


def _ids(path: Path) -> set[str]:
    tree = xmlio.parse_file(path)
    return {el.get("id") for el in tree.iter() if el.get("id")}


def library_files(ctx: Context, tree: etree._ElementTree) -> dict[str, Path | None]:
    """1a, 1c: the board, arch and default-hypervisor files stage 1 imports
    (None: inline), by stylesheet parameter name."""
    root = tree.getroot()
    platform = root.find("platform")
    if root.tag != "scenario" or platform is None:
        validate.check(tree, tree.docinfo.URL or "")  # reports the structural problem
    dirs = library_dirs(ctx, root)
    return {
        "board-file": _library_file(dirs, platform, "board"),
        "arch-file": _library_file(dirs, platform, "arch"),
        "hypervisor-file": default_hypervisor_file(ctx, root),
    }


def library_ids(files: dict[str, Path | None]) -> frozenset[str]:
    """The IDs the library files bring: references to them are not errors yet."""
    found: set[str] = set()
    for f in files.values():
        if f is not None:
            found |= _ids(f)
    return frozenset(found)


def params(files: dict[str, Path | None]) -> dict[str, str]:
    return {k: engine.file_uri(v) if v else "" for k, v in files.items()}


def run(ctx: Context) -> None:
    path = ctx.path(ctx.input)
    tree = parse_input(ctx, path)
    files = library_files(ctx, tree)
    validate.check(tree, str(path), library_ids=library_ids(files))
    xslt_stage(ctx, tree, params(files))
