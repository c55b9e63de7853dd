"""`schism verify` and `schism report` on the built demo: the demo isolates
its guests (no error, no warning); its memory map renders in a real browser;
the screenshot kept in docs/ still has the picture's size."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from support import browser

from schism.cli import main

from .helpers import REPO, Built

SHOT = REPO / "docs" / "memory-map-demo.png"
REGENERATE = ("make demo && .venv/bin/python -m schism report build/demo && "
              ".venv/bin/python tests/support/browser.py build/demo/memory-map.svg "
              "docs/memory-map-demo.png")


def test_the_demo_verifies_clean(demo_raw: Built, capsys):
    capsys.readouterr()
    assert main(["verify", str(demo_raw.o)]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    assert "shared regions: 0 (0 not declared with s)\nviolations: 0 errors, 0 warnings\n" \
        "verify: ok\n" in out.out


@pytest.fixture(scope="module")
def demo_svg(demo_raw: Built) -> Path:
    assert main(["report", str(demo_raw.o)]) == 0
    return demo_raw.o / "memory-map.svg"


@pytest.mark.slow
@pytest.mark.skipif(browser.CHROMIUM is None, reason="chromium not installed (.ci/run does)")
def test_the_demo_map_renders(demo_svg: Path, tmp_path):
    assert browser.parse_errors(demo_svg, tmp_path) == []
    result = browser.measure(demo_svg, tmp_path)
    assert result["overlaps"] == [] and result["outside"] == []


def test_the_docs_screenshot_has_the_demo_maps_size(demo_svg: Path):
    head = SHOT.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == browser.svg_size(demo_svg), (
        f"the demo's map changed: regenerate {SHOT.name} with `{REGENERATE}`")
