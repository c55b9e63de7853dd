"""schism.chain: which stages a stage process under make runs after its
own, decided as make decides (docs/builds.md "Stages in one process")."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest
from support.fixtures import GOLDEN

from schism import chain, deps, pipeline


@pytest.mark.parametrize(("makeflags", "allowed", "silent"), [
    ("", True, False),
    ("s", True, True),
    ("s -- X=1", True, True),
    (" -j1", True, False),
    ("k -j2 --jobserver-auth=3,4", False, False),
    (" --jobserver-auth=fifo:/tmp/x", False, False),
    ("B", False, False),
    ("n", False, False),
    ("t", False, False),
    ("q", False, False),
    ("i -I/tmp", False, False),
    ("k", False, False),
    ("L", False, False),
    ("rw", True, False),
    (" -I/tmp", True, False),
    (" --no-print-directory", True, False),
])
def test_make_flags(makeflags, allowed, silent):
    assert chain._make_flags(makeflags) == (allowed, silent)


def test_goals_need_their_stages_and_those_before():
    assert chain.needed(["reparent"]) == {"expand", "reparent"}
    assert chain.needed(["all"]) == {s.key for s in pipeline.STAGES}
    report = chain.needed(["report"])
    assert "report" in report and "combine" not in report and "hypervisor" in report
    assert chain.needed(["build/x/scenario_expanded.xml"]) is None


def test_stage_zero_ends_a_chain_that_did_not_wait_for_it():
    expand = pipeline.by_key("expand")
    assert "hypervisor" not in chain.closure([expand])
    assert "hypervisor" in chain.closure([pipeline.by_key("compile-config-1")])


def test_no_chain_without_make(monkeypatch, tmp_path):
    monkeypatch.delenv(chain.GOALS, raising=False)
    assert chain.start(pipeline.by_key("expand"), tmp_path) is None
    monkeypatch.setenv(chain.GOALS, "all")
    monkeypatch.setenv("MAKEFLAGS", " -j2 --jobserver-auth=3,4")
    assert chain.start(pipeline.by_key("expand"), tmp_path) is None
    monkeypatch.setenv("MAKEFLAGS", "")
    assert chain.start(pipeline.by_key("expand"), tmp_path) is not None


def _built(o: Path, key: str, words: list[str]) -> Path:
    (o / deps.DIR).mkdir(parents=True, exist_ok=True)
    stage = pipeline.by_key(key)
    for name in (*stage.inputs, *stage.outputs):
        (o / name).write_text("x")
    (o / deps.DIR / "var-SCHISM_FLAGS").write_text("\n")
    lines = [f"$(O)/{deps.DIR}/{key}.stamp: \\", *(f"  {w} \\" for w in words), ""]
    (o / deps.DIR / f"{key}.d").write_text("\n".join(lines) + "\n")
    stamp = o / deps.DIR / f"{key}.stamp"
    stamp.touch()
    return stamp


def _age(path: Path, ns: int) -> None:
    t = path.stat().st_mtime_ns - ns
    os.utime(path, ns=(t, t))


def test_out_of_date_as_make_sees_it(tmp_path):
    o = tmp_path / "o"
    lib = tmp_path / "a dir$"
    lib.mkdir()
    (lib / "b:c.xml").write_text("x")
    words = [deps.make_word(str(lib / "b:c.xml")), "$(O)/scenario_expanded.xml"]
    stamp = _built(o, "reparent", words)
    for p in [*o.iterdir(), lib / "b:c.xml", *(o / deps.DIR).iterdir()]:
        if p != stamp and p.is_file():
            _age(p, 1000)
    assert chain.depfile_words(o, "reparent") == [str(lib / "b:c.xml"),
                                                  str(o / "scenario_expanded.xml")]
    assert chain.out_of_date(pipeline.by_key("reparent"), o, "demo") is False
    # As new as the stamp is not newer; a nanosecond more is.
    os.utime(lib / "b:c.xml", ns=(stamp.stat().st_mtime_ns,) * 2)
    assert chain.out_of_date(pipeline.by_key("reparent"), o, "demo") is False
    os.utime(lib / "b:c.xml", ns=(stamp.stat().st_mtime_ns + 1,) * 2)
    assert chain.out_of_date(pipeline.by_key("reparent"), o, "demo") is True


def test_missing_files_make_a_stage_out_of_date(tmp_path):
    o = tmp_path / "o"
    stage = pipeline.by_key("reparent")
    _built(o, "reparent", ["/nonexistent/file.xsl"])
    assert chain.out_of_date(stage, o, "demo") is True  # an empty rule: make takes it as new
    _built(o, "reparent", [])
    (o / "scenario_reparented.xml").unlink()
    assert chain.out_of_date(stage, o, "demo") is True
    _built(o, "reparent", [])
    (o / deps.DIR / "reparent.stamp").unlink()
    assert chain.out_of_date(stage, o, "demo") is True
    _built(o, "reparent", [])
    (o / deps.DIR / "var-SCHISM_FLAGS").unlink()
    assert chain.out_of_date(stage, o, "demo") is None  # make would write it first


# --- trees handed on in memory (schism/stages/xmlstage.py) -------------------------------


def _golden():
    """The golden-case runner (tests/golden_runner.py; tests/support/golden.py
    once the test support package lands)."""
    try:
        from support import golden
    except ImportError:
        import golden_runner as golden
    return golden


def _run_handing_on(case: Path, build_dir: Path):
    """golden_runner.run_case, but the stages hand their trees on in memory
    as in a chain (cli.run_stage, which runs a stage again on the file when it
    fails on a tree from memory)."""
    import io

    golden = _golden()
    Run, _relative, case_env = golden.Run, golden._relative, golden.case_env
    environment, plan, stderr_name = golden.environment, golden.plan, golden.stderr_name
    from schism import cli
    from schism.errors import SchismError
    from schism.stages import Context, xmlstage

    build_dir.mkdir(parents=True)
    for p in case.iterdir():
        if p.is_file() and p.name != "case.env":
            shutil.copyfile(p, build_dir / p.name)
    result = Run(build_dir)
    xmlstage.hand_on()
    try:
        with environment(case_env(case)):
            for stage in plan(case):
                out = io.StringIO()
                ctx = Context(build_dir=build_dir, out=out, stage=stage)
                try:
                    cli.run_stage(stage, ctx)
                except SchismError as e:
                    result.error = _relative(str(e), build_dir)
                    result.failed_stage = stderr_name(stage)
                    result.stderr[stderr_name(stage)] = _relative(out.getvalue(), build_dir)
                    break
                result.stderr[stderr_name(stage)] = _relative(out.getvalue(), build_dir)
    finally:
        xmlstage.hand_on(False)
    return result


def _outputs(build_dir: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in build_dir.iterdir()
            if p.is_file() and p.name != ".schism-validated"}


def _golden_cases():
    return _golden().cases()


@pytest.mark.parametrize("case", _golden_cases(), ids=lambda c: c.name)
def test_trees_handed_on_give_what_files_give(case, tmp_path):
    """Every golden case: the same files, messages and errors (with their
    lines) whether each stage parses its input or gets it from memory."""
    alone = _golden().run_case(case, tmp_path / "alone")
    handed = _run_handing_on(case, tmp_path / "handed")
    assert (handed.error, handed.failed_stage) == (alone.error, alone.failed_stage)
    assert handed.stderr == alone.stderr
    assert _outputs(tmp_path / "handed") == _outputs(tmp_path / "alone")


def test_a_chain_ends_when_its_documents_fill_the_limit(tmp_path, monkeypatch):
    """Past CHAIN_LIMIT bytes of kept XML the next stage is left to make (a
    process of its own, whose memory is its own input and output)."""
    o = tmp_path / "o"
    (o / deps.DIR).mkdir(parents=True)
    (o / deps.DIR / "rules.mk").write_text("SCHISM_CBI := demo\n")
    expand = pipeline.by_key("expand")

    def following() -> list[str]:
        run = chain.Chain(expand, o, {"expand", "reparent"}, silent=True)
        return [s.key for s in run.following()]

    assert following() == ["reparent"]  # no stamp: out of date
    monkeypatch.setattr(chain, "CHAIN_LIMIT", -1)
    assert not chain.has_room()
    assert following() == []


def test_verify_leaves_the_handed_tree_to_the_next_stage(tmp_path):
    """verify checks scenario_pagetables.xml but reads it with its own model:
    the tree pagetables handed on stays for generate-config 2."""
    from schism import xmlio
    from schism.stages import Context, check_input, read_input, write_output, xmlstage

    name = "scenario_pagetables.xml"
    tree = xmlio.parse_file(GOLDEN / "rpi3" / "expected" / name)
    ctx = Context(build_dir=tmp_path, out=io.StringIO())
    xmlstage.hand_on()
    try:
        write_output(ctx, name, tree)
        check_input(ctx, name)
        ctx.lines_unknown = False
        assert read_input(ctx, name) is tree and ctx.lines_unknown
        ctx.lines_unknown = False
        assert read_input(ctx, name) is not tree and not ctx.lines_unknown  # handed on once
    finally:
        xmlstage.hand_on(False)
