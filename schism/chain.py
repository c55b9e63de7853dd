"""Consecutive stages in one process under `make O=` (docs/builds.md "Stages
in one process").

make starts a stage's recipe, `schism <stage> O`, when the stage is out of
date. When that stage has succeeded, the process goes on down the stage
table and runs each following stage that make would run next, here, instead
of leaving it to another process: the trees, the parsed values and the
validation of what was just written stay in memory. make then finds those
stages' stamps up to date and runs nothing for them.

The process decides as make decides, from the same files: a stage is out of
date when its stamp is missing, one of its outputs is missing, or one of
the prerequisites make reads for the stamp (the row's inputs in
`O/.deps/rules.mk`, `$(SCHISM_VARIABLES)`, the words of `O/.deps/<stage>.d`)
is missing or newer than the stamp, to the nanosecond. A stage is run here
only when make could not yet have looked at it:

* make runs serially (no `-j`), stops at the first failure (no `-k`,
  `-i`), compares the files' own times (no `-L`) and is not asked to
  pretend (`-n`, `-t`, `-q`, `-B`):
  `SCHISM_MAKE_GOALS` and `MAKEFLAGS` say so;
* the stage is needed for make's goals, which list their files in table
  order (makerules), so make looks at a stage's stamp only after every
  stage before it is done;
* every stage it reads from ran (or was found up to date) in this process
  or is a prerequisite of the stage make started (stage 0, the
  hypervisor's own make, is only ever make's).

Anything else, or anything this module cannot read, ends the chain: make
carries on as without it. Each chained stage runs exactly as its own process
would (`cli.run_stage`: its own depfile and stamp, its outputs removed when
it fails) and prints `schism: chained: <stage> O` on stdout unless make is
silent (`-s`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from schism import deps, pipeline

GOALS = "SCHISM_MAKE_GOALS"
PREFIX = "schism: chained:"
# make's single-letter flags under which recipes do not run as usual, make
# would look at a stage again or at other times (-L: a symlink's own), or
# would go on past a failed recipe (which stands for the whole chain): -B,
# -n, -t, -q, -L, -k, -i. (-W and -o do not show in MAKEFLAGS: under them
# make may run a chained stage once more.)
_REFUSED_LETTERS = frozenset("BntqLki")
# A chain ends, leaving the rest to make (a process per stage), once the
# documents its process keeps came from more than this much XML: they hold
# about 13-15 times as much memory (trees without the indentation,
# stages/xmlstage.py), and a stage process of its own needs only its
# input's and output's (issue 13: peak RSS near twice what a stage writes).
# Stages 1-8 of 6,400 guests stay below it (about 30 MiB in the longer
# chain); at 25,600 guests a chain is two or three stages (its largest
# process 1.45 GiB; docs/performance.md "Figures, fifth round").
CHAIN_LIMIT = 80 << 20


def has_room() -> bool:
    """Whether the process may run one more stage of a chain."""
    from schism import xmlio

    return xmlio.kept_size() <= CHAIN_LIMIT


def _make_flags(makeflags: str) -> tuple[bool, bool]:
    """(whether stages may be chained, whether make is silent) from MAKEFLAGS:
    its first word holds the single-letter flags, then come options (`-j2`,
    `--jobserver-auth=...`) and, after `--`, variables."""
    words = makeflags.split(" ")
    letters = words[0] if words and not words[0].startswith("-") else ""
    for word in words[1:] if letters else words:
        if word == "--":
            break
        if word.startswith(("-j", "--jobserver")) and word != "-j1":
            return False, False
    return not _REFUSED_LETTERS & set(letters), "s" in letters


def _first_rows() -> dict[str, pipeline.Stage]:
    """make's goal words (makerules' goals): the first row of each command."""
    first: dict[str, pipeline.Stage] = {}
    for stage in pipeline.STAGES:
        first.setdefault(stage.command or "hypervisor", stage)
    return first


def producers(stage: pipeline.Stage) -> list[pipeline.Stage]:
    """The rows whose outputs `stage` reads (or waits for: `after`)."""
    wanted = set(stage.inputs) | set(stage.after)
    return [s for s in pipeline.STAGES if wanted & set(s.outputs)]


def closure(stages: list[pipeline.Stage]) -> set[str]:
    """The keys of `stages` and of every row they need, transitively."""
    seen: set[str] = set()
    todo = list(stages)
    while todo:
        stage = todo.pop()
        if stage.key not in seen:
            seen.add(stage.key)
            todo += producers(stage)
    return seen


def needed(goals: list[str]) -> set[str] | None:
    """The stage keys make's goals need; None for a goal this module does
    not know (a file name: make alone decides then)."""
    first = _first_rows()
    rows: list[pipeline.Stage] = []
    for goal in goals:
        if goal == "all":
            rows += pipeline.BUILD_ORDER
        elif goal in first:
            rows.append(first[goal])
        else:
            return None
    return closure(rows)


class Chain:
    """What make asked for, and what this process has done of it."""

    def __init__(self, first: pipeline.Stage, build_dir: Path, wanted: set[str], silent: bool):
        self.build_dir = build_dir
        self.wanted = wanted
        self.silent = silent
        self.before = closure([first]) - {first.key}  # done by make before `first`
        self.done = {first.key}
        self.index = pipeline.STAGES.index(first)

    def following(self) -> Iterator[pipeline.Stage]:
        """The stages after the first that make would run next, one by one,
        as long as each is out of date or up to date for certain; the caller
        runs each out-of-date one before asking for the next."""
        cbi = _cbi(self.build_dir)
        if cbi is None:
            return
        for stage in pipeline.STAGES[self.index + 1:]:
            if stage.key not in self.wanted:
                continue
            if stage.command is None:
                return  # stage 0 is make's
            if any(p.key not in self.done | self.before for p in producers(stage)):
                return
            stale = out_of_date(stage, self.build_dir, cbi)
            if stale is None:
                return
            if stale:
                if not has_room():
                    return
                if not self.silent:
                    words = (stage.command, str(self.build_dir), *stage.args)
                    print(PREFIX, *words, flush=True)
                yield stage
            self.done.add(stage.key)


def start(first: pipeline.Stage, build_dir: Path) -> Chain | None:
    """A chain after `first` when make started it and may be followed; None
    otherwise (a command line typed by hand, `make -j`, a file as goal)."""
    goals = os.environ.get(GOALS)
    if goals is None or first.command is None:
        return None
    allowed, silent = _make_flags(os.environ.get("MAKEFLAGS", ""))
    if not allowed:
        return None
    wanted = needed(goals.split())
    if wanted is None or first.key not in wanted:
        return None
    return Chain(first, build_dir, wanted, silent)


# --- make's view of a stage --------------------------------------------------------


def _cbi(build_dir: Path) -> str | None:
    """The CBI name make's rules were written for (`SCHISM_CBI :=`)."""
    try:
        text = (build_dir / deps.DIR / "rules.mk").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for line in text.splitlines():
        if line.startswith("SCHISM_CBI := "):
            return line.split(":= ", 1)[1].strip() or None
    return None


def _unescape(word: str) -> str:
    """A depfile word as a path (deps.make_word undone)."""
    out = []
    i = 0
    while i < len(word):
        c = word[i]
        if c == "\\" and i + 1 < len(word):
            out.append(word[i + 1])
            i += 2
        elif c == "$" and word[i + 1:i + 2] == "$":
            out.append("$")
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def depfile_words(build_dir: Path, key: str) -> list[str] | None:
    """The prerequisites `O/.deps/<key>.d` gives the stamp, as paths; []
    when there is no depfile, None when it cannot be read as deps writes it."""
    try:
        with deps.unrecorded():
            text = (build_dir / deps.DIR / f"{key}.d").read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.split("\n")
    target = f"$(O)/{deps.DIR}/{key}.stamp: \\"
    if target not in lines:
        return None
    words = []
    for line in lines[lines.index(target) + 1:]:
        if not line:
            break
        if not line.startswith("  ") or not line.endswith(" \\"):
            return None
        word = line[2:-2]
        if "$" in word.replace("$$", "").replace("$(O)/", "", 1) or " " in word.replace("\\ ", ""):
            return None
        path = _unescape(word[len("$(O)/"):]) if word.startswith("$(O)/") else None
        words.append(str(build_dir / path) if path is not None else _unescape(word))
    return words


def _mtime(path: str | Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def out_of_date(stage: pipeline.Stage, build_dir: Path, cbi: str) -> bool | None:
    """Whether make would run `stage` now (see the module's docstring); None
    when it cannot be told for certain."""
    stamp = _mtime(build_dir / deps.DIR / f"{stage.key}.stamp")
    if stamp is None:
        return True
    outputs = [build_dir / pipeline.file_name(n, cbi) for n in stage.outputs]
    if any(_mtime(p) is None for p in outputs):
        return True
    words = depfile_words(build_dir, stage.key)
    if words is None:
        return None
    table = [build_dir / pipeline.file_name(n, cbi) for n in (*stage.inputs, *stage.after)]
    variables = build_dir / deps.DIR / "var-SCHISM_FLAGS"
    for path in (*table, variables, *words):
        mtime = _mtime(path)
        if mtime is None:
            # A missing file with an empty rule (every depfile word outside
            # O/.deps) or made by a stage: make takes it as new.
            if str(path).startswith(str(build_dir / deps.DIR) + os.sep):
                return None
            return True
        if mtime > stamp:
            return True
    return False
