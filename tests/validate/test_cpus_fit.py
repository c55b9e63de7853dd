"""The CPU rule's shortcut (`validate._cpus_fit`, from distinct values)
never passes a document in which the element-by-element check
(`validate._check_cpus`) finds a problem."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from schism import validate

CPUMAPS = st.sampled_from([None, "*", "[]", "[0]", "[1]", "[0,1]", "[2]", "[0,3]", "[1,1]",
                           "bad", " [ 0 , 2 ] "])
NCPUS = st.sampled_from(["1", "2", "3", "x", None])


def _set(el, name, value):
    if value is not None:
        el.set(name, value)
    return el


@st.composite
def documents(draw):
    root = etree.Element("scenario")
    board = etree.SubElement(etree.SubElement(root, "platform"), "board")
    memory = etree.SubElement(board, "memory", id="m")
    for i in range(draw(st.integers(0, 2))):
        _set(etree.SubElement(memory, "memreq", id=f"b{i}"), "cpumap", draw(CPUMAPS))
    hv = _set(etree.SubElement(root, "hypervisor"), "ncpus", draw(NCPUS))
    for i in range(draw(st.integers(0, 2))):
        _set(etree.SubElement(hv, "memreq", id=f"h{i}"), "cpumap", draw(CPUMAPS))
    mmu = etree.SubElement(hv, "mmu")
    for _ in range(draw(st.integers(0, 2))):
        _set(etree.SubElement(mmu, "map", xref="x"), "cpumap", draw(CPUMAPS))
    for g in range(draw(st.integers(0, 3))):
        guest = _set(_set(etree.SubElement(root, "guest", id=f"g{g}"), "ncpus", draw(NCPUS)),
                     "cpumap", draw(CPUMAPS))
        for i in range(draw(st.integers(0, 1))):
            _set(etree.SubElement(guest, "memreq", id=f"g{g}m{i}"), "cpumap", draw(CPUMAPS))
        gmmu = etree.SubElement(guest, "mmu")
        for _ in range(draw(st.integers(0, 2))):
            _set(etree.SubElement(gmmu, "map", xref="x"), "cpumap", draw(CPUMAPS))
        for _ in range(draw(st.integers(0, 1))):
            _set(etree.SubElement(guest, "sched"), "cpumap", draw(CPUMAPS))
    return root


@settings(max_examples=400, deadline=None)
@given(documents())
def test_shortcut_passes_only_what_the_check_passes(root):
    seen = validate._scan(root, validate.vocabulary())
    if validate._cpus_fit(root, seen):
        assert validate._check_cpus(root) == []


def test_shortcut_passes_a_plain_document():
    root = etree.fromstring(
        '<scenario><hypervisor ncpus="2"><memreq id="a" cpumap="[0,1]"/><mmu>'
        '<map xref="a" cpumap="[1]"/></mmu></hypervisor><guest id="g" ncpus="1" cpumap="[1]">'
        '<mmu><map xref="a" cpumap="[0]"/></mmu><sched cpumap="[1]"/></guest></scenario>')
    assert validate._cpus_fit(root, validate._scan(root, validate.vocabulary()))
