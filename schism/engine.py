"""Running a stage's stylesheet on lxml (XSLT 1.0) or Saxon (saxonche).

Stages 1-2 are pure XSLT and run on either engine with identical output.
The computing stages (4-7) call Python extension functions, which only lxml
can host (saxonche HE accepts `register_user_function` but never exposes the
function to XSLT), so they run on lxml: the stage table's `engines` column
says which stage runs where, and `for_stage` turns a request for Saxon into
lxml with one note on stderr (docs/architecture.md "Engines").

Stylesheet conventions both engines understand:

* `<xsl:message>` text is copied to stderr line by line (INFO/WARN lines).
* An error is `<xsl:message terminate="yes">` whose text is
  `error|LOCATION|MESSAGE`; LOCATION is a path of `/*[n]` steps into the
  input document (named template `locate` in `xslt/common.xsl`), which is
  turned into the input file's line number here.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from lxml import etree

from schism import deps, pipeline, resources, xmlio
from schism.errors import SchismError

ENGINES = ("lxml", "saxon")
EXT_NS = "urn:schism:ext"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"


def _xpath_literal(value: str) -> str:
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    parts = value.split("'")
    return "concat(" + ", \"'\", ".join(f"'{p}'" for p in parts) + ")"


def _report(messages: list[str], source: etree._ElementTree, url: str, out: TextIO) -> None:
    """Print INFO/WARN messages; raise the first `error|...` one, located."""
    for text in messages:
        text = text.strip("\n")
        if text.startswith("error|"):
            _, location, message = text.split("|", 2)
            element = None
            if location:
                try:
                    found = source.xpath(location)
                except etree.XPathError:
                    found = []
                if found and isinstance(found[0], etree._Element):
                    element = found[0]
            line = element.sourceline if element is not None else None
            raise SchismError(message, url, line, element)
        lines = text.splitlines()
        if lines:  # one write: a report can have tens of thousands of lines
            out.write("\n".join(lines) + "\n")


def _record(stylesheet: Path) -> None:
    """The stylesheet and every file it includes or imports are stage inputs."""
    for path in _closure(stylesheet.resolve()):
        deps.read(path)


@functools.cache
def _closure(stylesheet: Path) -> tuple[Path, ...]:
    """`stylesheet` and what it includes or imports, transitively."""
    seen: dict[Path, None] = {}
    todo = [stylesheet]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen[path] = None
        try:
            tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False,
                                                          no_network=True))
        except (OSError, etree.XMLSyntaxError):
            continue  # the engine reports it
        for step in tree.getroot().iterchildren(f"{{{XSL_NS}}}include", f"{{{XSL_NS}}}import"):
            href = step.get("href")
            if href and "://" not in href:
                todo.append((path.parent / href).resolve())
    return tuple(seen)


def run_lxml(
    name: str,
    source: etree._ElementTree,
    params: dict[str, str],
    url: str,
    extensions: dict[str, Callable] | None = None,
    out: TextIO = sys.stderr,
) -> etree._ElementTree:
    raised: list[BaseException] = []
    xslt = etree.XSLT(
        etree.parse(str(resources.stylesheet(name))),
        extensions={(EXT_NS, k): _wrap(v, raised) for k, v in (extensions or {}).items()},
        access_control=etree.XSLTAccessControl(
            read_network=False, write_network=False, create_dir=False, write_file=False
        ),
    )
    quoted = {k: etree.XSLT.strparam(v) for k, v in params.items()}
    try:
        result = xslt(source, **quoted)
    except etree.XSLTApplyError as e:
        if raised:
            raise raised[0] from None
        _report([m.message for m in xslt.error_log], source, url, out)
        raise SchismError(f"stylesheet {name}.xsl failed: {e}", url) from None
    if raised:
        raise raised[0]
    _report([m.message for m in xslt.error_log], source, url, out)
    return xmlio.kept(result)


def _wrap(fn: Callable, raised: list[BaseException]) -> Callable:
    """`fn` as an lxml extension function. lxml turns an exception into a
    generic XSLTApplyError, so the original goes into `raised` (one list per
    transformation) to be re-raised with its own message."""
    def call(_context, *args):
        try:
            return fn(*args)
        except Exception as e:  # a SchismError, or a bug with its own traceback
            raised.append(e)
            raise

    return call


_saxon = None


def run_saxon(
    name: str,
    source: etree._ElementTree,
    params: dict[str, str],
    url: str,
    out: TextIO = sys.stderr,
) -> etree._ElementTree:
    global _saxon
    import saxonche

    if _saxon is None:
        _saxon = saxonche.PySaxonProcessor(license=False)
    proc = _saxon
    compiler = proc.new_xslt30_processor()
    executable = compiler.compile_stylesheet(stylesheet_file=str(resources.stylesheet(name)))
    executable.set_save_xsl_message(True, None)
    for k, v in params.items():
        executable.set_parameter(k, proc.make_string_value(v))
    # The input goes over as text without its DOCTYPE: Saxon would otherwise
    # try to fetch the DTD the DOCTYPE names.
    root = source.getroot()
    nodes = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    text = "".join(etree.tostring(n, encoding="unicode", with_tail=False) for n in nodes)
    node = proc.parse_xml(xml_text=text)
    failed = None
    with _quiet_stderr():
        try:
            result = executable.transform_to_string(xdm_node=node)
        except Exception as e:  # PySaxonApiError; module name varies by edition
            failed = e
            result = None
    messages = executable.get_xsl_messages()
    texts = [m.string_value for m in messages] if messages is not None else []
    _report(texts, source, url, out)
    if failed is not None or result is None:
        raise SchismError(f"stylesheet {name}.xsl failed under Saxon: {failed}", url)
    return xmlio.parse_bytes(result.encode("utf-8"), url)


class _quiet_stderr:
    """Silence what Saxon's native code prints on fd 2 (we report ourselves)."""

    def __enter__(self):
        import tempfile

        sys.stderr.flush()
        self.saved = os.dup(2)
        self.tmp = tempfile.TemporaryFile()
        os.dup2(self.tmp.fileno(), 2)

    def __exit__(self, *exc):
        os.dup2(self.saved, 2)
        os.close(self.saved)
        self.tmp.close()


def run(
    engine: str,
    name: str,
    source: etree._ElementTree,
    params: dict[str, str],
    url: str,
    extensions: dict[str, Callable] | None = None,
    out: TextIO = sys.stderr,
) -> etree._ElementTree:
    """Apply `xslt/<name>.xsl` to `source` on `engine` (see `for_stage`)."""
    _record(resources.stylesheet(name))
    if engine == "saxon":
        if extensions:
            raise ValueError(f"{name}.xsl calls extension functions: Saxon cannot run it")
        return run_saxon(name, source, params, url, out)
    return run_lxml(name, source, params, url, extensions, out)


_noted_fallback = False


def for_stage(requested: str, stage: pipeline.Stage, out: TextIO = sys.stderr) -> str:
    """The engine that runs `stage`'s stylesheet: the one asked for when the
    stage table's `engines` allows it, else the stage's own, with an INFO
    line on stderr (the first time in this process: `schism build` runs four
    such stages)."""
    global _noted_fallback
    if requested in stage.engines:
        return requested
    if not _noted_fallback:
        _noted_fallback = True
        xslt = [s for s in pipeline.STAGES if s.stylesheet]
        able = [s.command for s in xslt if requested in s.engines]
        other = [s.command for s in xslt if s.engines[0] == stage.engines[0]
                 and requested not in s.engines]
        # an INFO line: it is no part of a failing stage's message (which
        # starts its stderr), and -q leaves it out
        print(f"INFO: engine {requested} runs {_words(able)}; {_words(other)} run on "
              f"{stage.engines[0]} (their stylesheets call Python extension functions)",
              file=out)
    return stage.engines[0]


def _words(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join(filter(None, (", ".join(names[:-1]), names[-1]))) if names else "none"


def file_uri(path: Path | str) -> str:
    return Path(path).resolve().as_uri()
