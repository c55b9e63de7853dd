#!/usr/bin/env python3
"""Mutation fuzzer for schism's stage chain (a script, not a test).

    python bench/fuzz.py [--seed N] [--runs N] [--jobs N] [--out DIR]
                         [--mode build|stages] [--engine lxml|saxon|random]
                         [--timeout S] [--only I[,J...]] [--minimize]

Takes valid seed scenarios (tests/golden/rpi3, examples/demo,
tests/golden/e2e-*, and rpi3/zynq with their library board and arch copied
inline, so that memories, devices, paging formats and levels get mutated
too; `--seeds` picks some), applies one to three random mutations to one of them
(delete or duplicate an element or attribute, add a declared attribute,
replace a value with a boundary number - 0, -1, 2^31, 2^32, 2^63, 2^64, in
the attribute's syntax or not - a huge string, non-ASCII text, a newline,
`;`, `$(shell ...)`, swap two IDs, point a reference elsewhere, declare an
entity, random bytes), runs the chain on it in a fresh build directory with
a timeout (tests/errors/errorchain.py: the same fixtures, environment and
limits as the bad-input corpus) and classifies the run:

  ok                built, and the built result passes the checks below
  rejected-cleanly  exit != 0, one located error line (+ note lines), no
                    traceback, no output of the failed stage left
  DEFECT            traceback; hang (timeout); malformed message (not
                    `FILE:LINE: error: ...` / `schism: error: ...`, or extra
                    lines); output left behind; huge stderr or output;
                    accepted but invalid: the generated C does not compile,
                    an output XML is invalid against the DTD, Makeconf has a
                    line that is not `NAME := value` or a `$`, a number out
                    of range in the built scenario (ncpus < 1, a CPU a
                    cpumap names that does not exist, a value >= 2^64, a
                    32-bit guest's emulate range above 4 GiB, a memreq
                    placed outside its memory), an entity that was expanded

Run I uses random.Random(f"{seed}:{I}"): `--only I` reruns it. Every defect
run is written to OUT/<class>/<run>-<seed name>/ (scenario.xml, stderr.txt,
mutations.txt, the failed stage); `--minimize` retries each mutation of a
multi-mutation defect alone and keeps the first that reproduces it. The
summary table lists each defect signature (class + where) with its count
and one run.

`--mode build` (default) runs `schism build O` in one process (the failed
stage is the first whose outputs are missing); `--mode stages` runs one
process per stage as make does (slower; also sees outputs left behind).
"""

from __future__ import annotations

import argparse
import collections
import copy
import random
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "errors"))
sys.path.insert(0, str(ROOT))

import errorchain as ec  # noqa: E402
from lxml import etree  # noqa: E402

SEED_FILES = {name: path / "scenario.xml" for name, path in ec.SEEDS.items()}
# Seeds with the library board and arch copied inline, so that their memories,
# devices, paging formats and levels are mutated too: name -> (seed, board, arch).
INLINE = {"rpi3-inline": ("rpi3", "raspberrypi3", "arm64"),
          "zynq-inline": ("e2e-zynq-arm32", "zynq7000", "arm")}


def seed_text(name: str) -> bytes:
    if name not in INLINE:
        return SEED_FILES[name].read_bytes()
    base, board, arch = INLINE[name]
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    root = etree.fromstring(SEED_FILES[base].read_bytes(), parser)
    platform = root.find("platform")
    for kind, ident in (("board", board), ("arch", arch)):
        lib = etree.parse(str(ec.XMLLIB / f"{kind}_{ident}.xml"), parser).getroot()
        platform.append(lib)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True)


def seed_dir(name: str) -> Path:
    return ec.SEEDS[INLINE[name][0] if name in INLINE else name]
DTD_PATH = ROOT / "dtd" / "scenario.dtd"
HUGE_OUTPUT = 64 << 20  # bytes: an output file larger than this is a defect
PWNED = "pwned"  # the file the injection payloads try to create
ENTITY_MARK = "FUZZ-ENTITY-REFERENCE"

# --- values -------------------------------------------------------------------

DEC_BOUNDARIES = ["0", "-1", "2147483648", "4294967296", "9223372036854775808",
                  "18446744073709551616", "-2147483649", "999999999999"]
HEX_BOUNDARIES = ["0x0", "-0x1", "0x80000000", "0x100000000", "0x8000000000000000",
                  "0x10000000000000000", "0xffffffffffffffff", "0x" + "f" * 40]
LIST_BOUNDARIES = ["[0]", "[-1]", "[100000]", "[2147483648]", "[4294967296]",
                   "[18446744073709551616]", "[]", "[00]", "[0,0]", "*"]
NASTY = ["", " ", "é", "\u202e", "日本", "a\nb", "yes\nall:\n\ttouch " + PWNED,
         f"$(shell touch {PWNED})", f"`touch {PWNED}`", "a;b", "x\"y", "x'y", "<x>", "&amp;",
         "A" * 100_000, "0x" + "1" * 5000, "-", "0x", "[", "\t"]

# attribute -> syntax, from schism.validate (HEX/DEC/LIST/TABLE/flags/...)
try:
    from schism import validate as _validate

    SYNTAX = {
        (tag, name): {
            _validate._HEX: "hex", _validate._DEC: "dec", _validate._LIST: "list",
            _validate._FLAGS: "flags", _validate._table_hex: "hex",
            _validate._table_dec: "dec",
        }.get(parse, "other")
        for tag, rules in _validate.VALUE_RULES.items() for name, parse in rules.items()
    }
except ImportError:  # pragma: no cover
    SYNTAX = {}


def boundary(rng: random.Random, tag: str, name: str) -> str:
    kind = SYNTAX.get((tag, name), "other")
    pools = {"hex": HEX_BOUNDARIES, "dec": DEC_BOUNDARIES, "list": LIST_BOUNDARIES,
             "flags": ["", "rwxgdus", "rwxgdusrwxgdus", "z"]}
    if kind in pools and rng.random() < 0.8:
        return rng.choice(pools[kind])
    return rng.choice(DEC_BOUNDARIES + HEX_BOUNDARIES + LIST_BOUNDARIES)


# --- mutations ----------------------------------------------------------------


@dataclass
class Mutation:
    kind: str
    index: int = -1  # element number in document order (root = 0)
    name: str = ""  # attribute
    value: str = ""
    other: int = -1  # a second element
    data: bytes = b""  # raw bytes

    def describe(self) -> str:
        v = self.value if len(self.value) <= 60 else self.value[:40] + f"...({len(self.value)})"
        parts = [self.kind, f"#{self.index}" if self.index >= 0 else "",
                 f"@{self.name}" if self.name else "", repr(v) if self.value else "",
                 f"#{self.other}" if self.other >= 0 else "",
                 self.data.hex() if self.data else ""]
        return " ".join(p for p in parts if p)


def _elements(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str)]


def _declared(voc, tag: str) -> list[str]:
    return sorted(voc.attributes.get(tag, {})) if voc else []


def _vocabulary():
    try:
        from schism import validate

        return validate.vocabulary()
    except Exception:  # noqa: BLE001 - the fuzzer runs without it too
        return None


VOCABULARY = _vocabulary()
# kind -> weight
TREE_WEIGHTS = {"delete-element": 3, "duplicate-element": 3, "delete-attribute": 3,
                "boundary": 10, "add-attribute": 8, "nasty": 6, "swap-ids": 2,
                "retarget-ref": 3, "entity": 1}
RAW_KINDS = ["random-bytes", "duplicate-attribute"]


def choose(rng: random.Random, root: etree._Element) -> Mutation:
    """One mutation of the document `root` (not applied)."""
    els = _elements(root)
    if rng.random() < 0.1:
        kind = rng.choice(RAW_KINDS)
    else:
        kind = rng.choices(list(TREE_WEIGHTS), weights=list(TREE_WEIGHTS.values()))[0]
    i = rng.randrange(len(els))
    el = els[i]
    if kind == "delete-element":
        return Mutation(kind, rng.randrange(1, len(els)) if len(els) > 1 else 0)
    if kind == "duplicate-element":
        return Mutation(kind, rng.randrange(1, len(els)) if len(els) > 1 else 0)
    with_attrs = [j for j, e in enumerate(els) if e.attrib]
    if kind in ("delete-attribute", "boundary", "nasty", "duplicate-attribute") and with_attrs:
        i = rng.choice(with_attrs)
        el = els[i]
        name = rng.choice(sorted(el.attrib))
        if kind == "boundary":
            return Mutation(kind, i, name, boundary(rng, el.tag, name))
        if kind == "nasty":
            return Mutation(kind, i, name, rng.choice(NASTY))
        return Mutation(kind, i, name)
    if kind == "add-attribute":
        names = [n for n in _declared(VOCABULARY, el.tag) if n not in el.attrib]
        if names:
            name = rng.choice(names)
            return Mutation(kind, i, name, boundary(rng, el.tag, name))
    if kind in ("swap-ids", "retarget-ref"):
        ids = [j for j, e in enumerate(els) if e.get("id")]
        if len(ids) >= 2:
            a, b = rng.sample(ids, 2)
            if kind == "swap-ids":
                return Mutation(kind, a, "id", other=b)
            refs = [(j, n) for j, e in enumerate(els) for n in e.attrib
                    if n in ("xref", "dref", "on", "bp_xref", "ap_xref", "arch_page",
                             "target_xref", "board", "arch")]
            if refs:
                j, n = rng.choice(refs)
                return Mutation(kind, j, n, els[b].get("id"))
    if kind == "entity":
        with_attrs = with_attrs or [0]
        i = rng.choice(with_attrs)
        name = rng.choice(sorted(els[i].attrib)) if els[i].attrib else "id"
        return Mutation(kind, i, name, els[i].get(name, "x"))
    if kind == "random-bytes":
        n = rng.randint(1, 4)
        return Mutation(kind, rng.randrange(1 << 30), data=bytes(rng.randrange(256)
                                                                 for _ in range(n)))
    return Mutation("boundary", 0, "version", boundary(rng, "scenario", "version"))


def apply_tree(root: etree._Element, m: Mutation, doctype: list[str]) -> None:
    els = _elements(root)
    if m.index >= len(els) or m.other >= len(els):
        return
    el = els[m.index] if m.index >= 0 else root
    if m.kind == "delete-element" and el is not root:
        parent = el.getparent()
        if el.tail and parent is not None:
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
        parent.remove(el)
    elif m.kind == "duplicate-element" and el is not root:
        el.addnext(copy.deepcopy(el))
    elif m.kind == "delete-attribute":
        el.attrib.pop(m.name, None)
    elif m.kind in ("boundary", "nasty", "add-attribute", "retarget-ref"):
        el.set(m.name, m.value)
    elif m.kind == "swap-ids":
        other = els[m.other]
        a, b = el.get("id"), other.get("id")
        if a is not None and b is not None:
            el.set("id", b)
            other.set("id", a)
    elif m.kind == "entity":
        doctype.append(f'<!ENTITY fz "{m.value}">')
        el.set(m.name, ENTITY_MARK)  # replaced by &fz; after serializing


def apply_raw(data: bytes, m: Mutation) -> bytes:
    if m.kind == "random-bytes":
        pos = m.index % (len(data) + 1)
        return data[:pos] + m.data + data[pos + len(m.data):]
    if m.kind == "duplicate-attribute":
        # the n-th `name="..."` occurrence gets a twin (malformed XML)
        pattern = re.compile(rb"\s" + re.escape(m.name.encode()) + rb'="[^"]*"')
        found = list(pattern.finditer(data))
        if found:
            hit = found[m.index % len(found)]
            return data[:hit.end()] + hit.group(0) + data[hit.end():]
    return data


def mutate(seed: bytes, mutations: list[Mutation]) -> bytes:
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    tree = etree.fromstring(seed, parser).getroottree()
    root = tree.getroot()
    doctype: list[str] = []
    for m in mutations:
        if m.kind not in RAW_KINDS:
            apply_tree(root, m, doctype)
    body = etree.tostring(root, encoding="utf-8")
    before = b"".join(etree.tostring(n) + b"\n"
                      for n in reversed(list(root.itersiblings(preceding=True))))
    after = b"".join(b"\n" + etree.tostring(n) for n in root.itersiblings())
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    if doctype:
        head += b"<!DOCTYPE scenario [\n  " + "\n  ".join(doctype).encode() + b"\n]>\n"
        body = body.replace(ENTITY_MARK.encode(), b"&fz;")
    data = head + before + body + after + b"\n"
    for m in mutations:
        if m.kind in RAW_KINDS:
            data = apply_raw(data, m)
    return data


# --- judging ------------------------------------------------------------------


@dataclass
class Result:
    run: int
    seed: str
    mutations: list[Mutation]
    scenario: bytes
    outcome: str  # ok | rejected | DEFECT
    defect: str = ""  # class
    where: str = ""  # signature detail
    stage: str = ""
    stderr: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def signature(self) -> str:
        return f"{self.defect}: {self.where}" if self.where else self.defect


_FRAME = re.compile(r'^  File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>\S+)$', re.M)
_EXC = re.compile(r"^(?P<type>[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)|MemoryError)"
                  r"(: (?P<msg>.*))?$", re.M)


def traceback_signature(stderr: str) -> str:
    frames = [m for m in _FRAME.finditer(stderr) if "/schism/" in m["file"]
              or "saxonc" in m["file"]]
    last = frames[-1] if frames else None
    exc = list(_EXC.finditer(stderr))
    kind = exc[-1]["type"] if exc else "?"
    if last is None:
        return kind
    file = last["file"].split("/schism/", 1)[-1]
    return f"{kind} in {file}:{last['func']}"


def _gist(line: str) -> str:
    """A message with its values blanked, for grouping runs."""
    line = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", line)
    line = re.sub(r"\(line \d+\)|\[[^\]]*\)|0x[0-9a-fA-F]+|\d+", "N", line)
    line = re.sub(r"^\S+?:N: ", "", line)
    line = re.sub(r"[\w.-]+\.xml\b", "F.xml", line)
    return line[:70]


def _gcc_error(stderr: str) -> str:
    for line in stderr.splitlines():
        m = re.search(r":\d+:\d+: (?:fatal )?error: (.*)", line)
        if m:
            return _gist(m.group(1))
    return "?"


def judge_failure(run: ec.StageRun, build_dir: Path) -> tuple[str, str]:
    """(defect class, where) of a failed run; ("", "") when rejected cleanly."""
    stage = run.step.name
    if run.timed_out:
        return "hang", stage
    if ec.TRACEBACK in run.stderr:
        return "traceback", f"{stage}: {traceback_signature(run.stderr)}"
    if run.stderr_size > ec.STDERR_LIMIT:
        return "huge-output", f"{stage}: stderr {run.stderr_size} bytes"
    if run.step.command == "compile-config":
        return "accepted-invalid", f"{stage}: gcc rejects the generated C: {_gcc_error(run.stderr)}"
    problems = ec.problems(run, build_dir)
    if problems:
        first = problems[0]
        block = ec.error_block(run.stderr)
        if first.startswith("extra line") and block and block[0].count("'") % 2:
            return "malformed-message", f"{stage}: a newline in a quoted value splits the line"
        if first.startswith(("malformed", "message not", "extra line", "no error")):
            return "malformed-message", f"{stage}: {_gist(block[0]) if block else 'empty'}"
        if "left in O" in first or "temporary" in first:
            return "output-left", f"{stage}: {first}"
        return "malformed-message", f"{stage}: {first[:70]}"
    return "", ""


def _hex(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text, 16)
    except ValueError:
        return None


def _int(text: str | None) -> int:
    try:
        return int(text or "0", 0)
    except ValueError:
        return 0


def _cpus(text: str | None) -> list[int]:
    if not text or text.strip() == "*":
        return []
    return [int(x) for x in re.findall(r"-?\d+", text)]


_MAKE_LINE = re.compile(r"^(#.*|[A-Za-z_][A-Za-z0-9_]* :?= [^$#\\]*)$")


def judge_success(build_dir: Path, scenario: bytes) -> tuple[str, str]:
    """Checks of a chain that exited 0 (accepted but invalid?)."""
    if (build_dir / PWNED).exists() or (build_dir.parent / PWNED).exists():
        return "accepted-invalid", "an injected command ran"
    for p in build_dir.iterdir():
        if p.is_file() and p.stat().st_size > HUGE_OUTPUT:
            return "huge-output", f"{p.name} has {p.stat().st_size} bytes"
    makeconf = build_dir / "Makeconf"
    if makeconf.is_file():
        for line in makeconf.read_text(errors="replace").splitlines():
            if not _MAKE_LINE.match(line):
                return "accepted-invalid", f"Makeconf line {_gist(line)!r}"
    dtd = etree.DTD(str(DTD_PATH))
    for p in sorted(build_dir.glob("scenario_*.xml")):
        try:
            tree = etree.parse(str(p), etree.XMLParser(resolve_entities=False, huge_tree=True))
        except etree.XMLSyntaxError as e:
            return "accepted-invalid", f"{p.name} is not well-formed: {_gist(str(e))}"
        if not dtd.validate(tree):
            err = dtd.error_log.filter_from_errors()[0]
            return "accepted-invalid", f"{p.name} invalid against the DTD: {_gist(err.message)}"
    if b"<!ENTITY" in scenario:
        return "accepted-invalid", "a DTD entity was expanded (built with exit 0)"
    final = build_dir / "scenario_pagetables.xml"
    if not final.is_file():
        return "", ""
    root = etree.parse(str(final)).getroot()
    hv = root.find("hypervisor")
    ncpus = _int(hv.get("ncpus")) if hv is not None else 0
    if ncpus < 1:
        return "accepted-invalid", "hypervisor ncpus < 1"
    arch = root.find("platform/arch")
    arm32 = arch is not None and arch.get("id") == "arm"
    for guest in root.iter("guest"):
        if _int(guest.get("ncpus")) < 1:
            return "accepted-invalid", "guest ncpus < 1"
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for cpu in _cpus(el.get("cpumap")):
            if not 0 <= cpu < ncpus:
                return "accepted-invalid", f"<{el.tag} cpumap> names CPU {cpu} of {ncpus}"
        for name, text in el.items():
            if SYNTAX.get((el.tag, name)) == "hex":
                for v in re.findall(r"0x[0-9a-fA-F]+|(?<![\w\[])\d+", text):
                    if int(v, 16) >= 1 << 64:  # HEX, the 0x optional: "040" is 0x40
                        return "accepted-invalid", f"<{el.tag} {name}> >= 2^64"
            if SYNTAX.get((el.tag, name)) == "dec" and name in ("align_shift", "align",
                                                                  "shift", "width"):
                if not 0 <= _int(text) < 64:
                    return "accepted-invalid", f"<{el.tag} {name}> = {text}"
        if el.tag == "emulate" and arm32:
            base, size = _hex(el.get("base")) or 0, _hex(el.get("size")) or 0
            if base + size > 1 << 32:
                return "accepted-invalid", "32-bit emulate range above 4 GiB"
    for memory in root.iter("memory"):
        lo, size = _hex(memory.get("base")), _hex(memory.get("size"))
        if lo is None or size is None:
            continue
        for req in memory.iter("memreq"):
            rsize = _hex(req.get("size")) or 0
            for base in re.findall(r"0x[0-9a-fA-F]+", req.get("base") or ""):
                b = int(base, 16)
                if rsize and not (lo <= b and b + rsize <= lo + size):
                    return "accepted-invalid", "a memreq placed outside its memory"
    return "", ""


# --- running ------------------------------------------------------------------


def run_one(args, run: int, mutations: list[Mutation] | None = None,
            seed_name: str | None = None) -> Result:
    rng = random.Random(f"{args.seed}:{run}")
    seed_name = seed_name or rng.choice(args.seeds)
    seed_bytes = seed_text(seed_name)
    if mutations is None:
        parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
        root = etree.fromstring(seed_bytes, parser)
        count = rng.choices([1, 2, 3], weights=[70, 20, 10])[0]
        mutations = []
        for _ in range(count):
            mutations.append(choose(rng, root))
            tree_only = [m for m in mutations if m.kind not in RAW_KINDS]
            root = etree.fromstring(mutate(seed_bytes, tree_only), parser)
    scenario = mutate(seed_bytes, mutations)
    engine = args.engine if args.engine != "random" else rng.choice(["lxml", "saxon"])
    with tempfile.TemporaryDirectory(prefix="schism-fuzz-") as tmp:
        o = Path(tmp) / "O"
        cbi = ec.prepare(o, scenario, seed_dir(seed_name))
        env = ec.environment()
        if engine == "saxon":
            env["SCHISM_ENGINE"] = "saxon"
        start = time.monotonic()
        if args.mode == "stages":
            chain = ec.run_chain(o, cbi, timeout=args.timeout, env=env)
        else:
            chain = ec.build(o, cbi, timeout=args.timeout, env=env)
        seconds = time.monotonic() - start
        result = Result(run, seed_name, mutations, scenario, "ok", seconds=seconds)
        result.notes.append(f"engine {engine}")
        failed = chain.failed
        if failed is not None:
            result.stage, result.stderr = failed.step.name, failed.stderr
            result.defect, result.where = judge_failure(failed, o)
            result.outcome = "DEFECT" if result.defect else "rejected"
        else:
            result.stage = chain.runs[-1].step.name if chain.runs else ""
            result.stderr = chain.runs[-1].stderr if chain.runs else ""
            result.defect, result.where = judge_success(o, scenario)
            result.outcome = "DEFECT" if result.defect else "ok"
    return result


def minimize(args, result: Result) -> Result:
    if len(result.mutations) < 2:
        return result
    for m in result.mutations:
        alone = run_one(args, result.run, [m], result.seed)
        if alone.signature == result.signature:
            alone.notes.append(f"minimized from {len(result.mutations)} mutations")
            return alone
    return result


def save(out: Path, r: Result) -> Path:
    d = out / r.defect / f"{r.run:05d}-{r.seed}"
    d.mkdir(parents=True, exist_ok=True)
    (d / "scenario.xml").write_bytes(r.scenario)
    (d / "stderr.txt").write_text(r.stderr)
    (d / "mutations.txt").write_text(
        f"seed {r.seed}\nrun {r.run}\nstage {r.stage}\nsignature {r.signature}\n"
        + "".join(f"mutation {m.describe()}\n" for m in r.mutations)
        + "".join(f"note {n}\n" for n in r.notes))
    return d


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--runs", type=int, default=100)
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--out", type=Path, default=ROOT / "build" / "fuzz")
    p.add_argument("--mode", choices=("build", "stages"), default="build")
    p.add_argument("--engine", choices=("lxml", "saxon", "random"), default="lxml")
    p.add_argument("--timeout", type=float, default=ec.TIMEOUT)
    p.add_argument("--only", help="comma-separated run numbers to rerun")
    p.add_argument("--minimize", action="store_true")
    p.add_argument("--seeds", default=",".join(sorted(SEED_FILES) + sorted(INLINE)),
                   help="comma-separated seed names (default: all)")
    args = p.parse_args(argv)
    args.seeds = args.seeds.split(",")
    unknown = set(args.seeds) - set(SEED_FILES) - set(INLINE)
    if unknown:
        p.error(f"unknown seeds {sorted(unknown)} (known: {sorted(SEED_FILES) + sorted(INLINE)})")
    runs = [int(x) for x in args.only.split(",")] if args.only else range(args.runs)
    if args.out.exists() and not args.only:
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="schism-fuzz-warm-") as warm:
        ec.prepare(Path(warm) / "O", SEED_FILES["demo"].read_bytes())  # the demo ELF, once

    outcomes: collections.Counter[str] = collections.Counter()
    signatures: dict[str, list[Result]] = collections.defaultdict(list)
    start = time.monotonic()

    def one(i: int) -> Result:
        try:
            r = run_one(args, i)
            if r.outcome == "DEFECT" and args.minimize:
                r = minimize(args, r)
            return r
        except Exception as e:  # noqa: BLE001 - a fuzzer bug must not end the campaign
            return Result(i, "?", [], b"", "error", stderr=f"{type(e).__name__}: {e}")

    with ThreadPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
        for r in pool.map(one, runs):
            outcomes[r.outcome] += 1
            line = f"{r.run:5d} {r.seed:<22} {r.outcome:<8} {r.stage:<18} " \
                   f"{'; '.join(m.describe() for m in r.mutations)[:90]}"
            if r.outcome == "DEFECT":
                signatures[r.signature].append(r)
                line += f"\n      -> {r.signature}  [{save(args.out, r)}]"
            print(line, flush=True)
    total = sum(outcomes.values())
    print(f"\n{total} runs in {time.monotonic() - start:.0f} s (seed {args.seed}, "
          f"mode {args.mode}, engine {args.engine}, timeout {args.timeout:.0f} s)")
    print(f"{'outcome':<20}{'runs':>6}")
    for name in ("ok", "rejected", "DEFECT", "error"):
        print(f"{name:<20}{outcomes[name]:>6}")
    if signatures:
        print(f"\n{'defect class':<18}{'runs':>5}  where (one run)")
        for sig, rs in sorted(signatures.items(), key=lambda kv: (kv[0], -len(kv[1]))):
            cls, _, where = sig.partition(": ")
            print(f"{cls:<18}{len(rs):>5}  {where[:100]}  (run {rs[0].run}, {rs[0].seed})")
        print(f"\ndefect runs written to {args.out}/<class>/<run>-<seed>/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
