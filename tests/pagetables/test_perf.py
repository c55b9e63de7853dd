"""1600 guests (a 1-4 MiB memreq each, in its own guest table and in the
hypervisor's table of its CPU) build, place and serialize in well under a
second; the stage as a whole stays within its share of the 4 s budget."""

from __future__ import annotations

import io
import time

from schism import ptdump, xmlio
from schism.ext import pagetables as pt
from schism.pipeline import by_key
from schism.stages import Context
from schism.stages import pagetables as stage

from .bigscen import big_scenario


def test_1600_guests(tmp_path):
    (tmp_path / "scenario_v_laidout.xml").write_text(big_scenario(1600))
    doc = xmlio.parse_file(tmp_path / "scenario_v_laidout.xml")
    start = time.perf_counter()
    trees, _ = stage.build_trees(stage.Scenario(doc))
    end = pt.place(trees, 0x200000)
    data = pt.serialize(trees, 0x200000, end)
    elapsed = time.perf_counter() - start
    assert len(trees) == 1 + 4 + 1600 and len(data) == end - 0x200000
    assert elapsed < 0.9, f"build took {elapsed:.2f} s"

    start = time.perf_counter()
    stage.run(Context(build_dir=tmp_path, out=io.StringIO(), stage=by_key("pagetables")))
    assert time.perf_counter() - start < 3.0
    # Spot check through the walker: the last guest's memory and its hv map.
    dump = ptdump.load(tmp_path)
    assert dump.tables["g1599:0"][2] > dump.tables["hv:3"][2]
    _, levels, top = dump.tables["g1599:0"]
    assert ptdump.translate(dump.image, levels, top, 0x40000000) is not None
