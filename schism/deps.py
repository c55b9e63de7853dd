"""What a stage read, written for make as `gcc -MD` writes it (docs/builds.md).

While a stage runs, a `Recorder` collects every file it reads: through
Python's `open` (an audit hook sees them all, so a CBI plug-in's own files
are caught too), through lxml/libxslt (the callers say so: `read()`), the
modules of schism and of the CBI it imported, and the environment variables
it consulted (`environ()`). When the stage succeeds, `finish()` writes

* `O/.deps/<stage>.d`: `$(O)/.deps/<stage>.stamp: <every file read>`, one
  empty rule per file (a deleted file then reruns the stage instead of
  stopping make), and `SCHISM_TRACKED += NAME` per variable;
* `O/.deps/var-NAME`: the variable's value, rewritten only when it changes,
  so make can rerun exactly the stages that consulted it;
* `O/.deps/<stage>.stamp`: the time the stage last succeeded.

Files inside O are written as `$(O)/name`, so the depfile stays right for
however make spells O; files elsewhere as absolute paths.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from schism.errors import SchismError

DIR = ".deps"
# Bookkeeping in O that stages read but that is no input of theirs.
_BOOKKEEPING = (DIR, ".schism-validated")

_active: Recorder | None = None
_hooked = False


class Recorder:
    """The files and variables one stage run has read so far, and the modules
    it imported: those loaded while it ran and those its import statements
    named (loaded earlier in the process, by another stage)."""

    def __init__(self) -> None:
        self.files: dict[str, None] = {}  # insertion-ordered set of absolute paths
        self.variables: dict[str, str] = {}
        self.packages: set[str] = {"schism"}
        self.loaded = set(sys.modules)  # what was there before the stage
        self.imported: set[str] = set()

    def read(self, path: str | os.PathLike) -> None:
        self.files.setdefault(os.path.abspath(os.fspath(path)), None)


def start() -> Recorder:
    """Begin recording a stage (a new, empty record)."""
    global _active, _hooked, _startup
    if not _hooked:
        sys.addaudithook(_audit)
        _startup = frozenset(sys.modules)
        _trace_imports()
        _hooked = True
    _active = Recorder()
    return _active


# --- modules ---------------------------------------------------------------
#
# A process that runs several stages imports a module once, for the first
# stage that needs it. What another stage imports is what a process of its
# own would have imported: the modules every stage process imports before
# it starts (`_startup`), the modules loaded while it ran, and those its
# import statements named, with everything these imported when they were
# loaded (`_imports`, recorded from the first stage on).

_startup: frozenset[str] = frozenset()
_imports: dict[str, set[str]] = {}  # module -> what its own top level imported


def _targets(name: str, globals_: dict | None, fromlist, level: int) -> list[str]:
    """The modules an import statement names (and their packages)."""
    if level:
        package = (globals_ or {}).get("__package__") or ""
        base = package.rsplit(".", level - 1)[0] if level > 1 else package
        name = f"{base}.{name}" if name else base
    parts = name.split(".")
    found = [".".join(parts[:i]) for i in range(1, len(parts) + 1)]
    for item in fromlist or ():
        if f"{name}.{item}" in sys.modules:
            found.append(f"{name}.{item}")
    return found


def _note_import(caller: str | None, targets: list[str]) -> None:
    if caller is not None:
        module = sys.modules.get(caller)
        spec = getattr(module, "__spec__", None)
        if spec is not None and getattr(spec, "_initializing", False):
            _imports.setdefault(caller, set()).update(targets)
    if _active is not None:
        _active.imported.update(targets)


def _trace_imports() -> None:
    """Note every import statement from now on (`__import__`) and every
    `importlib.import_module` (stage modules, CBIs)."""
    import builtins
    import importlib

    original_import = builtins.__import__
    original_import_module = importlib.import_module

    # __import__'s own parameter names: callers may pass them as keywords.
    def traced_import(name: str, globals: dict | None = None, locals: dict | None = None,  # noqa: A002
                      fromlist=(), level: int = 0):
        module = original_import(name, globals, locals, fromlist, level)
        try:
            _note_import((globals or {}).get("__name__"), _targets(name, globals, fromlist, level))
        except Exception:  # noqa: BLE001 - bookkeeping must not break an import
            pass
        return module

    def traced_import_module(name: str, package: str | None = None):
        module = original_import_module(name, package)
        _note_import(None, _targets(module.__name__, None, (), 0))
        return module

    builtins.__import__ = traced_import
    importlib.import_module = traced_import_module


def _stage_modules(recorder: Recorder) -> set[str]:
    """The names of the modules `recorder`'s stage imported (see above)."""
    names = set(_startup) | (set(sys.modules) - recorder.loaded)
    todo = list(recorder.imported)
    while todo:
        name = todo.pop()
        if name not in names:
            names.add(name)
            todo += _imports.get(name, ())
    return names


def stop() -> None:
    global _active
    _active = None


class unrecorded:
    """Reads inside this block are no inputs (a stage comparing its own old
    output before rewriting it)."""

    def __enter__(self) -> None:
        global _active
        self.saved, _active = _active, None

    def __exit__(self, *exc) -> None:
        global _active
        _active = self.saved


def read(path: str | os.PathLike) -> None:
    """Note a file read outside Python's `open` (lxml, libxslt, a compiler).
    A path make cannot name is an error now, before the stage writes output."""
    if _active is not None:
        make_word(os.path.abspath(os.fspath(path)))
        _active.read(path)


def environ(name: str) -> str | None:
    """`os.environ.get(name)`, noting that the stage's result depends on it."""
    value = os.environ.get(name)
    if _active is not None:
        _active.variables[name] = value or ""
    return value


# The last second SOURCE_DATE_EPOCH may name: 9999-12-31 23:59:59 UTC (the
# configuration writes its year in four digits).
LATEST_EPOCH = 253_402_300_799


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH, the build time of reproducible builds: None when
    unset or empty; else ASCII decimal digits, no later than LATEST_EPOCH.
    The one reader of it (the configuration's timestamp, the image headers)."""
    text = environ("SOURCE_DATE_EPOCH")
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise SchismError(f"SOURCE_DATE_EPOCH: '{text}' is not a number of seconds "
                          "(decimal digits)")
    digits = text.lstrip("0")
    if len(digits) > len(str(LATEST_EPOCH)) or int(digits or "0") > LATEST_EPOCH:
        raise SchismError(f"SOURCE_DATE_EPOCH: '{text}' lies after the year 9999 "
                          f"(at most {LATEST_EPOCH})")
    return int(digits or "0")


def package(module: str) -> None:
    """Count the modules of `module`'s top-level package as stage inputs
    (a CBI plug-in installed outside schism)."""
    if _active is not None:
        _active.packages.add(module.split(".", 1)[0])


_WRITE_MODES = frozenset("wax+")


def _audit(event: str, args: tuple) -> None:
    if event != "open" or _active is None:
        return
    path, mode, flags = args
    if not isinstance(path, (str, bytes, os.PathLike)):
        return  # a file descriptor
    if isinstance(mode, str):
        if _WRITE_MODES & set(mode):
            return
    elif flags is None or flags & os.O_ACCMODE != os.O_RDONLY:
        return
    path = os.fsdecode(path)
    if path.endswith(".pyc"):
        return  # modules count by their source (finish)
    _active.read(path)


# --- writing ---------------------------------------------------------------

# How a path is written as one make prerequisite: these characters are
# escaped; ';', '=', '|', '\\' and control characters cannot be written at
# all (make would read a recipe, a variable or another word).
_MAKE_ESCAPED = {" ": "\\ ", ":": "\\:", "#": "\\#", "*": "\\*", "?": "\\?",
                 "[": "\\[", "]": "\\]", "$": "$$"}
_MAKE_IMPOSSIBLE = set(";=|\\") | {chr(c) for c in range(32)} | {"\x7f"}


def make_word(path: str) -> str:
    """`path` as one make prerequisite word, or a SchismError naming it."""
    bad = sorted(set(path) & _MAKE_IMPOSSIBLE)
    if bad:
        shown = ", ".join(repr(c) for c in bad)
        raise SchismError(f"'{path}' cannot be a make dependency: it holds {shown} "
                          "(rename the file or directory)")
    return "".join(_MAKE_ESCAPED.get(c, c) for c in path)


def _modules(recorder: Recorder) -> list[str]:
    """Source files of the modules of schism the stage imported, and of the
    loaded modules of the other packages it named (`package`)."""
    found = []
    schism_modules = _stage_modules(recorder)
    for name, module in list(sys.modules.items()):
        top = name.split(".", 1)[0]
        if top not in recorder.packages or top == "schism" and name not in schism_modules:
            continue
        file = getattr(module, "__file__", None)
        if file and file.endswith(".py"):
            found.append(os.path.abspath(file))
    return sorted(found)


def _ignored(path: str) -> bool:
    return path.startswith(("/dev/", "/proc/", "/sys/")) or "/__pycache__/" in path


def _word(path: str, o: str) -> str | None:
    """The prerequisite word for `path`; None for O's bookkeeping."""
    real = os.path.realpath(path)
    if real == o or real.startswith(o + os.sep):
        rel = os.path.relpath(real, o)
        if rel.split(os.sep, 1)[0] in _BOOKKEEPING or rel.startswith(".") and rel.endswith(".tmp"):
            return None
        return "$(O)/" + make_word(rel)
    return make_word(path)


def depfile_text(recorder: Recorder, build_dir: Path, key: str, target: str | None = None) -> str:
    """The depfile of stage `key`: what its stamp (or `target`) depends on."""
    o = os.path.realpath(build_dir)
    words: dict[str, None] = {}
    for path in [*recorder.files, *_modules(recorder)]:
        if _ignored(path) or not os.path.exists(path):
            continue
        word = _word(path, o)
        if word is not None:
            words.setdefault(word, None)
    for name in sorted(recorder.variables):
        words.setdefault(f"$(O)/{DIR}/var-{name}", None)
    target = target or f"$(O)/{DIR}/{key}.stamp"
    lines = [f"# What {key} read when it last succeeded (written by schism).",
             f"{target}: \\"]
    lines += [f"  {w} \\" for w in words]
    lines.append("")
    # An empty rule per prerequisite that no stage makes: a deleted file
    # reruns the stage instead of stopping make with "No rule to make target".
    lines += [f"{w}:" for w in words if not w.startswith(f"$(O)/{DIR}/")]
    lines += [f"SCHISM_TRACKED += {name}" for name in sorted(recorder.variables)]
    return "\n".join(lines) + "\n"


def var_file(build_dir: Path, name: str) -> Path:
    return build_dir / DIR / f"var-{name}"


def sync_variable(build_dir: Path, name: str, value: str) -> None:
    """Keep `O/.deps/var-NAME` equal to `value`: a missing file is created as
    old as can be (the stage just ran with this value), a different one
    rewritten now (every stage that consulted NAME is out of date)."""
    from schism import xmlio

    path = var_file(build_dir, name)
    data = (value + "\n").encode()
    try:
        if path.read_bytes() == data:
            return
        missing = False
    except FileNotFoundError:
        missing = True
    xmlio.write_atomic(path, data)
    if missing:
        os.utime(path, (1, 1))


def forget(build_dir: Path, stage) -> None:
    """Remove a failed stage's stamp and earlier outputs."""
    names = [n for n in (*stage.outputs, *stage.optional_outputs) if "{cbi}" not in n]
    for path in [*(build_dir / n for n in names), build_dir / DIR / f"{stage.key}.stamp"]:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass  # not a file (a directory in its way): the error says why


def finish(recorder: Recorder, build_dir: Path, key: str, target: str | None = None) -> None:
    """The stage succeeded: write its depfile, variables and stamp (none when
    the depfile names another `target`, a file the command wrote itself)."""
    from schism import xmlio

    (build_dir / DIR).mkdir(exist_ok=True)
    text = depfile_text(recorder, build_dir, key, target)
    for name, value in recorder.variables.items():
        sync_variable(build_dir, name, value)
    xmlio.write_atomic(build_dir / DIR / f"{key}.d", text.encode())
    if target is None:
        stamp = build_dir / DIR / f"{key}.stamp"
        stamp.touch()
        os.utime(stamp)  # now, also when it existed
