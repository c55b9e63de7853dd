"""Running schism's stage chain on one scenario in a fresh build directory, as
`make` does (one `python -m schism <stage> O` process per stage), and judging
how it failed. Shared by the bad-input corpus (tests/errors/test_errors.py)
and the mutation fuzzer (bench/fuzz.py).

Fixtures (stage 0 is never run):

* `cbi="phidias"`: `phidias.elf` and `scenario_config.xo` of the reference
  example (tests/golden/rpi3; for `arch="arm"` those of e2e-zynq-arm32), and
  an `invoke_gcc.cmd` for the host gcc with the stand-in Phidias headers
  (tests/cbi/phidias_stub), so stages 3 and 8 compile the generated
  configuration;
* `cbi="demo"`: `demo.elf` and `invoke_gcc.cmd` as
  `make -C examples/demo-hypervisor O=DIR` writes them (made once, cached);
* payloads: a `<file href>` the build directory does not have is copied from
  the seed directories (tests/golden/rpi3, tests/golden/e2e-*,
  examples/demo) by its file name.

The environment is fixed: SOURCE_DATE_EPOCH of the golden cases,
CROSS_COMPILE by the scenario's arch (stage -1 then never searches PATH),
SCHISM_XMLLIB and SCHISM_ENGINE unset. Every stage runs with `-q` (no INFO
lines), in a new session (a timeout kills the whole group) and with a
memory limit (RLIMIT_DATA), so a runaway computation ends as a failure
instead of taking the machine.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden"
DEMO = ROOT / "examples" / "demo"
DEMO_HV = ROOT / "examples" / "demo-hypervisor"
STUB = ROOT / "tests" / "cbi" / "phidias_stub"
XMLLIB = ROOT / "xmllib"
EPOCH = "1795610239"  # the golden cases' case.env
PHIDIAS_GCC = f"gcc -nostdlib -static -no-pie -fno-pic -ffreestanding -O0 -I{STUB}"

# Seed scenarios: directory -> the files a build of it needs beside scenario.xml.
SEEDS: dict[str, Path] = {
    "rpi3": GOLDEN / "rpi3",
    "demo": DEMO,
    **{d.name: d for d in sorted(GOLDEN.glob("e2e-*"))},
}

TIMEOUT = 60.0  # seconds for a whole chain: a hang is a failure
MEMORY_LIMIT = 3 << 30  # bytes of data (RLIMIT_DATA) per stage process
STDERR_KEEP = 64 << 10  # bytes of a stage's stderr kept for judging
STDERR_LIMIT = 8 << 10  # more than this is "not a handful of lines"
BLOCK_LINES = 6  # error line + note lines, at most

TRACEBACK = "Traceback (most recent call last)"


# --- the chain -----------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    command: str
    args: tuple[str, ...]
    outputs: tuple[str, ...]  # file names in O ({cbi} filled in)
    optional: tuple[str, ...] = ()  # written only when the scenario asks for them

    @property
    def name(self) -> str:
        return " ".join((self.command, *self.args))


def steps(cbi: str) -> list[Step]:
    """The stages `schism build` runs, from the stage table."""
    from schism import pipeline

    result = []
    for s in pipeline.BUILD_ORDER:
        result.append(Step(s.command, s.args,
                           tuple(o.replace("{cbi}", cbi) for o in s.outputs),
                           s.optional_outputs))
    return result


@dataclass
class StageRun:
    step: Step
    rc: int | None  # None: killed by the timeout
    stderr: str  # the first STDERR_KEEP bytes, O's path written as O/
    stderr_size: int
    seconds: float

    @property
    def timed_out(self) -> bool:
        return self.rc is None


@dataclass
class ChainRun:
    build_dir: Path
    runs: list[StageRun] = field(default_factory=list)

    @property
    def failed(self) -> StageRun | None:
        last = self.runs[-1] if self.runs else None
        return last if last is not None and last.rc != 0 else None


def cbi_of(text: str) -> str:
    m = re.search(r'<scenario\b[^>]*\bcbi\s*=\s*"([^"]*)"', text)
    return m.group(1) if m and m.group(1) in ("phidias", "demo") else "phidias"


def arch_of(text: str) -> str:
    m = re.search(r'<platform\b[^>]*\barch\s*=\s*"([^"]*)"', text)
    if m:
        return m.group(1)
    m = re.search(r'<arch\b[^>]*\bid\s*=\s*"([^"]*)"', text)
    return m.group(1) if m else "arm64"


@functools.cache
def _demo_hypervisor() -> Path:
    """demo.elf + invoke_gcc.cmd as stage 0 writes them (made once)."""
    out = Path(tempfile.mkdtemp(prefix="schism-demo-hv-"))
    atexit.register(shutil.rmtree, out, ignore_errors=True)
    subprocess.run(["make", "-s", "-C", str(DEMO_HV), f"O={out}"], check=True,
                   stdout=subprocess.DEVNULL)
    return out


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SCHISM_") and k not in ("CROSS_COMPILE", "PYTHONPATH")}
    env.update(SOURCE_DATE_EPOCH=EPOCH, LC_ALL="C.UTF-8", PYTHONPATH=str(ROOT),
               PYTHONDONTWRITEBYTECODE="1")
    return env


def prepare(build_dir: Path, scenario: bytes, extra: Path | None = None) -> str:
    """Fill `build_dir` (created) for a chain run; returns the CBI's name."""
    build_dir.mkdir(parents=True, exist_ok=True)
    text = scenario.decode("utf-8", errors="replace")
    cbi = cbi_of(text)
    if cbi == "demo":
        hv = _demo_hypervisor()
        for name in ("demo.elf", "invoke_gcc.cmd"):
            shutil.copyfile(hv / name, build_dir / name)
    else:  # the arm64 or the arm32 build of the golden cases' Phidias
        seed = SEEDS["e2e-zynq-arm32" if arch_of(text) == "arm" else "rpi3"]
        for name in ("phidias.elf", "scenario_config.xo"):
            shutil.copyfile(seed / name, build_dir / name)
        (build_dir / "invoke_gcc.cmd").write_text(PHIDIAS_GCC + "\n")
    if extra is not None and extra.is_dir():
        for p in extra.iterdir():
            if p.is_file():
                shutil.copyfile(p, build_dir / p.name)
    for href in set(re.findall(r'\bhref\s*=\s*"([^"/]+)"', text)):
        try:
            if (build_dir / href).exists():
                continue
            for seed in SEEDS.values():
                if (seed / href).is_file():
                    shutil.copyfile(seed / href, build_dir / href)
                    break
        except OSError:
            continue  # a name no file system takes: the stage under test says so
    (build_dir / "scenario.xml").write_bytes(scenario)
    return cbi


def cross_compile(text: str) -> str:
    return "arm-none-eabi-" if arch_of(text) == "arm" else "aarch64-linux-gnu-"


_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _limits(unprivileged: bool):
    """The child's limits; `unprivileged`: a root child loses the capabilities
    that let root ignore file modes (for the permission cases)."""
    def apply():
        # RLIMIT_DATA, not RLIMIT_AS: Saxon's native image reserves a large
        # address range it never writes.
        resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT, MEMORY_LIMIT))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if unprivileged:
            drop_file_capabilities()
    return apply


def drop_file_capabilities() -> None:
    """Drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH from the bounding set: the
    program exec'd next, even as root, obeys file permission bits."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@functools.cache
def can_drop_file_capabilities() -> bool:
    """Whether permission cases can run here (not root, or root that may drop
    capabilities)."""
    if os.geteuid() != 0:
        return True
    try:
        subprocess.run(["true"], preexec_fn=drop_file_capabilities, check=True)
        return True
    except (OSError, subprocess.SubprocessError):
        return False


def writes_as_o(text: str, build_dir: Path) -> str:
    """Paths in messages as the corpus writes them: O/..., XMLLIB/..."""
    for path, short in ((build_dir, "O"), (XMLLIB, "XMLLIB")):
        for form in {str(path), str(path.resolve())}:
            text = text.replace(form + "/", short + "/")
    return text


def run_step(build_dir: Path, step: Step, env: dict[str, str], timeout: float,
             unprivileged: bool = False, command: str | None = None) -> StageRun:
    """`python -m schism -q <step> O` in O's parent directory."""
    argv = [sys.executable, "-m", "schism", "-q", command or step.command, "O", *step.args]
    with tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(argv, cwd=build_dir.parent, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err,
                                start_new_session=True, preexec_fn=_limits(unprivileged))
        try:
            rc = proc.wait(timeout=max(timeout, 0.1))
        except subprocess.TimeoutExpired:
            rc = None
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()
        seconds = time.monotonic() - start
        size = err.tell()
        err.seek(0)
        data = err.read(STDERR_KEEP)
    text = writes_as_o(data.decode("utf-8", errors="replace"), build_dir)
    return StageRun(step, rc, text, size, seconds)


def run_chain(build_dir: Path, cbi: str, stop: str | None = None, start: str | None = None,
              timeout: float = TIMEOUT, unprivileged: bool = False,
              env: dict[str, str] | None = None, before=None) -> ChainRun:
    """Run the stages in order until one fails, or up to and including the
    first stage whose command is `stop`; `start` skips the stages before it;
    `before(step)` is called before each stage runs. `build_dir` must be
    named O (messages then name O/...)."""
    assert build_dir.name == "O"
    text = (build_dir / "scenario.xml").read_bytes().decode("utf-8", "replace") \
        if (build_dir / "scenario.xml").is_file() else ""
    env = dict(env or environment())
    env.setdefault("CROSS_COMPILE", cross_compile(text))
    chain = ChainRun(build_dir)
    deadline = time.monotonic() + timeout
    todo = steps(cbi)
    if start is not None:
        names = [s.name for s in todo]
        todo = todo[names.index(start) if start in names else
                    [s.command for s in todo].index(start):]
    for step in todo:
        if before is not None:
            before(step)
        run = run_step(build_dir, step, env, deadline - time.monotonic(), unprivileged)
        chain.runs.append(run)
        if run.rc != 0 or step.command == stop:
            break
    return chain


def build(build_dir: Path, cbi: str, timeout: float = TIMEOUT,
          env: dict[str, str] | None = None) -> ChainRun:
    """`schism build O` (one process, stages -1 and 1-9). The run is booked
    to the first stage whose outputs are missing (the last one if none is)."""
    text = (build_dir / "scenario.xml").read_bytes().decode("utf-8", "replace")
    env = dict(env or environment())
    env.setdefault("CROSS_COMPILE", cross_compile(text))
    todo = steps(cbi)
    run = run_step(build_dir, Step("build", (), ()), env, timeout, command="build")
    chain = ChainRun(build_dir)
    for step in todo:
        done = all((build_dir / o).is_file() for o in step.outputs)
        if done and step is not todo[-1]:
            chain.runs.append(StageRun(step, 0, "", 0, 0.0))
            continue
        chain.runs.append(StageRun(step, run.rc, run.stderr, run.stderr_size, run.seconds))
        break
    return chain


# --- judging a failure ------------------------------------------------------------

ERROR_LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>[1-9][0-9]*): error: (?P<what>.+)$")
SCHISM_LINE = re.compile(r"^schism: error: (?P<what>.+)$")
# A file without lines (an ELF, an object): `FILE: error: what`.
BINARY_LINE = re.compile(r"^(?P<file>[^\s:][^:]*[^:\s])(?<!\.xml): error: (?P<what>.+)$")
NOTE_LINE = re.compile(r"^(?P<file>[^\s:][^:]*):(?P<line>[1-9][0-9]*): note: (?P<what>.+)$")
# "<element> <attribute>: what" or "<element>: what" (XML names, which may
# hold letters beyond ASCII: `[^\W\d]` is a letter or `_`).
WHAT = re.compile(r"^[^\W\d][\w.-]*( [^\W\d][\w.:-]*)?: \S")


def error_block(stderr: str) -> list[str]:
    """The failing stage's message lines: stderr without INFO/WARN lines."""
    return [line for line in stderr.splitlines()
            if line.strip() and not line.startswith(("INFO:", "WARN:"))]


def problems(run: StageRun, build_dir: Path) -> list[str]:
    """What is wrong with a failed stage's way of failing (empty: a clean
    rejection): exit status, traceback, size, form of the message, files left."""
    found = []
    if run.timed_out:
        return [f"hang: no result after {run.seconds:.0f} s"]
    if run.rc == 0:
        return ["exit status 0"]
    if run.rc < 0:
        found.append(f"killed by signal {-run.rc}")
    if TRACEBACK in run.stderr or re.search(r"^\w+(Error|Exception): ", run.stderr, re.M):
        found.append("Python traceback")
    if run.stderr_size > STDERR_LIMIT:
        found.append(f"stderr of {run.stderr_size} bytes")
    block = error_block(run.stderr)
    if not block:
        found.append("no error message")
    else:
        first = (ERROR_LINE.match(block[0]) or SCHISM_LINE.match(block[0])
                 or BINARY_LINE.match(block[0]))
        if not first:
            found.append(f"malformed first line: {block[0][:200]!r}")
        elif ERROR_LINE.match(block[0]) and not WHAT.match(first["what"]):
            found.append(f"message not '<element> <attribute>: what': {block[0][:200]!r}")
        for line in block[1:]:
            if not NOTE_LINE.match(line):
                found.append(f"extra line: {line[:200]!r}")
                break
        if len(block) > BLOCK_LINES:
            found.append(f"{len(block)} message lines")
    for name in (*run.step.outputs, *run.step.optional):
        if (build_dir / name).is_file() or (build_dir / name).is_symlink():
            found.append(f"output {name} left in O")
    left = [p.name for p in build_dir.glob(".*.tmp")]
    if left:
        found.append(f"temporary files left: {', '.join(sorted(left))}")
    return found


# --- corpus cases -----------------------------------------------------------------

CORPUS = ROOT / "tests" / "errors"


@dataclass
class Case:
    """tests/errors/<stage>/<name>.xml with <name>.expected, an optional
    <name>.setup and an optional <name>/ of extra files for O."""

    path: Path

    @property
    def stage(self) -> str:
        return self.path.parent.name

    @property
    def name(self) -> str:
        return f"{self.stage}/{self.path.stem}"

    @property
    def extra(self) -> Path | None:
        d = self.path.with_suffix("")
        return d if d.is_dir() else None

    def setup(self) -> list[list[str]]:
        f = self.path.with_suffix(".setup")
        if not f.exists():
            return []
        return [line.split(None, 2) if not line.startswith("env ") else line.split(None, 1)
                for line in f.read_text().splitlines() if line.strip() and not line.startswith("#")]

    def expected(self) -> tuple[bool, list[str]]:
        """(contains mode, lines)."""
        lines = [line.rstrip() for line in self.path.with_suffix(".expected").read_text()
                 .splitlines() if line.strip()]
        if lines and lines[0].startswith("# contains"):
            return True, lines[1:]
        return False, lines

    @property
    def changes_modes(self) -> bool:
        """A permission case: root would read and write regardless, so its
        stages run without the capabilities that allow that."""
        return any(d[0] == "chmod" for d in self.setup())


def cases(stages: tuple[str, ...] | None = None) -> list[Case]:
    found = [Case(p) for p in sorted(CORPUS.glob("*/*.xml"))]
    return [c for c in found if stages is None or c.stage in stages]


def apply(directive: list[str], build_dir: Path, env: dict[str, str]) -> None:
    """One setup line: symlink NAME TARGET | fifo NAME | mkdir NAME (each
    replacing what NAME was) | remove NAME | chmod MODE NAME | env NAME=VALUE."""
    word, *args = directive
    if word in ("symlink", "fifo", "mkdir", "remove"):
        path = build_dir / args[0]
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        if word == "symlink":
            path.symlink_to(args[1])
        elif word == "fifo":
            os.mkfifo(path)
        elif word == "mkdir":
            path.mkdir()
    elif word == "chmod":
        os.chmod(build_dir / args[1], int(args[0], 8))
    elif word == "env":
        name, _, value = args[0].partition("=")
        env[name] = value
    else:
        raise ValueError(f"unknown setup directive {directive}")


def run_case(case: Case, base: Path, engine: str | None = None) -> ChainRun:
    """Prepare `base`/O for `case`, apply its setup and run its chain:
    `start STAGE` skips the stages before STAGE, `before STAGE` defers the
    directives after it until just before STAGE runs."""
    o = base / "O"
    data = case.path.read_bytes()
    cbi = prepare(o, data, case.extra)
    env = environment()
    if engine:
        env["SCHISM_ENGINE"] = engine
    start = None
    now: list[list[str]] = []
    later: dict[str, list[list[str]]] = {}
    target = now
    for d in case.setup():
        if d[0] == "start":
            start = " ".join(d[1:])
        elif d[0] == "before":
            target = later.setdefault(" ".join(d[1:]), [])
        else:
            target.append(d)
    for d in now:
        apply(d, o, env)

    def before(step: Step) -> None:
        for key in (step.name, step.command):
            for d in later.pop(key, []):
                apply(d, o, env)

    stop = None if case.stage in ("check", "valid") else case.stage
    return run_chain(o, cbi, stop=stop, start=start, env=env, before=before,
                     unprivileged=case.changes_modes and os.geteuid() == 0)


def judge(case: Case, chain: ChainRun) -> list[str]:
    """Everything wrong with how `chain` handled the bad input of `case`."""
    failed = chain.failed
    if failed is None:
        last = chain.runs[-1] if chain.runs else None
        where = f"'{last.step.name}'" if last else "nothing"
        return [f"accepted: every stage up to {where} exited 0"]
    found = []
    if case.stage != "check" and failed.step.command != case.stage:
        found.append(f"rejected by '{failed.step.name}', expected '{case.stage}'")
    found += problems(failed, chain.build_dir)
    block = error_block(failed.stderr)
    contains, lines = case.expected()
    if contains:
        text = "\n".join(block)
        missing = [line for line in lines if line not in text]
        if missing:
            found.append("missing from the message: " + "; ".join(repr(m) for m in missing))
    elif block[:len(lines)] != lines:
        found.append("message differs: expected " + repr(lines) + ", got " +
                     repr(block[:len(lines)]))
    return found


def main(argv: list[str]) -> int:
    """`python tests/errors/errorchain.py CASE.xml...`: run corpus cases (or
    any scenario: without .expected only the chain is shown) and print each
    stage's status, the failed stage's stderr and the verdict."""
    for arg in argv:
        path = Path(arg).resolve()
        case = Case(path)
        with tempfile.TemporaryDirectory() as tmp:
            chain = run_case(case, Path(tmp))
            print(f"== {arg}")
            for r in chain.runs:
                print(f"   {r.step.name:<20} rc={r.rc} {r.seconds:.2f}s")
            if chain.runs:
                print(chain.runs[-1].stderr[:4000], end="")
            if path.with_suffix(".expected").exists():
                verdict = judge(case, chain)
                print("verdict:", "; ".join(verdict) if verdict else "ok")
            elif chain.failed:
                print("problems:", problems(chain.failed, chain.build_dir) or "none")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
