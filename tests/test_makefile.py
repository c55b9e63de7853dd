"""`make O=dir`: rules from the stage table, dependencies from what each stage
read (docs/builds.md). Every kind of input is changed once and make must run
exactly the stages that read it (and those whose inputs then really change),
with the image following.

The tests run make on a copy of schism's sources (PYTHONPATH points at it),
so that they can edit stylesheets, stage modules and the CBI for real."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile

from schism import chain, pipeline

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"
PAYLOADS = ("hello.txt", "payload.bin")
# What schism runs, in table order (stage 0's make runs when make first needs
# its files, before compile-config 1).
EVERY_STAGE = ["make-rules", *[s.goal for s in pipeline.BUILD_ORDER]]

pytestmark = pytest.mark.skipif(shutil.which("make") is None or shutil.which("gcc") is None,
                                reason="needs make and gcc")


def _copy_sources(src: Path) -> Path:
    """A copy of schism (package, stylesheets, DTD, library, Makefile) and of
    the demo hypervisor in `src`."""
    for name in ("schism", "xslt", "dtd", "xmllib"):
        shutil.copytree(ROOT / name, src / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "Makefile", src / "Makefile")
    shutil.copytree(ROOT / "examples" / "demo-hypervisor", src / "hypervisor",
                    ignore=shutil.ignore_patterns("build"))
    return src


@pytest.fixture
def src(tmp_path_factory) -> Path:
    """Sources a test may edit."""
    return _copy_sources(tmp_path_factory.mktemp("src"))


@pytest.fixture(scope="module")
def shared_src(tmp_path_factory) -> Path:
    """Sources no test edits (the tests that change only O's files)."""
    return _copy_sources(tmp_path_factory.mktemp("shared-src"))


@pytest.fixture(scope="module")
def template(shared_src, tmp_path_factory) -> Path:
    o = _o(tmp_path_factory.mktemp("template"))
    ran, _ = make(shared_src, o)
    assert stages_only(ran) == EVERY_STAGE
    return o


@pytest.fixture
def done(template, tmp_path) -> Path:
    """A built O of `shared_src` (a copy of `template`, mtimes and all)."""
    o = tmp_path / "o"
    shutil.copytree(template, o, symlinks=True)
    return o


def _o(tmp_path: Path, scenario: str | None = None) -> Path:
    o = tmp_path / "o"
    o.mkdir()
    text = (DEMO / "scenario.xml").read_text() if scenario is None else scenario
    (o / "scenario.xml").write_text(text)
    for name in PAYLOADS:
        shutil.copy(DEMO / name, o / name)
    return o


def make(src: Path, o: Path, *args: str, env: dict | None = None,
         check: bool = True, hypervisor: bool = True) -> tuple[list[str], str]:
    """Run make on `o`; (the stages it ran, in order, as stage goals; output)."""
    environ = dict(os.environ, PYTHONPATH=str(src), MAKEFLAGS="")
    environ.pop("SCHISM_XMLLIB", None)
    environ.update(env or {})
    cmd = ["make", "-f", str(src / "Makefile"), f"O={o}", f"PYTHON={sys.executable}"]
    if hypervisor:
        cmd.append(f"HYPERVISOR_SRC={src / 'hypervisor'}")
    # cwd: `python -m` would import schism from the current directory first
    proc = subprocess.run([*cmd, *args], capture_output=True, text=True, env=environ, cwd=o)
    output = proc.stdout + proc.stderr
    if check:
        assert proc.returncode == 0, output
    return ran_stages(proc.stdout), output


def ran_stages(stdout: str) -> list[str]:
    """The stages make's output says ran, in order, as stage goals: the
    recipes make echoes and the stages a recipe's process ran after its own
    (`schism: chained: ...`, schism/chain.py)."""
    ran = []
    for line in stdout.splitlines():
        m = (re.search(r"-m schism\s+(?:--\S+\s+)*(\S+) \S+(?: ([12]))?$", line)
             or re.match(rf"{re.escape(chain.PREFIX)} (\S+) \S+(?: ([12]))?$", line))
        if m:
            ran.append(" ".join(filter(None, m.groups())))
        elif re.match(r"make\S* -C ", line):
            ran.append("hypervisor")
    return ran


def stages_only(ran: list[str]) -> list[str]:
    """What ran apart from stage 0's make, which is consulted every time."""
    return [r for r in ran if r != "hypervisor"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def built(src, tmp_path) -> Path:
    o = _o(tmp_path)
    ran, _ = make(src, o)
    assert stages_only(ran) == EVERY_STAGE
    assert ran.index("hypervisor") < ran.index("compile-config 1")
    return o


# --- the chain and a no-op ------------------------------------------------------------


def test_full_build_runs_every_stage_in_table_order(template):
    assert (template / "image").exists()


def test_second_make_runs_no_stage(shared_src, done):
    image = (done / "image").stat().st_mtime_ns
    ran, output = make(shared_src, done)
    assert ran == ["hypervisor"], output  # consulted; it has nothing to do
    assert (done / "image").stat().st_mtime_ns == image


def test_schism_build_then_make_runs_no_stage(shared_src, tmp_path):
    o = _o(tmp_path)
    subprocess.run(["make", "-s", "-C", str(shared_src / "hypervisor"), f"O={o}"], check=True,
                   capture_output=True)
    env = dict(os.environ, PYTHONPATH=str(shared_src))
    subprocess.run([sys.executable, "-m", "schism", "build", str(o)], check=True,
                   capture_output=True, env=env)
    ran, _ = make(shared_src, o)
    assert stages_only(ran) == ["make-rules"]


def test_one_stage_goal(shared_src, tmp_path):
    o = _o(tmp_path)
    ran, _ = make(shared_src, o, "reparent")
    assert ran == ["make-rules", "expand", "reparent"]
    assert not (o / "scenario_measured.xml").exists()


def test_report_goal_alone(shared_src, tmp_path):
    """`make O=dir report`: the memory map, without the configuration or image."""
    o = _o(tmp_path)
    ran, _ = make(shared_src, o, "report")
    assert ran[-1] == "report" and "combine" not in ran and "generate-config 2" not in ran
    assert (o / "memory-map.svg").exists() and not (o / "image").exists()


def test_deleted_output_is_made_again(shared_src, done):
    (done / "scenario_v_laidout.xml").unlink()
    ran, _ = make(shared_src, done)
    # The new file is newer than what was made from it: pagetables runs and
    # finds the same input, so nothing after it does.
    assert stages_only(ran) == ["layout-map", "pagetables"]
    assert (done / "scenario_v_laidout.xml").exists()


def test_failed_stage_runs_again_and_leaves_no_output(shared_src, done):
    edit(done / "scenario.xml", 'size="0x1000000"', 'size="0x1000000" base="0x1"')
    ran, output = make(shared_src, done, check=False)
    assert ran[-1] == "layout-memory" and "error:" in output
    # Its output of the earlier build is gone too: nothing stale looks done.
    assert not (done / "scenario_p_laidout.xml").exists()
    ran, _ = make(shared_src, done, check=False)
    assert stages_only(ran) == ["layout-memory"]


# --- each kind of input ----------------------------------------------------------------


def test_scenario_edit(shared_src, done):
    image = (done / "image").read_bytes()
    edit(done / "scenario.xml", 'size="0x400000"', 'size="0x800000"')
    ran, _ = make(shared_src, done)
    assert stages_only(ran) == EVERY_STAGE
    assert (done / "image").read_bytes() != image


def test_scenario_comment_reruns_only_what_reads_it(shared_src, done):
    image = (done / "image").read_bytes()
    edit(done / "scenario.xml", "<files>", "<!-- a note -->\n  <files>")
    ran, _ = make(shared_src, done)
    # Comments are kept: every XML stage passes the note on, but neither the
    # configuration nor the image changes.
    assert stages_only(ran)[:3] == ["make-rules", "precompile", "expand"]
    assert "layout-map" in ran and "generate-config 2" in ran
    assert (done / "image").read_bytes() == image


def test_payload_bytes(shared_src, done):
    image = (done / "image").read_bytes()
    data = bytearray((done / "payload.bin").read_bytes())
    data[0] ^= 0xFF  # same size: the layout stays
    (done / "payload.bin").write_bytes(bytes(data))
    ran, _ = make(shared_src, done)
    # measure and combine read it; the demo CBI puts its CRC into the config.
    assert stages_only(ran) == ["measure", "generate-config 2", "compile-config 2", "combine"]
    assert (done / "image").read_bytes() != image


def test_payload_size(shared_src, done):
    (done / "hello.txt").write_text("a longer hello than before\n" * 300)
    ran, _ = make(shared_src, done)
    assert stages_only(ran)[0] == "measure" and "combine" in ran
    assert len((done / "image").read_bytes()) > 0


def test_board_file_in_a_user_library(shared_src, done, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    board = lib / "board_qemu_virt_arm64.xml"
    shutil.copy(shared_src / "xmllib" / board.name, board)
    env = {"SCHISM_XMLLIB": str(lib)}
    ran, _ = make(shared_src, done, env=env)
    assert stages_only(ran) == ["expand"]  # found elsewhere now; same content
    image = (done / "image").read_bytes()
    ran, _ = make(shared_src, done, env=env)
    assert stages_only(ran) == []
    edit(board, 'base="0x09000000"', 'base="0x09001000"')  # the UART moved
    ran, _ = make(shared_src, done, env=env)
    assert stages_only(ran)[0] == "expand" and "combine" in ran
    assert (done / "image").read_bytes() != image


def test_library_file_added_in_front(shared_src, done, tmp_path):
    """A directory searched in vain is an input: a board file added to it is
    found first from then on."""
    lib = tmp_path / "lib"
    lib.mkdir()
    env = {"SCHISM_XMLLIB": str(lib)}
    make(shared_src, done, env=env)
    shutil.copy(shared_src / "xmllib" / "board_qemu_virt_arm64.xml", lib)
    edit(lib / "board_qemu_virt_arm64.xml", 'base="0x09000000"', 'base="0x09001000"')
    ran, _ = make(shared_src, done, env=env)
    assert stages_only(ran)[0] == "expand" and "combine" in ran


def test_xmllib_option(shared_src, done, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    shutil.copy(shared_src / "xmllib" / "board_qemu_virt_arm64.xml", lib)
    edit(lib / "board_qemu_virt_arm64.xml", 'base="0x09000000"', 'base="0x09001000"')
    ran, _ = make(shared_src, done, f"SCHISM_FLAGS=--xmllib={lib}")
    assert "combine" in ran
    assert 'base="0x09001000"' in (done / "scenario_expanded.xml").read_text()


def test_stylesheet(src, built):
    edit(src / "xslt" / "layout-map.xsl", "<xsl:template", "<!-- edited -->\n<xsl:template")
    ran, _ = make(src, built)
    assert stages_only(ran) == ["layout-map"]  # same output: nothing further


def test_included_stylesheet(src, built):
    edit(src / "xslt" / "common.xsl", "<xsl:template", "<!-- edited -->\n<xsl:template")
    ran, _ = make(src, built)
    with_stylesheet = [s.goal for s in pipeline.BUILD_ORDER if s.stylesheet]
    assert stages_only(ran) == with_stylesheet


def test_stage_module(src, built):
    edit(src / "schism" / "stages" / "layout_memory.py", '"""', '"""Edited. ', )
    ran, _ = make(src, built)
    assert stages_only(ran) == ["layout-memory"]


def test_stage_module_changing_the_output(src, built):
    config = (built / "scenario_config_real.xo").read_bytes()
    # Iteration 2's linker script places the configuration one page higher.
    edit(src / "schism" / "stages" / "generate_config.py",
         "format_hex(config_start(tree))", "format_hex(config_start(tree) + 0x1000)")
    ran, _ = make(src, built)
    assert stages_only(ran) == ["generate-config 1", "generate-config 2",
                                "compile-config 2", "combine"], ran
    assert (built / "scenario_config_real.xo").read_bytes() != config


def test_cbi_module(src, built):
    edit(src / "schism" / "cbi" / "demo" / "generator.py", '"""', '"""Edited. ')
    ran, _ = make(src, built)
    assert stages_only(ran) == ["generate-config 1", "generate-config 2"]


def test_cbi_linker_script(src, built):
    edit(src / "schism" / "cbi" / "demo" / "config.lds", "SECTIONS", "/* edited */\nSECTIONS")
    ran, _ = make(src, built)
    assert stages_only(ran) == ["compile-config 1", "compile-config 2"]


def test_dtd(src, built):
    edit(src / "dtd" / "scenario.dtd", "<!ELEMENT", "<!-- edited -->\n<!ELEMENT")
    ran, _ = make(src, built)
    validating = {"expand", "reparent", "measure", "layout-memory", "layout-map", "pagetables",
                  "verify", "generate-config 1", "generate-config 2", "combine", "report"}
    assert set(stages_only(ran)) == validating


def test_hypervisor_elf(src, built):
    image = (built / "image").read_bytes()
    elf = src / "hypervisor" / "demo.elf"
    data = bytearray(elf.read_bytes())
    with elf.open("rb") as f:
        code = next(ELFFile(f).iter_segments(type="PT_LOAD"))["p_offset"]
    data[code + 4] ^= 0xFF  # an instruction: sizes and addresses stay
    elf.write_bytes(bytes(data))
    ran, _ = make(src, built)
    assert ran == ["hypervisor", "measure", "combine"]
    assert (built / "image").read_bytes() != image


def test_prebuilt_hypervisor_elf(shared_src, tmp_path):
    o = _o(tmp_path)
    subprocess.run(["make", "-s", "-C", str(shared_src / "hypervisor"), f"O={o}"], check=True,
                   capture_output=True)
    ran, _ = make(shared_src, o, hypervisor=False)
    assert "hypervisor" not in ran and "combine" in ran
    os.utime(o / "demo.elf")
    ran, _ = make(shared_src, o, hypervisor=False)
    assert stages_only(ran) == ["measure", "combine"]


def test_prebuilt_hypervisor_missing_says_which_files(shared_src, tmp_path):
    o = _o(tmp_path)
    _, output = make(shared_src, o, "measure", hypervisor=False, check=False)
    assert f"provide {o}/demo.elf and {o}/invoke_gcc.cmd" in output


def test_environment_variable_a_stage_consulted(shared_src, done):
    env = {"CROSS_COMPILE": "aarch64-elsewhere-"}
    ran, _ = make(shared_src, done, env=env)
    assert stages_only(ran)[0] == "precompile"  # Makeconf names the compiler
    assert "CROSS_COMPILE := aarch64-elsewhere-" in (done / "Makeconf").read_text()
    ran, _ = make(shared_src, done, env=env)
    assert stages_only(ran) == []


def test_environment_variable_no_stage_consulted(shared_src, done):
    ran, _ = make(shared_src, done, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert stages_only(ran) == []  # a raw image of the demo CBI has no timestamp


# --- the scenario is read by schism, not by make ------------------------------------------


VARIANTS = {
    "attributes across lines": lambda t: t.replace('<scenario version="1.00" cbi="demo"',
                                                   '<scenario version="1.00"\n    cbi="demo"'),
    "single quotes": lambda t: t.replace('href="payload.bin"', "href='payload.bin'")
                                .replace('cbi="demo"', "cbi='demo'"),
    "CRLF": lambda t: t.replace("\n", "\r\n"),
    "comments": lambda t: t.replace("<files>", "<files><!-- cbi=\"phidias\" href=\"x\" -->"),
    "DOCTYPE": lambda t: t.replace("<scenario ", '<!DOCTYPE scenario SYSTEM "scenario.dtd">\n'
                                                 "<scenario ", 1),
}


def _dependencies(o: Path) -> dict[str, list[str]]:
    return {d.name: sorted(d.read_text().splitlines()[1:]) for d in (o / ".deps").glob("*.d")}


@pytest.fixture(scope="module")
def reference_dependencies(tmp_path_factory) -> dict[str, list[str]]:
    o = _o(tmp_path_factory.mktemp("ref"))
    src = ROOT
    environ = dict(os.environ, MAKEFLAGS="")
    subprocess.run(["make", "-s", "-f", str(src / "Makefile"), f"O={o}",
                    f"PYTHON={sys.executable}",
                    f"HYPERVISOR_SRC={ROOT / 'examples' / 'demo-hypervisor'}"],
                   check=True, capture_output=True, env=environ)
    return _dependencies(o)


@pytest.mark.parametrize("variant", VARIANTS)
def test_scenario_formatting_gives_the_same_dependencies(variant, tmp_path,
                                                         reference_dependencies):
    o = _o(tmp_path, VARIANTS[variant]((DEMO / "scenario.xml").read_text()))
    environ = dict(os.environ, MAKEFLAGS="")
    cmd = ["make", "-f", str(ROOT / "Makefile"), f"O={o}", f"PYTHON={sys.executable}",
           f"HYPERVISOR_SRC={ROOT / 'examples' / 'demo-hypervisor'}"]
    subprocess.run(cmd, check=True, capture_output=True, env=environ)
    assert _dependencies(o) == reference_dependencies
    assert not (o / ".elf").exists()
    (o / "payload.bin").write_bytes(b"changed")
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, env=environ)
    assert {"measure", "combine"} <= set(ran_stages(done.stdout))
    assert (o / "image").read_bytes().find(b"changed") > 0


# --- clean --------------------------------------------------------------------------------


def test_clean_keeps_the_users_files(shared_src, done):
    (done / "notes.txt").write_text("mine")
    before = {"scenario.xml", "notes.txt", *PAYLOADS}
    make(shared_src, done, "clean")
    assert {p.name for p in done.iterdir()} == before


def test_clean_keeps_a_prebuilt_hypervisor(shared_src, tmp_path):
    o = _o(tmp_path)
    subprocess.run(["make", "-s", "-C", str(shared_src / "hypervisor"), f"O={o}"], check=True,
                   capture_output=True)
    make(shared_src, o, hypervisor=False)
    make(shared_src, o, "clean", hypervisor=False)
    assert {p.name for p in o.iterdir()} == {"scenario.xml", "demo.elf", "invoke_gcc.cmd",
                                             *PAYLOADS}


def test_clean_removes_what_the_hypervisor_build_wrote(src, tmp_path):
    edit(src / "hypervisor" / "Makefile", "install:\n",
         "install:\n\t@mkdir -p $(O)/obj/sub && touch $(O)/obj/sub/x.o $(O)/hv.map\n")
    o = _o(tmp_path)
    make(src, o)
    assert (o / "obj" / "sub" / "x.o").exists()
    make(src, o, "clean")
    assert {p.name for p in o.iterdir()} == {"scenario.xml", *PAYLOADS}


def test_every_stage_has_a_rule_from_the_table(done):
    rules = (done / ".deps" / "rules.mk").read_text()
    for stage in pipeline.BUILD_ORDER:
        recipe = f"\t$(RUN) {stage.command} $(O)" + "".join(f" {a}" for a in stage.args) + "\n"
        assert recipe in rules, stage.key
        for out in stage.outputs:
            assert re.search(rf"\$\(O\)/{re.escape(out)}( [^\n]*)?: \$\(O\)/\.deps/"
                             rf"{stage.key}\.stamp ;$", rules, re.M), out
    makefile = (ROOT / "Makefile").read_text()
    assert "sed " not in makefile and "scenario_" not in makefile


# --- stages in one process (schism/chain.py) ----------------------------------------------


def _state(o: Path) -> tuple[dict[str, list[str]], dict[str, bytes], set[str]]:
    """O's depfiles, its outputs' bytes and its stamps."""
    outputs = {p.name: p.read_bytes() for p in o.iterdir() if p.is_file()}
    stamps = {p.name for p in (o / ".deps").glob("*.stamp")}
    return _dependencies(o), outputs, stamps


def test_chained_stages_are_the_stages_of_separate_processes(shared_src, template, tmp_path):
    """A build whose stages run one process each writes the same depfiles,
    stamps and outputs as the chained one, and the same stages run."""
    o = _o(tmp_path)
    ran, output = make(shared_src, o, "SCHISM_CHAIN=no")
    assert stages_only(ran) == EVERY_STAGE and chain.PREFIX not in output
    assert _state(o) == _state(template)
    ran, output = make(shared_src, o, "SCHISM_CHAIN=no")
    assert stages_only(ran) == []


def test_make_chains_stages_after_the_one_it_ran(shared_src, tmp_path):
    o = _o(tmp_path)
    _, output = make(shared_src, o)
    chained = [line.split()[2] for line in output.splitlines() if line.startswith(chain.PREFIX)]
    # Stage 0 (make's) and compile-config 1 after it start a recipe of their own.
    assert chained[:2] == ["reparent", "generate-config"] and "measure" in chained


def test_parallel_make_runs_every_stage_itself(shared_src, template, tmp_path):
    o = _o(tmp_path)
    ran, output = make(shared_src, o, "-j2")
    assert sorted(stages_only(ran)) == sorted(EVERY_STAGE) and chain.PREFIX not in output
    assert _state(o)[1] == _state(template)[1]


def test_goal_chains_no_further_than_its_stage(shared_src, tmp_path):
    o = _o(tmp_path)
    ran, _ = make(shared_src, o, "layout-map")
    assert ran[-1] == "layout-map" and not (o / "scenario_pagetables.xml").exists()
    ran, _ = make(shared_src, o, "layout-map")
    assert stages_only(ran) == []


def test_failed_chained_stage_keeps_the_stages_before_it(shared_src, template, tmp_path):
    """A stage failing in a chain: the stages before it stay done, its own
    outputs go, and make runs what it runs without chaining, there and after
    the fix."""
    runs = {}
    for mode in ("yes", "no"):
        o = tmp_path / mode
        shutil.copytree(template, o, symlinks=True)
        edit(o / "scenario.xml", 'size="0x1000000"', 'size="0x1000000" base="0x1"')
        failed, output = make(shared_src, o, f"SCHISM_CHAIN={mode}", check=False)
        assert failed[-1] == "layout-memory" and "error:" in output
        # The same error, at the same line, as from a process of its own.
        errors = [line.replace(str(o), "O") for line in output.splitlines()
                  if ": error: " in line or ": note: " in line]
        assert (f"{chain.PREFIX} layout-memory" in output) == (mode == "yes")
        assert (o / ".deps" / "measure.stamp").exists() and (o / "scenario_measured.xml").exists()
        assert not (o / ".deps" / "layout-memory.stamp").exists()
        assert not (o / "scenario_p_laidout.xml").exists()
        edit(o / "scenario.xml", 'size="0x1000000" base="0x1"', 'size="0x1000000"')
        fixed, _ = make(shared_src, o, f"SCHISM_CHAIN={mode}")
        runs[mode] = (failed, fixed, errors)
    assert runs["yes"] == runs["no"]
    assert any(re.match(r"O/scenario_measured\.xml:\d+: error: ", line) for line in runs["yes"][2])
    assert "layout-memory" in runs["yes"][1]


def _refused(tmp_path: Path, o: Path, *args: str) -> str:
    """make on O (holding the demo scenario) refusing to start: its one line,
    without the `Makefile:N: ` prefix; nothing was written into O."""
    o.mkdir()
    (o / "scenario.xml").write_text((DEMO / "scenario.xml").read_text())
    proc = subprocess.run(["make", "-f", str(ROOT / "Makefile"), f"O={o}", *args],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2
    assert sorted(p.name for p in o.iterdir()) == ["scenario.xml"]
    return re.sub(r"^\S*Makefile:\d+: ", "", proc.stderr)


@pytest.mark.parametrize("name, shown", [
    ("a:b", "':'"), ("a;b", "';'"), ("a=b", "'='"), ("a#b", "'#'"), ("a$b", "'$'"),
    ("a%b", "'%'"), ("a*b", "'*'"), ("a?b", "'?'"), ("a'b", "'''"), ('a"b', "'\"'"),
    ("a(b", "'('"), ("a\\b", "'\\'"), ("a:b;c", "':' ';'"),
])
def test_a_build_directory_make_cannot_name(tmp_path, name, shown):
    """Refused before anything runs (make globbed `a*b` into other
    directories, took `a:b` for a rule, `a#b` for a comment)."""
    o = tmp_path / name
    assert _refused(tmp_path, o) == (
        f"*** O='{o}': make cannot name a build directory whose path holds {shown}; use one "
        "of letters, digits and / . _ - + , @ ~.  Stop.\n")


def test_a_build_directory_with_a_space(tmp_path):
    o = tmp_path / "a b"
    assert _refused(tmp_path, o) == (
        f"*** O='{o}': make cannot name a build directory whose path holds spaces; use one "
        "without.  Stop.\n")


def test_a_hypervisor_source_make_cannot_name(tmp_path):
    assert _refused(tmp_path, tmp_path / "o", "HYPERVISOR_SRC=/src/a*b") == (
        "*** HYPERVISOR_SRC='/src/a*b': make cannot name a hypervisor source directory whose "
        "path holds '*'; use one of letters, digits and / . _ - + , @ ~.  Stop.\n")
