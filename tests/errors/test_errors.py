"""The bad-input corpus (issue 10): every file under tests/errors/<stage>/ is a
scenario with one error, which the stage named by its folder must reject as
a user can act on it. tests/errors/README.md describes the layout.

For each case the runner builds a fresh O (errorchain.prepare), applies the
case's `.setup`, runs the stages in order with `python -m schism -q`, one
process each, 60 s for the whole chain, and checks:

* the named stage fails and every stage before it succeeds (`check/`: any
  stage may be the first to fail);
* exit status != 0, no Python traceback, no hang, stderr a handful of lines;
* the first line is `FILE:LINE: error: <element> <attribute>: what` (or
  `schism: error: ...`, or `FILE: error: ...` for a file without lines),
  the following ones `FILE:LINE: note: ...`;
* the lines match `<case>.expected` (exactly, as many lines as it has; or,
  after a first line `# contains`, each line is a substring of the message);
* no output file of the failed stage, no temporary file, is left in O.

`valid/` holds inputs that must build, with golden-style expected outputs.

Cases that fail today are listed in XFAIL below with the reason: strict, so
a case that starts passing fails the run until its name is removed here.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import errorchain as ec
import pytest
from lxml import etree

# ----------------------------------------------------------------------------------
# Cases that fail today: name -> why. "saxon:NAME" marks only the Saxon run.
# Remove a name when its fix lands (strict: a passing xfail fails the run).
# ----------------------------------------------------------------------------------
XFAIL: dict[str, str] = {
    # --- inputs that are not regular files, unwritable outputs (issue 10 s2) ---
    "precompile/scenario_dev_zero":
        "'malformed XML: Document is empty' instead of 'not a regular file'",
    "precompile/scenario_fifo": "hangs: the FIFO is opened and read",
    "precompile/scenario_directory":
        "unlocated libxml2 'Error reading file ...: Is a directory', not 'not a regular file'",
    "reparent/input_fifo": "hangs: the FIFO is opened and read",
    "reparent/input_dev_zero": "read_bytes() of an endless file: MemoryError traceback",
    "measure/elf_fifo": "hangs: the FIFO is opened and read",
    "measure/config_object_fifo": "hangs: the FIFO is opened and read",
    "precompile/makeconf_is_directory":
        "'schism: error: O/.Makeconf.XXXX.tmp: Is a directory' names the temporary file",
    "expand/output_is_directory": "names the temporary file, not O/scenario_expanded.xml",
    "layout-memory/output_is_directory":
        "names the temporary file, not O/scenario_p_laidout.xml",
    "pagetables/output_is_directory": "names the temporary file, not O/pagetables",
    "combine/output_is_directory": "names the temporary file, not O/image",
    # --- a byte that is not UTF-8 (issue 10 s2) ---
    "precompile/scenario_non_utf8":
        "unlocated 'schism: error: Error reading file ...: Invalid bytes in character encoding'",
    "expand/scenario_non_utf8":
        "unlocated 'schism: error: Error reading file ...: Invalid bytes in character encoding'",
    # --- Makefile injection (issue 10 s2): Makeconf written as given, exit 0 ---
    "precompile/feature_value_newline": "accepted: the newline becomes a make rule",
    "precompile/feature_value_make_expansion": "accepted: $(shell ...) in a := line",
    "precompile/feature_driver_value_colon": "accepted: 'UART_DRIVER_PL011:X := yes'",
    "precompile/platform_board_newline": "accepted: the newline becomes a make rule",
    "precompile/platform_arch_newline": "accepted: the newline becomes a make rule",
    "precompile/platform_board_newline_demo": "accepted (demo CBI's PLATFORM := line)",
    "precompile/env_cross_compile_make_expansion":
        "accepted: CROSS_COMPILE is written into Makeconf unchecked",
    # --- messages that do not name what the user wrote (issue 10 s1) ---
    "expand/platform_board_unknown": "message lacks the 'platform board:' prefix",
    "expand/platform_arch_unknown": "message lacks the 'platform arch:' prefix",
    "expand/memreq_on_names_library_device":
        "reported at O/scenario_expanded.xml (output validation), not the user's memreq",
    "expand/library_device_bad_base":
        "reported at O/scenario_expanded.xml, not the library file O/board_myboard.xml",
    "expand/guest_ncpus_huge_no_cpumap":
        "74 raw libxslt lines (infinite template recursion), no located error",
    # --- stages 2-9: no origin note line (issue 10 s1) ---
    "reparent/guest_memreq_own_cpumap": "no 'O/scenario.xml:LINE: note:' line",
    "reparent/map_flags_forbidden": "no 'O/scenario.xml:LINE: note:' line",
    "measure/file_href_missing": "no note line",
    "measure/file_fifo": "no note line",
    "measure/file_dev_zero": "no note line",
    "measure/mmu_format_unknown": "no note line",
    "layout-memory/memreq_align_shift_violated": "no note line",
    "layout-memory/memreq_cpumap_cpu_twice": "no note line",
    "layout-memory/memreq_base_overlap":
        "names one party ('not inside one free range ...; free: ...'), no note line",
    "layout-memory/memreq_cannot_place":
        "no largest free range / missing amount, no note line",
    "layout-map/map_base_overlap":
        "'outside the free virtual address space' names one party, no note line",
    "pagetables/map_clash": "names only one of the two maps, no note line",
    "pagetables/map_subsize_not_page_multiple": "no note line",
    "generate-config/vdev_type_unknown": "no note line",
    "generate-config/vdev_two_emulates": "no note line",
    "combine/scenario_image_unknown": "no note line",
    # --- numbers not range-checked (issue 10 s2) ---
    "check/guest_ncpus_zero": "IndexError traceback in generate-config 1",
    "check/guest_ncpus_negative": "IndexError traceback in generate-config 1",
    "check/guest_ncpus_2p32":
        "layout-memory fails on a pagetables estimate of 2^32 guest tables, not at ncpus",
    "check/hypervisor_ncpus_zero": "generated C does not compile (cpu0_memareas undeclared)",
    "check/hypervisor_ncpus_2p32": "reparent prints 74 raw libxslt lines (template recursion)",
    "check/level_align_negative": "ValueError traceback in pagetables",
    "check/level_align_2p32": "1 << 2^32 in pagetables: hangs or runs out of memory",
    "check/level_shift_negative": "accepted until layout-map fails on an unrelated map",
    "check/memreq_align_shift_huge": "MemoryError traceback in layout-memory",
    "check/memreq_align_shift_negative": "accepted: builds an image",
    "check/memreq_size_2p64": "accepted until gcc rejects the generated C",
    "check/guest_cpumap_cpu_missing": "accepted: builds an image (guest never runs)",
    "check/guest_cpumap_cpu_negative": "accepted: builds an image",
    "check/sched_cpumap_cpu_100000": "accepted: builds an image",
    "check/sched_cpumap_cpu_negative": "accepted: builds an image",
    "check/map_cpumap_cpu_100000": "accepted: builds an image",
    "check/map_cpumap_cpu_negative": "accepted: builds an image",
    "check/memreq_cpumap_cpu_100000": "accepted: builds an image",
    "check/emulate_base_2p64": "accepted until gcc rejects the generated C",
    "check/emulate_base_arm32_4g": "accepted: builds an image",
    "check/memreq_size_internal_entity":
        "lxml expands &sz; and builds; Saxon: PySaxonApiError traceback",
    "check/guest_ncpus_zero_demo": "accepted: the demo CBI builds an image",
    "check/emulate_offset_2p64": "accepted: builds an image",
    "check/memreq_base_huge_hex":
        "accepted until gcc, whose 15 kB of diagnostics are printed",
    # --- found by bench/fuzz.py ---
    "check/guest_id_not_a_c_name":
        "'vm_linux-1' in the generated C: gcc fails, 15 kB of diagnostics",
    "check/vdev_id_not_a_c_name": "'vdev_uart.1' in the generated C: gcc fails",
    "expand/cap_target_xref_huge_value": "the message quotes all 50,000 characters",
    "generate-config/vdev_frontend_huge_value":
        "the message quotes all 50,000 characters; no note line",
    "expand/copy_xref_newline": "the newline in the quoted value splits the message",
    "check/guest_cpumap_empty": "IndexError traceback in generate-config 1",
    "check/level_shift_2p64": "1 << 2^64: MemoryError traceback in layout-memory",
    "check/level_width_2p32": "OverflowError traceback in pagetables",
    "check/flag_value_set_2p64": "accepted: builds an image",
    # --- valid input, output differs from the original (issue 10 s3) ---
    "valid/hypervisor_map_core_r_twice":
        "measure gives both maps a base; layout-map then fails ('cannot claim')",
    "valid/hypervisor_map_config_rws_twice":
        "measure gives both maps a base; layout-map then fails ('cannot claim')",
    "valid/guest_cpumap_leading_zero": "reparent copies '[00]' instead of writing '[0]'",
}

# Cases whose stages 1-2 also run on Saxon ("same result on both engines").
SAXON_TOO = {"expand", "reparent"}
SAXON_CASES = {"check/memreq_size_internal_entity"}


def _params(engine: str) -> list:
    params = []
    for case in ec.cases():
        if case.stage == "valid":
            continue
        if engine == "saxon" and case.stage not in SAXON_TOO and case.name not in SAXON_CASES:
            continue
        params.append(_param(case, engine))
    return params


def _param(case: ec.Case, engine: str):
    marks = []
    reason = XFAIL.get(f"{engine}:{case.name}") or XFAIL.get(case.name)
    if reason:
        marks.append(pytest.mark.xfail(strict=True, reason=reason))
    if case.changes_modes and not ec.can_drop_file_capabilities():
        marks.append(pytest.mark.skip(reason="root that cannot drop CAP_DAC_OVERRIDE"))
    return pytest.param(case, id=case.name, marks=marks)


# --- running the selected cases at once -------------------------------------------
# A hang costs the full 60 s: the cases a session selects run concurrently
# (SCHISM_ERRORS_JOBS, default 8; each is mostly waiting for its processes),
# then every test reads its case's verdict.

JOBS = int(os.environ.get("SCHISM_ERRORS_JOBS", "8"))


def _restore_modes(o: Path) -> None:
    """Permission cases change modes in O; make it removable again."""
    for p in [o, *o.rglob("*")]:
        if not p.is_symlink():
            os.chmod(p, stat.S_IMODE(p.lstat().st_mode) | stat.S_IRWXU)


def _summary(chain: ec.ChainRun) -> str:
    failed = chain.failed or (chain.runs[-1] if chain.runs else None)
    head = "\n".join(failed.stderr.splitlines()[:12]) if failed else ""
    stages = ", ".join(f"{r.step.name}={r.rc}" for r in chain.runs)
    return f"\n  stages: {stages}\n  stderr:\n{head}"


def _bad(case: ec.Case, base: Path, engine: str) -> list[str]:
    try:
        chain = ec.run_case(case, base, None if engine == "lxml" else engine)
    finally:
        if (base / "O").exists():
            _restore_modes(base / "O")
    verdict = ec.judge(case, chain)
    return verdict + [_summary(chain)] if verdict else []


def _canonical(path: Path) -> bytes:
    """An XML file as a tree: no whitespace-only text, comments kept."""
    tree = etree.parse(str(path), etree.XMLParser(remove_blank_text=True,
                                                  resolve_entities=False))
    return etree.tostring(tree, method="c14n2", with_comments=True, strip_text=True)


def _valid(case: ec.Case, base: Path, engine: str) -> list[str]:
    """A valid input: every stage exits 0, the expected files are written."""
    chain = ec.run_case(case, base)
    o = base / "O"
    found = []
    expected = case.path.with_suffix("") / "expected"
    for want in sorted(expected.iterdir()) if expected.is_dir() else []:
        got = o / want.name
        if not got.is_file():
            found.append(f"{want.name} was not written")
        elif want.suffix == ".xml":
            if _canonical(got) != _canonical(want):
                found.append(f"{want.name} differs from {want} (keep {o} with --basetemp)")
        elif got.read_bytes() != want.read_bytes():
            found.append(f"{want.name} differs")
    if not expected.is_dir():
        found.append("no expected/ directory")
    if chain.failed is not None:
        found.append(f"'{chain.failed.step.name}' failed")
    elif not chain.runs or chain.runs[-1].step.command != "combine":
        found.append("the chain did not reach combine")
    if any(ec.TRACEBACK in r.stderr for r in chain.runs):
        found.append("traceback")
    return found + [_summary(chain)] if found else []


@pytest.fixture(scope="session")
def verdicts(request, tmp_path_factory):
    """(test function, engine, case name) -> problems, for every corpus test
    the session selected, computed concurrently on first use."""
    jobs = {}
    for item in request.session.items:
        spec = getattr(item, "callspec", None)
        if spec is None or "case" not in spec.params or item.module.__name__ != __name__:
            continue
        if item.get_closest_marker("skip"):
            continue
        name = item.originalname
        engine = "saxon" if name.endswith("_saxon") else "lxml"
        check = _valid if name == "test_valid_input" else _bad
        jobs[name, engine, spec.params["case"].name] = (check, spec.params["case"], engine)
    results = {}
    with ThreadPoolExecutor(max_workers=max(JOBS, 1)) as pool:
        futures = {
            key: pool.submit(check, case, tmp_path_factory.mktemp("case"), engine)
            for key, (check, case, engine) in jobs.items()
        }
        for key, future in futures.items():
            results[key] = future.result()
    return results


def _verdict(verdicts, request, case: ec.Case) -> None:
    name = request.node.originalname
    engine = "saxon" if name.endswith("_saxon") else "lxml"
    problems = verdicts[name, engine, case.name]
    if problems:
        pytest.fail(f"{case.name}: " + "; ".join(problems[:-1]) + problems[-1], pytrace=False)


@pytest.mark.parametrize("case", _params("lxml"))
def test_bad_input(case, verdicts, request):
    _verdict(verdicts, request, case)


@pytest.mark.parametrize("case", _params("saxon"))
def test_bad_input_saxon(case, verdicts, request):
    _verdict(verdicts, request, case)


@pytest.mark.parametrize("case", [_param(c, "lxml") for c in ec.cases(("valid",))])
def test_valid_input(case, verdicts, request):
    _verdict(verdicts, request, case)


# --- the corpus itself ------------------------------------------------------------


def test_every_case_has_its_expected_file_and_a_known_folder():
    folders = {s.command for s in ec.steps("phidias")} | {"check", "valid"}
    for case in ec.cases():
        assert case.stage in folders, f"{case.name}: unknown folder"
        if case.stage != "valid":
            assert case.path.with_suffix(".expected").is_file(), case.name
            contains, lines = case.expected()
            assert lines, f"{case.name}: empty expected file"


def test_xfail_names_exist():
    names = {c.name for c in ec.cases()}
    unknown = {n.split(":", 1)[-1] for n in XFAIL} - names
    assert not unknown, f"XFAIL names without a case: {sorted(unknown)}"


# --- expand stays near-linear (issue 10 s2: 100,000 guests) -------------------------

GUEST = """  <guest id="g{i}" ncpus="2">
    <memreq id="g{i}_m" size="0x1000" flags_demand="rw" flags_prevent="xdus"/>
    <mmu type="hardware" format="arm64:g4io40n"><map xref="g{i}_m" base="0x0" flags="rw"/></mmu>
    <init arch_page="g{i}_m"/>
    <entry bp_xref="g{i}_m" bp_offset="0x0"/>
    <sched class="wfq"/>
  </guest>
"""


def _expand_seconds(tmp_path: Path, guests: int) -> float:
    o = tmp_path / f"n{guests}"
    o.mkdir()
    (o / "scenario.xml").write_text(
        '<scenario version="1.00" cbi="phidias" image="raw">\n'
        '  <platform board="raspberrypi3" arch="arm64"/>\n'
        '  <hypervisor ncpus="4" load_base="0x0">\n'
        '    <mmu type="hardware" format="arm64:g4io40"/>\n  </hypervisor>\n'
        + "".join(GUEST.format(i=i) for i in range(guests)) + "</scenario>\n")
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "schism", "-q", "expand", str(o)], check=True,
                   timeout=ec.TIMEOUT, env=ec.environment())
    return time.monotonic() - start


@pytest.mark.slow
def test_expand_of_many_guests_without_cpumap_stays_near_linear(tmp_path):
    """Guests without cpumap take the recursive default-cpumap template; 4x the
    guests may cost at most 6x the time (start-up subtracted)."""
    startup = _expand_seconds(tmp_path, 1)
    small = _expand_seconds(tmp_path, 4000) - startup
    large = _expand_seconds(tmp_path, 16000) - startup
    assert large <= 6 * max(small, 0.05), f"4000 guests {small:.2f} s, 16000 {large:.2f} s"
