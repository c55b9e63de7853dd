"""The CBI registry (schism.cbi, docs/cbi.md "Writing a third-party CBI"):
every CBI an entry point naming a class, read from the installed
distributions' `entry_points.txt`; in-process registration; one error line
for every way a plug-in can be broken."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from lxml import etree
from support import MINIMAL, run_cli

from schism import cbi, deps
from schism.cbi.demo import DemoCBI
from schism.cbi.phidias import PhidiasCBI
from schism.cbi.phidias_v0010 import PhidiasV0010CBI
from schism.errors import SchismError

ROOT = Path(__file__).resolve().parents[2]
BUILTIN = {"phidias": PhidiasCBI, "phidias-v0.010": PhidiasV0010CBI, "demo": DemoCBI}


def test_builtins():
    assert set(BUILTIN) <= set(cbi.known())
    for name, cls in BUILTIN.items():
        found = cbi.lookup(name)
        assert type(found) is cls and isinstance(found, cbi.CBI) and found.name == name
        assert cbi.lookup(name) is found  # loaded once
        assert found.default_hypervisor.is_file() and found.config_linker_script.is_file()
    assert cbi.lookup("phidias").default_hypervisor.name == "default_hypervisor_phidias.xml"


def test_builtins_are_entry_points_naming_their_class():
    """pyproject.toml lists every built-in as `name = module:Class`, and the
    installed metadata says the same (else: reinstall, pip install -e .)."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        declared = tomllib.load(f)["project"]["entry-points"][cbi.ENTRY_POINT_GROUP]
    assert declared == {name: f"{cls.__module__}:{cls.__name__}" for name, cls in BUILTIN.items()}
    for name, value in declared.items():
        ep = cbi.entry_point(name)
        assert ep is not None and ep.value == value, "stale install: run pip install -e ."
        assert cbi._distribution_name(ep.origin.parent.name) == cbi.DISTRIBUTION


def test_agrees_with_importlib_metadata():
    """The small reader finds what importlib.metadata finds."""
    standard = {ep.name: ep.value for ep in metadata.entry_points(group=cbi.ENTRY_POINT_GROUP)}
    assert {name: cbi.entry_point(name).value for name in standard} == standard
    assert set(cbi.known()) == set(standard)


def test_lookup_of_a_builtin_does_not_import_importlib_metadata():
    """Start-up cost (issue 13): the built-ins are found without it."""
    code = ("import sys, schism.cbi as c; c.lookup('phidias'); c.lookup('demo'); "
            "print('importlib.metadata' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert run.stdout == "False\n"


def test_default_hypervisor_is_a_hypervisor():
    root = etree.parse(str(cbi.lookup("phidias").default_hypervisor)).getroot()
    assert root.tag == "hypervisor"
    assert {m.get("id") for m in root.iter("memreq")} >= {"core_rx", "config_r", "blob"}


def test_unknown_name_lists_known():
    with pytest.raises(SchismError) as e:
        cbi.lookup("nova")
    assert str(e.value) == f"error: unknown CBI 'nova' (known: {', '.join(cbi.known())})"


def test_schism_not_installed(monkeypatch, tmp_path):
    """Without schism's own metadata on sys.path even the built-ins are
    unknown; the error says why."""
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    cbi.unregister("phidias")  # forget the loaded instance
    with pytest.raises(SchismError) as e:
        cbi.lookup("phidias")
    assert str(e.value) == ("error: unknown CBI 'phidias' (known: ); schism's own entry points "
                            "are missing: install it (pip install -e <checkout>)")


# --- third-party entry points in a fake distribution -------------------------

class _Third:
    name = "third"
    default_hypervisor = PhidiasCBI.default_hypervisor
    config_linker_script = PhidiasCBI.config_linker_script

    def makeconf(self, scenario):
        return "THIRD := yes\n"

    def generate_config(self, scenario, iteration):
        return f"/* {iteration} */\n"


PLUGIN_MODULE = '''
from schism.cbi.phidias import PhidiasCBI


class Third:
    name = "third"
    default_hypervisor = PhidiasCBI.default_hypervisor
    config_linker_script = PhidiasCBI.config_linker_script

    def makeconf(self, scenario):
        return "THIRD := yes\\n"

    def generate_config(self, scenario, iteration):
        return f"/* {iteration} */\\n"


class Failing(Third):
    def __init__(self):
        raise ValueError("no licence file")


class Partial:
    name = "partial"
    default_hypervisor = PhidiasCBI.default_hypervisor

    def makeconf(self, scenario):
        return ""


INSTANCE = Third()


def factory():
    return Third()
'''


@pytest.fixture
def site(tmp_path, monkeypatch):
    """`install(distribution, entry_points_text)`: a fake installed
    distribution in a sys.path directory holding the module `thirdcbi`."""
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "thirdcbi.py").write_text(PLUGIN_MODULE)
    (tmp_path / "brokencbi.py").write_text("raise RuntimeError('half-installed')\n")
    names: list[str] = []

    def install(distribution: str, text: str, where: Path = tmp_path) -> None:
        info = where / f"{distribution}-1.0.dist-info"
        info.mkdir(parents=True)
        (info / "entry_points.txt").write_text(text)
        names.extend(line.partition("=")[0].strip() for line in text.splitlines()
                     if "=" in line)

    yield install
    for name in names:
        cbi.unregister(name)
    for module in ("thirdcbi", "brokencbi"):
        sys.modules.pop(module, None)


def test_third_party_entry_point(site):
    site("schism_cbi_third", "[console_scripts]\nthird = nowhere:main\n\n"
                             "[schism.cbi]\nthird = thirdcbi:Third\n")
    assert "third" in cbi.known()
    plugin = cbi.lookup("third")
    assert type(plugin).__name__ == "Third" and isinstance(plugin, cbi.CBI)
    assert plugin.generate_config(None, 2) == "/* 2 */\n"
    assert cbi.lookup("third") is plugin


def test_entry_points_txt_syntax(site):
    """Comments, blank lines, spaces, other groups and extras as
    importlib.metadata reads them."""
    site("spaced", "# generated\n\n[ schism.cbi ]\n  third2   =   thirdcbi : Third [extra]\n"
                   "; comment\n[other]\nthird3 = thirdcbi:Third\n")
    assert cbi.entry_point("third2").value == "thirdcbi : Third [extra]"
    assert cbi.entry_point("third3") is None
    assert cbi.lookup("third2").generate_config(None, 1) == "/* 1 */\n"


def test_builtin_names_stay_schisms(site):
    """A plug-in cannot take a built-in's name; between two others the first
    on sys.path wins."""
    site("impostor", "[schism.cbi]\nphidias = thirdcbi:Third\nshared = thirdcbi:Third\n")
    assert type(cbi.lookup("phidias")) is PhidiasCBI
    later = Path(sys.path[0]) / "later"
    later.mkdir()
    sys.path.insert(1, str(later))
    site("second", "[schism.cbi]\nshared = thirdcbi:Partial\n", where=later)
    assert cbi.entry_point("shared").value == "thirdcbi:Third"


@pytest.mark.parametrize("value, message", [
    ("thirdcbi:INSTANCE", "is not a class but an instance of Third (export the class: schism "
                          "calls it without arguments)"),
    ("thirdcbi:factory", "is not a class but a function (export the class: schism calls it "
                         "without arguments)"),
    ("thirdcbi", "is not a class but a module (export the class: schism calls it without "
                 "arguments)"),
    ("nosuchcbi:Third", "cannot be loaded: ModuleNotFoundError: No module named 'nosuchcbi'"),
    ("thirdcbi:Missing", "cannot be loaded: AttributeError: module 'thirdcbi' has no attribute "
                         "'Missing'"),
    ("brokencbi:Third", "cannot be loaded: RuntimeError: half-installed"),
    ("thirdcbi:Failing", ": Failing() failed: ValueError: no licence file"),
    ("thirdcbi:Partial", ": Partial lacks config_linker_script, generate_config of the CBI "
                         "interface (docs/cbi.md \"The interface\")"),
], ids=["instance", "function", "module", "no-module", "no-attribute", "import-error",
        "init-fails", "lacks-interface"])
def test_broken_entry_point(site, value, message):
    site("broken", f"[schism.cbi]\nx = {value}\n")
    with pytest.raises(SchismError) as e:
        cbi.lookup("x")
    separator = "" if message.startswith(":") else " "
    assert str(e.value) == f"error: cbi 'x': entry point '{value}'{separator}{message}"
    assert "x" not in cbi._loaded


def test_malformed_entry_point(site, tmp_path):
    site("malformed", "[schism.cbi]\nx = not a reference!\n")
    with pytest.raises(SchismError) as e:
        cbi.lookup("x")
    origin = tmp_path / "malformed-1.0.dist-info" / "entry_points.txt"
    assert str(e.value) == (f"error: cbi 'x': entry point 'not a reference!' is not "
                            f"'module:Class' (in {origin})")


def test_broken_entry_point_in_a_stage(site, tmp_path, capsys):
    """A stage reports it at the scenario's cbi attribute, in one line."""
    site("broken", "[schism.cbi]\nx = thirdcbi:INSTANCE\n")
    o = tmp_path / "o"
    o.mkdir()
    (o / "scenario.xml").write_text(MINIMAL.replace('cbi="phidias"', 'cbi="x"'))
    rc, err = run_cli(capsys, "precompile", o)
    assert rc == 1
    assert err == (f"{o / 'scenario.xml'}:1: error: scenario cbi: cbi 'x': entry point "
                   "'thirdcbi:INSTANCE' is not a class but an instance of Third (export the "
                   "class: schism calls it without arguments)\n")


def test_metadata_is_no_stage_input(site):
    """Reading entry_points.txt records nothing; the CBI's modules count."""
    site("recorded", "[schism.cbi]\nthird = thirdcbi:Third\n")
    recorder = deps.start()
    try:
        cbi.lookup("third")
    finally:
        deps.stop()
    assert not [f for f in recorder.files if f.endswith("entry_points.txt")]
    assert "thirdcbi" in recorder.packages


# --- in-process registration and the helpers --------------------------------

def test_register_wins_and_unregisters():
    plugin = _Third()
    cbi.register("phidias", lambda: plugin)
    try:
        assert cbi.lookup("phidias") is plugin
    finally:
        cbi.unregister("phidias")
    assert isinstance(cbi.lookup("phidias"), PhidiasCBI)


def test_registered_factory_is_checked_too():
    cbi.register("half", lambda: object())
    try:
        with pytest.raises(SchismError) as e:
            cbi.lookup("half")
        assert e.value.message == ("cbi 'half': object lacks name, default_hypervisor, "
                                   "config_linker_script, makeconf, generate_config of the CBI "
                                   "interface (docs/cbi.md \"The interface\")")
    finally:
        cbi.unregister("half")


def test_build_time(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795610239")
    assert cbi.build_time() == "2026/11/25 12:37:19"  # UTC, the reference's stamp
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert cbi.build_time() == "1970/01/01 00:00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "253402300799")
    assert cbi.build_time() == "9999/12/31 23:59:59"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "")
    assert len(cbi.build_time()) == len("2026/11/25 12:37:19")  # now
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert len(cbi.build_time()) == len("2026/11/25 12:37:19")


@pytest.mark.parametrize("value, message", [
    ("yesterday", "SOURCE_DATE_EPOCH: 'yesterday' is not a number of seconds (decimal digits)"),
    ("-1", "SOURCE_DATE_EPOCH: '-1' is not a number of seconds (decimal digits)"),
    ("\u0664", "SOURCE_DATE_EPOCH: '\u0664' is not a number of seconds (decimal digits)"),
    # a year of seven digits overflowed the configuration's 20-byte stamp,
    # which gcc rejected; a longer number made time.gmtime raise
    ("99999999999999", "SOURCE_DATE_EPOCH: '99999999999999' lies after the year 9999 "
                       "(at most 253402300799)"),
    ("9" * 5000, f"SOURCE_DATE_EPOCH: '{'9' * 77}...' lies after the year 9999 "
                 "(at most 253402300799)"),
])
def test_build_time_of_a_bad_source_date_epoch(monkeypatch, value, message):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(SchismError) as e:
        cbi.build_time()
    assert str(e.value) == f"error: {message}"


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


def test_lookup_from_another_directory(tmp_path):
    """The entry points are found whatever the working directory (no
    checkout egg-info in it)."""
    code = "import schism.cbi as c; print(c.lookup('demo').name, c.entry_point('demo').value)"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, env=env, check=True)
    assert run.stdout == "demo schism.cbi.demo:DemoCBI\n"
