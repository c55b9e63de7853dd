"""The reference example validates at every stage: its scenario.xml (with the
IDs the bundled library files provide) and every expected/*.xml."""

from __future__ import annotations

from pathlib import Path

import pytest

from schism import cbi, library, validate, xmlio
from schism.errors import SchismError

from .helpers import DATA, FULL

EXPECTED = sorted((DATA / "expected").glob("*.xml"))


def _library_ids() -> frozenset[str]:
    """What stage 1 passes for the example: every ID of the library files it
    imports (board and arch from the bundled xmllib, the CBI's defaults)."""
    dirs = [library.bundled_dir()]
    files = [library.find("board", "raspberrypi3", dirs), library.find("arch", "arm64", dirs),
             cbi.lookup("phidias").default_hypervisor]
    ids: set[str] = set()
    for path in files:
        ids |= {el.get("id") for el in xmlio.parse_file(path).iter() if el.get("id")}
    return frozenset(ids)


def test_scenario_validates_with_library_ids() -> None:
    path = DATA / "scenario.xml"
    validate.check(xmlio.parse_file(path), str(path), library_ids=_library_ids())


def test_scenario_without_library_ids_names_the_first_missing_id() -> None:
    path = DATA / "scenario.xml"
    with pytest.raises(SchismError) as e:
        validate.check(xmlio.parse_file(path), str(path))
    assert str(e.value) == (
        f"{path}:4: error: platform board: 'raspberrypi3' is not the ID of any element"
    )


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_expected_outputs_validate(path: Path) -> None:
    validate.check(xmlio.parse_file(path), str(path))


@pytest.mark.parametrize("path", EXPECTED, ids=lambda p: p.name)
def test_expected_outputs_validate_as_written(path: Path) -> None:
    """What stages.write_output validates: the canonical text, parsed again."""
    data = xmlio.serialize(xmlio.parse_file(path))
    validate.check(xmlio.parse_bytes(data, str(path)), str(path))


def test_six_expected_files() -> None:
    assert [p.name for p in EXPECTED] == [
        "scenario_expanded.xml", "scenario_measured.xml", "scenario_p_laidout.xml",
        "scenario_pagetables.xml", "scenario_reparented.xml", "scenario_v_laidout.xml",
    ]


def test_full_fixture_uses_every_declared_attribute() -> None:
    """data/full.xml (the base of the negative tests) exercises the whole DTD."""
    tree = xmlio.parse_bytes(FULL.encode(), "full.xml")
    used = {(el.tag, name) for el in tree.iter() for name in el.keys()}
    declared = {
        (tag, name)
        for tag, names in validate.vocabulary().attributes.items()
        for name in names
    }
    assert declared - used == set()


def test_dtd_is_parsed_once() -> None:
    assert validate.vocabulary() is validate.vocabulary()
