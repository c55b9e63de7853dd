"""generate-config 1|2 as a stage (docs/cbi.md 3.1, 8.1): its files,
config_base.lds, the timestamp, atomic writes."""

from __future__ import annotations

from support import line_of, run_cli
from support.fixtures import EPOCH, GOLDEN

from .helpers import prepared

CASE = GOLDEN / "phidias-guests"


def test_iteration_1_writes_only_the_source(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    prepared(tmp_path, "phidias-guests", name="scenario_reparented.xml")
    rc, err = run_cli(capsys, "generate-config", tmp_path, "1")
    assert (rc, err) == (0, "")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".deps", "scenario_config.c", "scenario_reparented.xml"]
    expected = (CASE / "expected" / "scenario_config.c").read_text()
    assert (tmp_path / "scenario_config.c").read_text() == expected


def test_iteration_2_writes_config_base(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    prepared(tmp_path, "phidias-guests")
    assert run_cli(capsys, "generate-config", tmp_path, "2") == (0, "")
    assert (tmp_path / "config_base.lds").read_text() == "CONFIG_START = 0x8000005000;\n"
    expected = (CASE / "expected" / "scenario_config_real.c").read_text()
    assert (tmp_path / "scenario_config_real.c").read_text() == expected
    assert not list(tmp_path.glob(".*.tmp"))


def test_timestamp_is_utc(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "86399")
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    prepared(tmp_path, "phidias-guests")
    assert run_cli(capsys, "generate-config", tmp_path, "2")[0] == 0
    assert '"1970/01/01 23:59:59"' in (tmp_path / "scenario_config_real.c").read_text()


def test_failure_removes_previous_outputs(tmp_path, capsys):
    """A failed stage leaves nothing that looks like its result (docs/builds.md)."""
    def edit(root):
        root.find(".//vdev").set("type", "nonsense")
    prepared(tmp_path, "phidias-guests", edit)
    (tmp_path / "scenario_config_real.c").write_text("previous")
    (tmp_path / "config_base.lds").write_text("previous")
    assert run_cli(capsys, "generate-config", tmp_path, "2")[0] == 1
    assert not (tmp_path / "scenario_config_real.c").exists()
    assert not (tmp_path / "config_base.lds").exists()


def test_per_cpu_config_r_base(tmp_path, capsys):
    def edit(root):
        root.find("hypervisor/mmu/map[@xref='config_r']").set("base", "[0]=0x1000;[1]=0x2000")
    path = prepared(tmp_path, "phidias-guests", edit)
    rc, err = run_cli(capsys, "generate-config", tmp_path, "2")
    assert rc == 1
    line = line_of(path, 'map xref="config_r"')
    assert err.strip() == (f"{path}:{line}: error: map base: the config_r map needs one base, "
                           "not per-CPU '[0]=0x1000;[1]=0x2000'")
    assert not (tmp_path / "scenario_config_real.c").exists()


def test_needs_iteration(tmp_path, capsys):
    rc, err = run_cli(capsys, "generate-config", tmp_path)
    assert rc == 1 and err == "schism: error: 'generate-config' needs an argument: 1 or 2\n"


def test_iteration_is_1_or_2(tmp_path, capsys):
    rc, err = run_cli(capsys, "generate-config", tmp_path, "3")
    assert rc == 2
    assert err.startswith("schism generate-config: error: argument iteration: invalid choice: '3'")
