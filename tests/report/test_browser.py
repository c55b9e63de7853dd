"""memory-map.svg in a real browser (Debian's headless chromium): it parses
without errors, renders a non-blank screenshot of the SVG's size showing the
owner colours, and the browser's own text boxes never overlap and stay inside
their region boxes. Skipped when chromium is absent (.ci/run installs it)."""

from __future__ import annotations

import pytest
from support import browser

from schism import spaces
from schism.report import render, svg

from .helpers import build_from

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(browser.CHROMIUM is None,
                       reason="chromium not installed (Debian package 'chromium'; "
                              ".ci/run installs it)"),
]

CASES = ["e2e-hikey-arm64-smp", "pt-arm-short", "layout-maps"]
# screenshots of small pictures: decoding a PNG in Python takes ~1 s per megapixel
SHOTS = ["pt-arm-short", "pt-arm-long"]


def draw(case: str, tmp_path):
    model = spaces.load(build_from(case, tmp_path))
    path = tmp_path / "memory-map.svg"
    path.write_text(render(model)[1])
    return model, path


@pytest.fixture(params=CASES)
def picture(request, tmp_path):
    return draw(request.param, tmp_path)


def hexrgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))


def test_parses_without_errors(picture, tmp_path):
    _, path = picture
    assert browser.parse_errors(path, tmp_path) == []


def test_the_error_check_can_fail(tmp_path):
    broken = tmp_path / "broken.svg"
    broken.write_text('<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>')
    assert browser.parse_errors(broken, tmp_path) != []


@pytest.mark.parametrize("case", SHOTS)
def test_screenshot_is_the_picture(case, tmp_path):
    model, path = draw(case, tmp_path)
    png = tmp_path / "shot.png"
    done = browser.screenshot(path, png, tmp_path)
    assert done.returncode == 0, done.stderr[-800:]
    w, h, rows = browser.read_png(png)
    assert (w, h) == browser.svg_size(path)
    counts = browser.colours(rows)
    background = counts.get(hexrgb("#fafafa"), 0)
    assert background < 0.9 * w * h, "nearly blank"
    palette = svg.colours(model)
    for owner in ["hypervisor", "device", *model.guests]:
        if any(r.owner == owner for r in model.regions()):
            # a box interior: thousands of pixels of exactly that fill
            assert counts.get(hexrgb(palette[owner]), 0) > 1000, owner
    dark = sum(n for (r, g, b), n in counts.items() if r + g + b < 200)
    assert dark > 2000, "no text drawn"


def test_labels_measured_by_the_browser_never_overlap(picture, tmp_path):
    model, path = picture
    result = browser.measure(path, tmp_path)
    assert result["overlaps"] == [] and result["outside"] == []
    assert result["regions"] == (sum(len(m.regions) for m in model.memories)
                                 + len(model.devices)
                                 + sum(len(s.maps) for s in model.spaces))
    assert result["texts"] > result["regions"]
    assert (result["width"], result["height"]) == browser.svg_size(path)


def test_the_overlap_check_can_fail(tmp_path):
    path = tmp_path / "tight.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
                    '<g class="region"><rect x="0" y="0" width="50" height="10"/>'
                    '<text class="label" x="2" y="12">a long label</text></g>'
                    '<text x="5" y="14">other</text></svg>')
    result = browser.measure(path, tmp_path)
    assert result["overlaps"] == [["a long label", "other"]]
    assert result["outside"] == ["a long label"]
