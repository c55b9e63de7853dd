"""memory-map.svg: valid SVG, one element per region with its title, owner
colours and legend, compressed gaps marked, labels that never overlap and
stay inside their boxes (by the report's own character widths; the browser
test measures the real ones)."""

from __future__ import annotations

import itertools

import pytest

from schism import spaces
from schism.report import render, svg
from schism.report.text import mapped_by

from .helpers import CASES, NS, build_from, overlaps, parse, text_box


@pytest.fixture(params=CASES)
def drawn(request, tmp_path):
    model = spaces.load(build_from(request.param, tmp_path))
    path = tmp_path / "memory-map.svg"
    path.write_text(render(model)[1])
    return model, parse(path)


def bars(root) -> dict[str, object]:
    return {g.get("id"): g for g in root.iter(f"{NS}g") if g.get("class") == "bar"}


def regions(bar) -> list:
    return [g for g in bar if g.tag == f"{NS}g" and g.get("class") == "region"]


def test_valid_svg_with_size_and_title(drawn):
    _, root = drawn
    assert root.tag == f"{NS}svg"
    w, h = int(root.get("width")), int(root.get("height"))
    assert root.get("viewBox") == f"0 0 {w} {h}" and w > 0 and h > 0
    assert root.find(f"{NS}title").text.startswith("schism memory map of ")


def test_one_element_per_region(drawn):
    model, root = drawn
    found = bars(root)
    expected = {f"memory-{m.id}": [r.base for r in m.regions] for m in model.memories}
    expected |= {f"space-{s.name}": [m.va for m in s.maps] for s in model.spaces}
    if model.devices:
        expected["devices"] = [d.base for d in model.devices]
    assert set(found) == set(expected)
    for bar_id, starts in expected.items():
        got = [int(g.get("data-start"), 16) for g in regions(found[bar_id])]
        assert got == sorted(starts), bar_id


def test_every_region_has_a_title_rect_and_label(drawn):
    _, root = drawn
    for bar in bars(root).values():
        for g in bar:
            if g.tag != f"{NS}g":
                continue
            assert [c.tag for c in g][:3] == [f"{NS}title", f"{NS}rect", f"{NS}polyline"
                                              if g.find(f"{NS}polyline") is not None
                                              else f"{NS}text"]
            assert float(g.find(f"{NS}rect").get("height")) >= svg.LINE


def test_owner_colours_and_legend(drawn):
    model, root = drawn
    palette = svg.colours(model)
    legend = next(g for g in root.iter(f"{NS}g") if g.get("class") == "legend")
    names = [t.text for t in legend.iter(f"{NS}text")]
    assert names[0] == "hypervisor" and names[-2:] == ["device",
                                                       "gap (dashed; zigzag: compressed)"]
    assert names[1:-2] == [f"guest {g}" for g in model.guests]
    owners = {**{f"memory-{m.id}": {r.label: r.owner for r in m.regions}
                 for m in model.memories}}
    for bar_id, owner_of in owners.items():
        for g in regions(bars(root)[bar_id]):
            label = g.find(f"{NS}title").text.split("\n")[0].split(" ", 1)[1]
            assert g.find(f"{NS}rect").get("fill") == palette[owner_of[label]]


def test_long_gaps_are_compressed_and_marked(drawn):
    _, root = drawn
    for g in root.iter(f"{NS}g"):
        if g.get("class") != "gap":
            continue
        size = int(g.get("data-size"), 16)
        label = g.find(f"{NS}text").text
        cut = g.find(f"{NS}polyline")
        if size > svg.GAP_COMPRESS:
            assert cut is not None and label.startswith("compressed gap ")
            assert float(g.find(f"{NS}rect").get("height")) == svg.GAP_HEIGHT
        else:
            assert cut is None and label.startswith("gap ")


def test_labels_never_overlap_and_stay_in_their_boxes(drawn):
    _, root = drawn
    texts = [t for t in root.iter(f"{NS}text")]
    boxes = [text_box(t) for t in texts]
    for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2):
        assert not overlaps(a, b), (texts[i].text, texts[j].text)
    width = float(root.get("width"))
    assert all(0 <= b[0] and b[2] <= width for b in boxes)
    for g in root.iter(f"{NS}g"):
        if g.get("class") in ("region", "gap"):
            r = g.find(f"{NS}rect")
            left, top = float(r.get("x")), float(r.get("y"))
            right, bottom = left + float(r.get("width")), top + float(r.get("height"))
            label = text_box(g.find(f"{NS}text"))
            assert left <= label[0] and label[2] <= right and top <= label[1]
            assert label[3] <= bottom


def test_fit_cuts_with_an_ellipsis():
    assert svg.fit("abcdef", 6 * svg.CHAR) == "abcdef"
    assert svg.fit("abcdefg", 6 * svg.CHAR) == "abcde\u2026"


def test_heights_grow_with_size_and_are_bounded():
    def h(size):
        return svg.height(svg.Box(0, size, "", "", "x", "region"))

    assert h(0x1000) == svg.LINE and h(0x800) == svg.LINE
    assert h(0x1000) < h(0x10000) < h(0x200000) < h(0x40000000) == svg.MAX_BOX
    assert h(1 << 60) == svg.MAX_BOX


def test_mapped_by_names_owners_in_order():
    model = spaces.load(build_from.__globals__["GOLDEN"] / "e2e-hikey-arm64-smp" / "expected")
    users = mapped_by(model)
    assert users[("ipc_shm", None)] == ["hypervisor", "linux", "rtos"]
    assert users[("core_rx", None)] == ["hypervisor"]
    assert ("pagetables", None) not in users
