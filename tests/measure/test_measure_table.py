"""The stage-4 table of xslt/measure.xsl as Python reads it (schism/ext/image.py):
the order of docs/measure.md 4.2, the physical image of 4.6, the segment counts of 4.1."""

from __future__ import annotations

from schism.ext import image


def test_rows_in_the_order_of_the_docs_table():
    assert [r.memreq for r in image.rows()] == [
        "core_rx", "core_r", "core_rws", "core_rwt", "core_rw", "config_r", "config_rw",
        "config_rws", "config_rwt", "pagetables", "blob"]


def test_the_image_is_the_order_of_4_6():
    assert [r.memreq for r in image.image()] == [
        "core_rx", "core_r", "core_rws", "core_rwt", "config_r", "config_rwt", "config_rws",
        "pagetables", "blob"]
    assert [r.key for r in image.image()] == [
        ("hypervisor", "0"), ("hypervisor", "1"), ("hypervisor", "2"), ("hypervisor", "3"),
        ("config", "0"), ("config", "1"), ("config", "2"), ("pagetables", ""), ("files", "")]


def test_segment_counts_of_4_1():
    assert image.segment_count("hypervisor") == 4
    assert image.segment_count("config") == 3


def test_maps_of_the_table():
    maps = {r.memreq: r.map for r in image.rows() if r.map}
    assert maps == {"core_rx": "virtual", "core_r": "virtual", "core_rws": "virtual",
                    "core_rwt": "removed", "core_rw": "virtual", "config_r": "virtual",
                    "config_rw": "virtual", "config_rws": "virtual", "config_rwt": "removed"}
