"""1600 guests (a 1-4 MiB memreq each, in its own guest table and in the
hypervisor's table of its CPU): every table is built, placed back to back and
written, and the walker finds the last guest's memory. How long it takes is
bench/compare.py's business (docs/performance.md), not a test's."""

from __future__ import annotations

import io

from schism import ptdump, xmlio
from schism.ext import pagetables as pt
from schism.pipeline import by_key
from schism.stages import Context
from schism.stages import pagetables as stage

from .bigscen import big_scenario


def test_1600_guests(tmp_path):
    (tmp_path / "scenario_v_laidout.xml").write_text(big_scenario(1600))
    doc = xmlio.parse_file(tmp_path / "scenario_v_laidout.xml")
    trees, _ = stage.build_trees(stage.Scenario(doc))
    end = pt.place(trees, 0x200000)
    data = pt.serialize(trees, 0x200000, end)
    assert len(trees) == 1 + 4 + 1600 and len(data) == end - 0x200000

    stage.run(Context(build_dir=tmp_path, out=io.StringIO(), stage=by_key("pagetables")))
    assert (tmp_path / "pagetables").read_bytes() == data
    # Spot check through the walker: the last guest's memory and its hv map.
    dump = ptdump.load(tmp_path)
    assert dump.tables["g1599:0"][2] > dump.tables["hv:3"][2]
    _, levels, top = dump.tables["g1599:0"]
    assert ptdump.translate(dump.image, levels, top, 0x40000000) is not None
