"""The Phidias generator's parts: search trees (property tests), memarea
flags, the multi-vCPU emulate fix, reproducibility; and that every golden
configuration compiles against the stand-in headers."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from support.fixtures import EPOCH, GOLDEN
from support.golden import cbi_of

from schism import cbi
from schism.cbi.phidias.model import memarea_flags
from schism.cbi.phidias.trees import tree

from .helpers import load

STUB = Path(__file__).resolve().parent / "phidias_stub"
_NODE = re.compile(r"\{ (&(\w+)|NULL), (&(\w+)|NULL), arr \+ (\d+) \}")


def _parse(nodes):
    """name -> (left, right, slot), and the emission order."""
    parsed = {}
    for d in nodes:
        m = _NODE.fullmatch(d.init)
        assert m, d.init
        parsed[d.name] = (m[2], m[4], int(m[5]))
    return parsed, [d.name for d in nodes]


def _in_order(parsed, name):
    if name is None:
        return []
    left, right, slot = parsed[name]
    return _in_order(parsed, left) + [slot] + _in_order(parsed, right)


@given(st.lists(st.integers(min_value=0, max_value=6), max_size=80))
def test_tree_is_a_stable_search_tree(keys):
    entries = [(k, 100 + i) for i, k in enumerate(keys)]  # slots need not be positions
    nodes = tree("tree_memarea", "t", "arr", entries)
    if not entries:  # the original's one node over the empty range
        assert [(d.name, d.init) for d in nodes] == [("t", "{ NULL, NULL, arr + 0 }")]
        return
    assert len(nodes) == len(entries)
    parsed, order = _parse(nodes)
    assert order[0] == "t"
    # in-order = entries sorted by key, equal keys in their original order
    assert _in_order(parsed, "t") == [s for _, s in sorted(entries, key=lambda e: e[0])]
    # pre-order: a node comes before its children; children are named after it
    position = {name: i for i, name in enumerate(order)}
    for name, (left, right, _) in parsed.items():
        for child, suffix in ((left, "_l"), (right, "_r")):
            if child is not None:
                assert child == name + suffix and position[child] > position[name]


@given(st.integers(min_value=1, max_value=200))
def test_tree_splits(n):
    """Top split n/2; a child's split is lo + (hi - lo)/2 (docs/phidias.md P9)."""
    parsed, _ = _parse(tree("tree_emulate", "t", "arr", [(i, i) for i in range(n)]))
    assert parsed["t"][2] == n // 2
    if n // 2 >= 1:
        assert parsed["t_l"][2] == (n // 2) // 2
    if n - n // 2 > 1:
        lo = n // 2 + 1
        assert parsed["t_r"][2] == lo + (n - lo) // 2


def test_memarea_flags():
    assert memarea_flags("") == "0"
    assert memarea_flags("wrgd") == (
        "MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D")
    assert memarea_flags("sudgxwr") == "|".join(
        f"MEMAREA_FLAG_{c}" for c in "RWXGDUS")


def test_every_vcpu_emulate_array_is_closed(monkeypatch):
    """Fix: the original closed only the last vCPU's emulate array."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    text = cbi.lookup("phidias").generate_config(load("phidias-vdevs"), 2)
    for j in (0, 1):
        block = re.search(rf"^emulate const vm_g1_cpu{j}_emulates\[9\] = \{{\n(.*?)^(\S[^\n]*)$",
                          text, re.M | re.S)
        assert block and block[2] == "};"
        assert block[1].count("\n") == 9


def test_same_input_same_bytes(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    phidias = cbi.lookup("phidias")
    first = phidias.generate_config(load("phidias-guests"), 2)
    assert phidias.generate_config(load("phidias-guests"), 2) == first


# the seed CBI's goldens (phidias-v0.010's compile against that Phidias'
# own headers: tests/phidias_v0010/test_v0010_compile.py)
CONFIGS = sorted(p for p in GOLDEN.glob("*/expected/scenario_config*.c")
                 if cbi_of(p.parent.parent) == "phidias")


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs the host gcc")
@pytest.mark.parametrize("source", CONFIGS, ids=lambda p: f"{p.parent.parent.name}-{p.name}")
def test_golden_configuration_compiles(source):
    """Every expected configuration is valid C for the stand-in headers."""
    done = subprocess.run(["gcc", "-fsyntax-only", "-Werror", "-Wall", "-Wno-missing-braces",
                           f"-I{STUB}", str(source)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_guest_without_emulates_gets_a_one_node_tree(monkeypatch):
    """The original split the empty range at 0 and still wrote the top node
    (docs/phidias.md, quirk 10)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    scenario = load("phidias-guests")
    idle = scenario.getroot().find("guest[@id='idle']")
    idle.remove(idle.find("vdev"))
    text = cbi.lookup("phidias").generate_config(scenario, 2)
    assert "emulate const vm_idle_cpu0_emulates[0] = {\n};" in text
    assert "&vm_idle_cpu0_emulatetree," in text
    assert ("tree_emulate const vm_idle_cpu0_emulatetree = "
            "{ NULL, NULL, vm_idle_cpu0_emulates + 0 };") in text
    # a vdev without <emulate> (vtlb) has its slot, but is not in the tree either
    vtlb = etree.SubElement(idle, "vdev", id="idle_vtlb", type="vtlb", frontend="arm:short")
    for xref in ("idle_main", "idle_arch"):
        etree.SubElement(vtlb, "param", type="pool", xref=xref)
    text = cbi.lookup("phidias").generate_config(scenario, 2)
    assert ("tree_emulate const vm_idle_cpu0_emulatetree = "
            "{ NULL, NULL, vm_idle_cpu0_emulates + 0 };") in text
    assert "  { 0, 0, EMULATE_TYPE_VTLB, { &vdev_idle_vtlb_cpu0 }, 0 },\n}" in text


def test_vcpu_quirks(monkeypatch):
    """Quirks 1-3 on the phidias-vdevs guest (vCPUs 0, 1 on host CPUs 1, 3)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    text = cbi.lookup("phidias").generate_config(load("phidias-vdevs"), 2)
    # vCPU 0: memreq base read with index 0 (none: 0), ref into cpu0_memareas
    assert ("{ 0x0, 0x80000000, 0x1000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, "
            "cpu0_memareas + 32 }") in text
    # vCPU 1: base for index 1 (host CPU 1's), although it runs on host CPU 3
    assert ("{ 0x200000, 0x80000000, 0x1000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, "
            "cpu1_memareas + 32 }") in text
    # masters: vdev positions 3 (vtlb), 5 (gic), 6 (second uart), not emulate slots
    assert ("    vm_g1_cpu1_emulates + 3,\n    vm_g1_cpu1_emulates + 5,\n"
            "    vm_g1_cpu1_emulates + 6,\n") in text
