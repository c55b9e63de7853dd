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


# --- the address rule's shortcut ------------------------------------------------

HEXES = st.sampled_from(["0x0", "0x1000", "0x200000", "0xfffff000", "0x100000000",
                         "0xffffffffff000", "0x8000000000", "0x7ffffff000"])
BASES = st.one_of(HEXES, st.lists(HEXES, min_size=1, max_size=2).map(
    lambda vs: ";".join(f"[{i}]={v}" for i, v in enumerate(vs))))


@st.composite
def address_documents(draw):
    root = etree.Element("scenario")
    platform = etree.SubElement(root, "platform")
    board = etree.SubElement(platform, "board")
    memory = etree.SubElement(board, "memory", id="m")
    etree.SubElement(board, "device", id="d", size=draw(HEXES))
    for i in range(draw(st.integers(0, 3))):
        etree.SubElement(memory, "memreq", id=f"r{i}", size=draw(HEXES))
    arch = etree.SubElement(platform, "arch", id="a")
    formats = [f"f{i}" for i in range(draw(st.integers(0, 2)))]
    for f in formats:
        etree.SubElement(arch, "paging_format", id=f,
                         va_width=draw(st.sampled_from(["32", "40", "48", "64"])))
    targets = ["d", "r0", "r1", "r2", "nosuch"]
    for owner in ("hypervisor", "guest"):
        parent = etree.SubElement(root, owner)
        mmu = etree.SubElement(parent, "mmu", format=draw(st.sampled_from(formats + ["none"])))
        for _ in range(draw(st.integers(0, 3))):
            m = etree.SubElement(mmu, "map", xref=draw(st.sampled_from(targets)))
            _set(m, "base", draw(st.one_of(st.none(), BASES)))
            _set(m, "offset", draw(st.one_of(st.none(), HEXES)))
            _set(m, "subsize", draw(st.one_of(st.none(), HEXES)))
        if owner == "guest":
            vdev = etree.SubElement(parent, "vdev", id="v")
            for _ in range(draw(st.integers(0, 2))):
                _set(etree.SubElement(vdev, "emulate", base=draw(HEXES)), "size",
                     draw(st.one_of(st.none(), HEXES)))
    return root


@settings(max_examples=400, deadline=None)
@given(address_documents())
def test_address_shortcut_passes_only_what_the_check_passes(root):
    seen = validate._scan(root, validate.vocabulary())
    if validate._addresses_fit(root, seen):
        assert validate._check_addresses(root) == []
