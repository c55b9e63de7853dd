"""The CBI registry (schism.cbi): built-ins, entry points, in-process
registration, the error for an unknown name."""

from __future__ import annotations

from importlib import metadata

import pytest
from lxml import etree

from schism import cbi
from schism.cbi.phidias import PhidiasCBI
from schism.errors import SchismError


def test_builtins():
    assert {"phidias", "demo"} <= set(cbi.known())
    phidias = cbi.lookup("phidias")
    assert isinstance(phidias, PhidiasCBI) and isinstance(phidias, cbi.CBI)
    assert cbi.lookup("phidias") is phidias  # loaded once
    assert phidias.default_hypervisor.name == "default_hypervisor_phidias.xml"
    assert phidias.default_hypervisor.is_file() and phidias.config_linker_script.is_file()


def test_default_hypervisor_is_a_hypervisor():
    root = etree.parse(str(cbi.lookup("phidias").default_hypervisor)).getroot()
    assert root.tag == "hypervisor"
    assert {m.get("id") for m in root.iter("memreq")} >= {"core_rx", "config_r", "blob"}


def test_unknown_name_lists_known():
    with pytest.raises(SchismError) as e:
        cbi.lookup("nova")
    assert str(e.value) == f"error: unknown CBI 'nova' (known: {', '.join(cbi.known())})"


class _Third:
    name = "third"
    default_hypervisor = PhidiasCBI.default_hypervisor
    config_linker_script = PhidiasCBI.config_linker_script

    def makeconf(self, scenario):
        return "THIRD := yes\n"

    def generate_config(self, scenario, iteration):
        return f"/* {iteration} */\n"


@pytest.mark.parametrize("target", [_Third, _Third()], ids=["class", "instance"])
def test_entry_point(monkeypatch, target):
    class FakeEntryPoint:
        name = "third"

        def load(self):
            return target

    real = metadata.entry_points

    def entry_points(group=None, **kw):
        if group == cbi.ENTRY_POINT_GROUP:
            return [FakeEntryPoint()]
        return real(group=group, **kw) if group else real(**kw)

    monkeypatch.setattr(metadata, "entry_points", entry_points)
    try:
        assert "third" in cbi.known()
        plugin = cbi.lookup("third")
        assert plugin.generate_config(None, 2) == "/* 2 */\n"
    finally:
        cbi.unregister("third")


def test_register_wins_and_unregisters():
    plugin = _Third()
    cbi.register("phidias", lambda: plugin)
    try:
        assert cbi.lookup("phidias") is plugin
    finally:
        cbi.unregister("phidias")
    assert isinstance(cbi.lookup("phidias"), PhidiasCBI)


def test_build_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795610239")
    assert cbi.build_time() == "2026/11/25 12:37:19"  # UTC, the reference's stamp
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert cbi.build_time() == "1970/01/01 00:00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(SchismError, match="SOURCE_DATE_EPOCH 'yesterday' is not a number"):
        cbi.build_time()
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert len(cbi.build_time()) == len("2026/11/25 12:37:19")


def test_optional_members_have_defaults():
    """A CBI without the optional members still works: no make variables,
    the ELF named after the CBI (also for a name no CBI has)."""
    cbi.register("third", _Third)
    try:
        third = cbi.lookup("third")
        assert isinstance(third, cbi.CBI)
        assert cbi.hypervisor_make_variables(third, etree.ElementTree(etree.Element("x"))) == {}
        assert cbi.hypervisor_elf("third") == "third.elf"
    finally:
        cbi.unregister("third")
    assert cbi.hypervisor_elf("nova") == "nova.elf"
    assert cbi.hypervisor_elf("phidias") == "phidias.elf"


def test_builtins_pass_no_make_variables():
    scenario = etree.ElementTree(etree.fromstring(
        '<scenario cbi="phidias"><hypervisor exec_base="0x1000"/></scenario>'))
    for name in ("phidias", "demo"):
        assert cbi.lookup(name).hypervisor_make_variables(scenario) == {}
        assert cbi.hypervisor_make_variables(cbi.lookup(name), scenario) == {}


def test_a_cbi_names_its_hypervisor_elf():
    class Named(_Third):
        hypervisor_elf = "core.elf"

    cbi.register("named", Named)
    try:
        assert cbi.hypervisor_elf("named") == "core.elf"
    finally:
        cbi.unregister("named")
