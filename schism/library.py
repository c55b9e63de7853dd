"""The board/arch/default-hypervisor library (`xmllib/`) and its lookup order.

Directories from `--xmllib DIR` and `SCHISM_XMLLIB` (colon-separated) come
first, then the scenario's CBI's own library (files whose content depends on
how that hypervisor programs the hardware, e.g. its stage-2 table
alignment: the CBI's optional `xmllib` directory), then the library bundled
with schism, so an integrator can add or override a board without touching
the installation.
"""

from __future__ import annotations

import errno
from pathlib import Path

from schism import deps, resources
from schism.errors import SchismError, at, cut


def bundled_dir() -> Path:
    return resources.xmllib()


def search_dirs(extra: list[str] | None = None, cbi_dir: Path | None = None) -> list[Path]:
    dirs = [Path(d) for d in (extra or [])]
    env = deps.environ("SCHISM_XMLLIB") or ""
    dirs += [Path(d) for d in env.split(":") if d]
    if cbi_dir is not None:
        dirs.append(cbi_dir)
    dirs.append(bundled_dir())
    return dirs


def first(name: str, dirs: list[Path]) -> Path | None:
    """`name` from the first of `dirs` that has it. The directories searched
    in vain count as inputs (docs/builds.md): a file added to one of them
    would now be found first."""
    for d in dirs:
        candidate = d / name
        try:
            if candidate.is_file():
                return candidate.resolve()
            if d.is_dir():
                deps.read(d)
        except OSError as e:  # a name the file system cannot hold: no such file
            if e.errno != errno.ENAMETOOLONG:
                raise
    return None


def find(kind: str, ident: str, dirs: list[Path], element=None) -> Path:
    """The file `<kind>_<ident>.xml` from the first directory that has it."""
    name = f"{kind}_{ident}.xml"
    found = first(name, dirs)
    if found is not None:
        return found
    where = ", ".join(str(d) for d in dirs)
    msg = (f"platform {kind}: no library file {kind}_{cut(ident)}.xml for {kind} '{ident}' "
           f"(looked in: {where})")
    raise at(element, msg) if element is not None else SchismError(msg)
