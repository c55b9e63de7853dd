"""`schism [options] <command> O [args]`: run one stage on build directory O,
the chain (`build`), or one of the tools around it. The stage commands come
from the stage table (schism/pipeline.py); options may stand before or after
the command."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from schism import __version__, deps, pipeline
from schism.errors import SchismError, tidy

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable
    from typing import TextIO

    from schism.stages import Context

EPILOG = """stages (files are in the build directory O):
{table}

Environment: SCHISM_ENGINE=lxml|saxon (XSLT engine of stages 1-2),
SCHISM_XMLLIB=dir:dir (library directories searched before the bundled one),
SOURCE_DATE_EPOCH (build timestamp of generated configuration and images),
CROSS_COMPILE (the hypervisor's compiler prefix, stage -1)."""


class _Usage(Exception):
    """A command line that does not parse (exit status 2)."""


def _parser_class():
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str):  # one line, in schism's form, not argparse's
            raise _Usage(f"{self.prog}: error: {message} (see `{self.prog} --help`)")

    class _Command(_Parser):
        """A command's own parser: options may stand between its operands
        (`ptdump O --va ADDR TABLE`), which plain argparse takes as an
        empty optional operand followed by an extra argument."""

        _inside = False  # parse_known_intermixed_args calls parse_known_args

        def parse_known_args(self, args=None, namespace=None):
            if self._inside:
                return super().parse_known_args(args, namespace)
            self._inside = True
            try:
                return self.parse_known_intermixed_args(args, namespace)
            finally:
                self._inside = False

    _Parser.Command = _Command
    return _Parser


def _common(p: argparse.ArgumentParser, top: bool) -> None:
    """Options every command takes, before or after the command word. The
    subcommands' copies use their own names so they do not reset the top's."""
    import argparse

    suffix = "" if top else "_sub"
    default = None if top else argparse.SUPPRESS
    p.add_argument("--engine", choices=("lxml", "saxon"), dest="engine" + suffix,
                   default=default,
                   help="XSLT engine for stages 1-2 (default: $SCHISM_ENGINE or lxml)")
    p.add_argument("--xmllib", action="append", metavar="DIR", dest="xmllib" + suffix,
                   default=[] if top else argparse.SUPPRESS,
                   help="library directory searched before $SCHISM_XMLLIB and the bundled "
                        "one (repeatable)")
    p.add_argument("-q", "--quiet", action="store_true", dest="quiet" + suffix,
                   default=False if top else argparse.SUPPRESS,
                   help="no INFO lines")


def _build_dir(p: argparse.ArgumentParser) -> None:
    p.add_argument("build_dir", metavar="O", help="the build directory")


def _stage_help(stages: list[pipeline.Stage]) -> str:
    return "; ".join(f"stage {s.number}: {s.summary}" for s in stages)


def _parser() -> argparse.ArgumentParser:
    import argparse

    _Parser = _parser_class()
    p = _Parser(
        prog="schism",
        description="Static Configurator for Hypervisors Including Scenario Metadata",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=EPILOG.format(table=pipeline.describe()),
    )
    p.add_argument("--version", action="version", version=f"schism {__version__}")
    _common(p, top=True)
    sub = p.add_subparsers(dest="command", metavar="command", parser_class=_Parser.Command)
    sub.required = True

    def command(name: str, help: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help, description=help)
        _common(c, top=False)
        return c

    seen: dict[str, list[pipeline.Stage]] = {}
    for stage in pipeline.BUILD_ORDER:
        seen.setdefault(stage.command, []).append(stage)
    for word, stages in seen.items():
        c = command(word, _stage_help(stages))
        _build_dir(c)
        if stages[0].args:
            c.add_argument("iteration", nargs="?", choices=[s.args[0] for s in stages],
                           help="which iteration: " + ", ".join(
                               f"{s.args[0]} (stage {s.number})" for s in stages))
    c = command("build", "run every stage schism runs, in order (stage 0 is make's)")
    _build_dir(c)
    command("stages", "print the stage table")
    c = command("ptdump", "walk the binary page tables of O")
    _build_dir(c)
    c.add_argument("table", nargs="?", help="hv:init, hv:<cpu> or <guest>:<vcpu>")
    c.add_argument("--va", metavar="ADDR", help="translate one virtual address (hex)")
    c = command("make-rules", "write O/.deps/rules.mk, the stage table as make rules "
                              "(the Makefile runs it)")
    _build_dir(c)
    c = command("clean", "remove what schism and the hypervisor build wrote into O "
                         "(keeps scenario.xml and the files it names)")
    _build_dir(c)
    c = command("check", "check O/scenario.xml without building: every error stages 1-2 and "
                         "the rules that need no measurement find (no ELF, no compiler)")
    _build_dir(c)
    return p


def _options(ns: argparse.Namespace) -> argparse.Namespace:
    """Merge the options given after the command into those before it."""
    ns.engine = getattr(ns, "engine_sub", None) or ns.engine
    ns.xmllib = ns.xmllib + getattr(ns, "xmllib_sub", [])
    ns.quiet = ns.quiet or getattr(ns, "quiet_sub", False)
    return ns


class _QuietOut:
    """A stderr that drops INFO lines (`-q`)."""

    def __init__(self, out: TextIO):
        self.out = out
        self.pending = ""

    def write(self, text: str) -> int:
        self.pending += text
        *lines, self.pending = self.pending.split("\n")
        for line in lines:
            if not line.startswith("INFO"):
                self.out.write(line + "\n")
        return len(text)

    def flush(self) -> None:
        self.out.flush()


def _context(ns: argparse.Namespace):
    from schism.stages import Context

    engine = ns.engine or os.environ.get("SCHISM_ENGINE") or "lxml"
    if engine not in ("lxml", "saxon"):
        raise SchismError(f"unknown SCHISM_ENGINE '{engine}' (use lxml or saxon)")
    build_dir = Path(ns.build_dir)
    if not build_dir.is_dir():
        raise SchismError(f"build directory {build_dir} does not exist")
    out = _QuietOut(sys.stderr) if ns.quiet else sys.stderr
    return Context(build_dir=build_dir, engine=engine, xmllib=ns.xmllib, out=out)


def run_stage(stage: pipeline.Stage, ctx: Context) -> None:
    """Run one stage and, when it succeeds, write what it read for make. A
    stage that fails takes its earlier outputs and stamp with it (as make's
    .DELETE_ON_ERROR would): nothing stale stays behind that looks done."""
    from schism import xmlio

    # The previous stages' documents, in `schism build` or a chain: kept while
    # they are small enough (freeing costs time), else freed.
    xmlio.release_documents(xmlio.KEEP_LIMIT)
    if xmlio.keeping():
        gc.freeze()  # what earlier stages left is no garbage to look for again
    global _stages_run
    if _stages_run:
        _fresh_lookups()
    _stages_run += 1
    ctx.stage = stage
    ctx.lines_unknown = False
    from schism.stages import xmlstage

    recorder = deps.start()
    try:
        lean = xmlstage.parse_lean(True)
        try:
            _attempt(stage, ctx)
        except Exception:
            if not ctx.lines_unknown:
                raise
            # It failed on a tree without the file's line numbers (handed on
            # in memory, or parsed without its indentation): once more on the
            # file, parsed whole, as a process of its own did before
            # (schism/stages/xmlstage.py), for the same messages.
            ctx.lines_unknown = False
            handing = xmlstage.handing_on()
            xmlstage.hand_on(False)
            xmlstage.parse_lean(False)
            _fresh_lookups()
            try:
                recorder = deps.start()
                pipeline.runner(stage)(ctx)
            finally:
                xmlstage.hand_on(handing)
        finally:
            xmlstage.parse_lean(lean)
        deps.stop()
        deps.finish(recorder, ctx.build_dir, stage.key)
    except BaseException:
        deps.forget(ctx.build_dir, stage)
        raise
    finally:
        deps.stop()


_stages_run = 0  # by this process


def _fresh_lookups() -> None:
    """A CBI an earlier stage (or attempt) looked up is looked up again, so
    that this one records its modules as a process of its own would."""
    registry = sys.modules.get("schism.cbi")
    if registry is not None:
        registry._loaded.clear()


class _Held:
    """Messages held back while a stage may still be run a second time."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass


def _attempt(stage: pipeline.Stage, ctx: Context) -> None:
    """Run the stage; its messages are printed when it succeeds or fails for
    good (a failure on a tree without line numbers runs it again, printing
    them then)."""
    out, ctx.out = ctx.out, _Held()
    try:
        pipeline.runner(stage)(ctx)
    except Exception:
        if not ctx.lines_unknown:
            out.write("".join(ctx.out.parts))
        raise
    finally:
        held, ctx.out = ctx.out, out
    out.write("".join(held.parts))


def _stage(ns: argparse.Namespace) -> int:
    stages = [s for s in pipeline.BUILD_ORDER if s.command == ns.command]
    if stages[0].args:
        if ns.iteration is None:
            choices = " or ".join(s.args[0] for s in stages)
            raise SchismError(f"'{ns.command}' needs an argument: {choices}")
        stages = [s for s in stages if s.args[0] == ns.iteration]
    ctx = _context(ns)
    # Under make, the stages make would run next, in this process (schism/chain.py).
    from schism import chain

    following = chain.start(stages[0], ctx.build_dir)
    if following is not None:
        _hand_on()
    run_stage(stages[0], ctx)
    if following is not None:
        for stage in following.following():
            run_stage(stage, ctx)
    return 0


def _hand_on() -> None:
    """Trees go on to the next stage in memory (schism/stages/xmlstage.py)."""
    from schism.stages import xmlstage

    xmlstage.hand_on()


def _build(ns: argparse.Namespace) -> int:
    ctx = _context(ns)
    _hand_on()
    for stage in pipeline.BUILD_ORDER:
        run_stage(stage, ctx)
    return 0


def _stages(ns: argparse.Namespace) -> int:
    print(pipeline.describe())
    return 0


def _ptdump(ns: argparse.Namespace) -> int:
    from schism import ptdump

    ctx = _context(ns)
    ctx.args = [a for a in (ns.table,) if a] + (["--va", ns.va] if ns.va else [])
    return ptdump.main(ctx)


def _make_rules(ns: argparse.Namespace) -> int:
    from schism import makerules

    ctx = _context(ns)
    recorder = deps.start()
    try:
        makerules.run(ctx)
    finally:
        deps.stop()
    deps.finish(recorder, ctx.build_dir, "make-rules", target=f"$(O)/{deps.DIR}/rules.mk")
    return 0


def _check(ns: argparse.Namespace) -> int:
    from schism import check

    return check.run(_context(ns))


def _clean(ns: argparse.Namespace) -> int:
    from schism import clean

    clean.run(_context(ns))
    return 0


def _with_origin(error: SchismError, ns: argparse.Namespace) -> None:
    """Add where the element came from (schism/origin.py); a failure to find
    it must not hide the error itself."""
    if getattr(ns, "build_dir", None) is None:
        return
    from schism import origin

    try:
        origin.add_origin(error, Path(ns.build_dir), ns.xmllib)
    except Exception:  # noqa: BLE001 - best effort: the error is what matters
        pass


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": _build,
    "stages": _stages,
    "ptdump": _ptdump,
    "make-rules": _make_rules,
    "clean": _clean,
    "check": _check,
}


def _quick(argv: list[str]):
    """The command lines make runs (`[options] <stage> O [iteration]
    [options]`, `build O`), parsed as argparse would parse them but without
    building its parser (a few milliseconds of every stage process). Anything
    else, a help request or a mistake, is None: argparse parses it and says
    what is wrong."""
    top_engine = sub_engine = None
    top_xmllib: list[str] = []
    sub_xmllib: list[str] = []
    quiet = False
    words: list[str] = []
    i = 0
    while i < len(argv):
        word = argv[i]
        if word in ("-q", "--quiet"):
            quiet = True
        elif word in ("--engine", "--xmllib"):
            if i + 1 == len(argv) or argv[i + 1].startswith("-"):
                return None
            i += 1
            if word == "--xmllib":
                (sub_xmllib if words else top_xmllib).append(argv[i])
            elif argv[i] not in ("lxml", "saxon"):
                return None
            elif words:
                sub_engine = argv[i]
            else:
                top_engine = argv[i]
        elif word.startswith("-"):
            return None
        else:
            words.append(word)
        i += 1
    if not words:
        return None
    command, *rest = words
    stages = [s for s in pipeline.BUILD_ORDER if s.command == command]
    if command != "build" and not stages:
        return None
    iterations = [s.args[0] for s in stages if s.args]
    if len(rest) != (2 if iterations else 1) or (iterations and rest[1] not in iterations):
        return None
    ns = SimpleNamespace(command=command, build_dir=rest[0], engine=sub_engine or top_engine,
                         xmllib=top_xmllib + sub_xmllib, quiet=quiet)
    if iterations:
        ns.iteration = rest[1]
    return ns


def main(argv: list[str] | None = None) -> int:
    try:
        argv = [os.fspath(a) for a in (sys.argv[1:] if argv is None else argv)]
        ns = _quick(argv) or _options(_parser().parse_args(argv))
    except _Usage as e:
        print(e, file=sys.stderr)
        return 2
    try:
        return COMMANDS.get(ns.command, _stage)(ns)
    except SchismError as e:
        _with_origin(e, ns)
        print(f"schism: {e}" if not e.file else str(e), file=sys.stderr)
        return 1
    except OSError as e:  # an unreadable input, an unwritable O
        where = f"{e.filename}: " if e.filename else ""
        print(tidy(f"schism: error: {where}{e.strerror or e}"), file=sys.stderr)
        return 1
