"""Where the stylesheets, the DTD and the bundled library live.

In a checkout they are the top-level `xslt/`, `dtd/`, `xmllib/`; an installed
schism carries them as package data under `schism/` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    installed = _PACKAGE / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def stylesheet(name: str) -> Path:
    return data_dir("xslt") / f"{name}.xsl"


def dtd() -> Path:
    return data_dir("dtd") / "scenario.dtd"


def xmllib() -> Path:
    return data_dir("xmllib")
