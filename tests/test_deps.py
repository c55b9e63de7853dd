"""schism.deps: what a stage read, as make reads it (docs/builds.md)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from schism import deps
from schism.errors import SchismError


def test_make_words_escape_what_make_would_read_otherwise():
    assert deps.make_word("/a b/c:d#e$f*g?[h]") == "/a\\ b/c\\:d\\#e$$f\\*g\\?\\[h\\]"


@pytest.mark.parametrize("char", [";", "=", "|", "\\", "\n", "\t"])
def test_paths_make_cannot_name_are_errors(char):
    with pytest.raises(SchismError) as e:
        deps.make_word(f"/x/pay{char}load.bin")
    assert "cannot be a make dependency" in str(e.value)


def test_recording_a_read(tmp_path: Path):
    o = tmp_path / "o"
    o.mkdir()
    (o / "payload.bin").write_bytes(b"x")
    elsewhere = tmp_path / "lib.xml"
    elsewhere.write_text("<board/>")
    recorder = deps.start()
    try:
        (o / "payload.bin").read_bytes()  # through Python's open: the audit hook
        deps.read(elsewhere)  # named by the stage (lxml reads it)
        with deps.unrecorded():
            (o / "payload.bin").read_bytes()
        deps.environ("SCHISM_TEST_VARIABLE")
    finally:
        deps.stop()
    text = deps.depfile_text(recorder, o, "expand")
    assert text.startswith("# What expand read when it last succeeded")
    lines = text.splitlines()
    assert "$(O)/.deps/expand.stamp: \\" in lines
    assert "  $(O)/payload.bin \\" in lines and f"  {elsewhere} \\" in lines
    assert "$(O)/payload.bin:" in lines and f"{elsewhere}:" in lines  # deleted: rerun
    assert "  $(O)/.deps/var-SCHISM_TEST_VARIABLE \\" in lines
    assert "SCHISM_TRACKED += SCHISM_TEST_VARIABLE" in lines
    assert any(line.endswith("/schism/deps.py \\") for line in lines)  # its own modules


def test_variable_files_change_only_with_the_value(tmp_path: Path):
    (tmp_path / deps.DIR).mkdir()
    path = deps.var_file(tmp_path, "X")
    deps.sync_variable(tmp_path, "X", "a")
    assert path.read_text() == "a\n" and path.stat().st_mtime == 1  # new: as old as can be
    deps.sync_variable(tmp_path, "X", "a")
    assert path.stat().st_mtime == 1
    deps.sync_variable(tmp_path, "X", "b")
    assert path.read_text() == "b\n" and path.stat().st_mtime > 1


def test_finish_writes_depfile_and_stamp(tmp_path: Path):
    recorder = deps.start()
    deps.stop()
    deps.finish(recorder, tmp_path, "layout-map")
    assert (tmp_path / ".deps" / "layout-map.d").exists()
    stamp = tmp_path / ".deps" / "layout-map.stamp"
    before = stamp.stat().st_mtime_ns
    os.utime(stamp, (1, 1))
    deps.finish(recorder, tmp_path, "layout-map")
    assert stamp.stat().st_mtime_ns >= before


def test_a_stage_records_the_modules_it_imported_not_all_the_process_loaded(tmp_path: Path):
    """Several stages in one process (schism/chain.py): a module an earlier
    stage loaded counts for a later one only if that one imports it, and
    then with what it imported when it was loaded."""
    import importlib
    import sys

    import schism

    (tmp_path / "zz_probe_a.py").write_text("import schism.zz_probe_b\n")
    (tmp_path / "zz_probe_b.py").write_text("")
    schism.__path__.append(str(tmp_path))
    try:
        first = deps.start()
        importlib.import_module("schism.zz_probe_a")
        deps.stop()
        again = deps.start()
        import schism.zz_probe_a  # noqa: F401 - loaded already: only the statement runs
        deps.stop()
        other = deps.start()
        deps.stop()
        probes = {str(tmp_path / "zz_probe_a.py"), str(tmp_path / "zz_probe_b.py")}
        assert probes <= set(deps._modules(first))
        assert probes <= set(deps._modules(again))
        assert not probes & set(deps._modules(other))
    finally:
        deps.stop()
        schism.__path__.remove(str(tmp_path))
        for name in ("schism.zz_probe_a", "schism.zz_probe_b"):
            sys.modules.pop(name, None)
