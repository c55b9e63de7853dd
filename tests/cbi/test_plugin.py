"""The complete third-party plug-in docs/cbi.md shows (examples/cbi-plugin/,
the `tiny` CBI): the docs show these very files, and pip installs the
plug-in with schism into a fresh venv, where make builds its scenario from
stage -1 to 9.

The fresh venv reaches schism's dependencies (lxml, saxonche, pyelftools)
and the build backend in the test's own environment through a `.pth` file,
after its own site-packages, so nothing is downloaded: pip builds both
packages without build isolation (setuptools >= 70.1, or `wheel`, as the
`test` extra installs) and falls back to an isolated build otherwise.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile
from lxml import etree

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "examples" / "cbi-plugin"
DOC = ROOT / "docs" / "cbi.md"
# What `pip install <checkout>` needs of the checkout (tests/test_install.py).
PARTS = ["pyproject.toml", "README.md", "schism", "xslt", "dtd", "xmllib"]
# A file shown in the docs: "`examples/cbi-plugin/<path>`:", a blank line, a fence.
SHOWN = re.compile(r"^`(examples/cbi-plugin/[^`]+)`:\n\n```[\w-]*\n(.*?)^```$", re.M | re.S)


def _plugin_files() -> list[str]:
    skip = ("__pycache__", "build", ".egg-info")
    return sorted(str(p.relative_to(ROOT)) for p in PLUGIN.rglob("*")
                  if p.is_file() and not any(part.endswith(skip) for part in p.parts))


def test_docs_show_the_plugin_files():
    shown = dict(SHOWN.findall(DOC.read_text(encoding="utf-8")))
    assert sorted(shown) == _plugin_files()
    for path, text in shown.items():
        assert text == (ROOT / path).read_text(encoding="utf-8"), f"docs/cbi.md shows {path}"


def _copy(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the checkout's package parts and of the plug-in (pip builds
    in the source tree)."""
    src = tmp_path / "schism-src"
    src.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "build", "*.egg-info")
    for part in PARTS:
        p = ROOT / part
        if p.is_dir():
            shutil.copytree(p, src / part, ignore=ignore)
        else:
            shutil.copy(p, src / part)
    return src, shutil.copytree(PLUGIN, tmp_path / "plugin", ignore=ignore)


def _fresh_venv(env: Path) -> Path:
    """A venv without pip whose Python also sees the directories holding
    schism's dependencies and the build backend (after its own)."""
    venv.EnvBuilder(with_pip=False, symlinks=os.name != "nt").create(env)
    python = env / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    outer = []
    for module in ("lxml", "saxonche", "elftools", "setuptools", "wheel"):
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin is not None:
            where = str(Path(spec.origin).parent.parent if spec.submodule_search_locations
                        else Path(spec.origin).parent)
            if where not in outer:
                outer.append(where)
    Path(site, "outer.pth").write_text("".join(f"{d}\n" for d in outer))
    return python


def _offline_build() -> bool:
    """Can pip build wheels here without build isolation?"""
    if importlib.util.find_spec("wheel") is not None:
        return True
    try:
        import setuptools
    except ImportError:
        return False
    return tuple(int(x) for x in setuptools.__version__.split(".")[:2]) >= (70, 1)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None or shutil.which("gcc") is None,
                    reason="needs make and gcc")
def test_plugin_installs_and_builds(tmp_path):
    src, plugin = _copy(tmp_path)
    python = _fresh_venv(tmp_path / "env")
    offline = _offline_build()
    options = ["--no-build-isolation", "--no-index"] if offline else []
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
         "--ignore-installed", *options, str(src), str(plugin)],
        capture_output=True, text=True)
    if install.returncode != 0:
        if offline:
            pytest.fail(f"pip install failed:\n{install.stderr[-2000:]}")
        pytest.skip(f"pip needs an isolated build and could not make one: "
                    f"{install.stderr[-500:]}")
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "CROSS_COMPILE", "SCHISM_XMLLIB", "SCHISM_FLAGS")}
    env["SOURCE_DATE_EPOCH"] = "0"

    where = subprocess.run([python, "-c", "import schism, tiny_cbi, schism.cbi as c; "
                            "print(schism.__file__, c.known())"],
                           capture_output=True, text=True, cwd=tmp_path, env=env, check=True)
    assert where.stdout.startswith(str(tmp_path / "env"))
    assert "'tiny'" in where.stdout and "'phidias'" in where.stdout

    o = tmp_path / "o"
    o.mkdir()
    shutil.copy(plugin / "scenario.xml", o / "scenario.xml")
    make = ["make", "-f", str(ROOT / "Makefile"), f"O={o}", f"PYTHON={python}",
            f"HYPERVISOR_SRC={plugin / 'hypervisor'}"]
    first = subprocess.run(make, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    for name in ("Makeconf", "tiny.elf", "scenario_config.xo", "scenario_measured.xml",
                 "pagetables", "scenario_config_real.xo", "image", "verify.txt"):
        assert (o / name).is_file(), name
    assert (o / "Makeconf").read_text().endswith("TINY_NCPUS := 2\n")
    again = subprocess.run(make, capture_output=True, text=True, cwd=tmp_path, env=env)
    assert again.returncode == 0 and " -m schism " not in again.stdout  # nothing to do

    # the configuration is linked at the config_r map, where its table starts
    pagetables = etree.parse(str(o / "scenario_pagetables.xml"))
    maps = pagetables.getroot().findall("hypervisor/mmu/map")
    config_r = int(next(m for m in maps if m.get("xref") == "config_r").get("base"), 16)
    with (o / "scenario_config_real.xo").open("rb") as f:
        elf = ELFFile(f)
        loads = [s for s in elf.iter_segments() if s["p_type"] == "PT_LOAD"]
        assert [s["p_flags"] for s in loads] == [4, 6, 6]
        assert loads[0]["p_vaddr"] == config_r
        words = [int.from_bytes(loads[0].data()[i:i + 8], "little") for i in range(0, 48, 8)]
    assert words[:3] == [0x796E6974, 2, len(maps)]
    assert words[3:5] == [0x8000000000, 0x1000]  # core_rx: VA and size
