"""One module per stage; each has `run(ctx)`. This package holds what they share:
the build context and the read-validate-transform-validate-write cycle."""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from schism import deps, engine, library, pipeline, resources, validate, xmlio
from schism.errors import SchismError

if TYPE_CHECKING:
    from typing import TextIO


class Context:
    """What a stage's `run(ctx)` gets. `stage` is the stage-table row being run
    (its `args`, e.g. ("1",) for generate-config 1, tell the iteration);
    `args` are the command-line arguments that follow them."""

    def __init__(
        self,
        build_dir: Path,
        engine: str = "lxml",
        xmllib: list[str] | None = None,
        args: list[str] | None = None,
        out: TextIO | None = None,
        stage: pipeline.Stage | None = None,
    ):
        self.build_dir = build_dir
        self.engine = engine
        self.xmllib = [] if xmllib is None else xmllib
        self.args = [] if args is None else args
        self.out = sys.stderr if out is None else out
        self.stage = stage

    def __repr__(self) -> str:
        return (f"Context(build_dir={self.build_dir!r}, engine={self.engine!r}, "
                f"xmllib={self.xmllib!r}, args={self.args!r}, out={self.out!r}, "
                f"stage={self.stage!r})")

    @property
    def iteration(self) -> int:
        """1 or 2 for the configuration stages (3, 8)."""
        assert self.stage is not None and self.stage.args
        return int(self.stage.args[0])

    def path(self, name: str) -> Path:
        return self.build_dir / name

    def file(self, template: str, cbi: str | None = None) -> Path:
        """One of this stage's files as the stage table names it (`{cbi}.elf`
        with the CBI's name), in O: the table stays the one list of them."""
        assert self.stage is not None, "the stage-table row is not set"
        if template not in self.stage.inputs + self.stage.outputs:
            raise KeyError(f"{template} is not a file of stage {self.stage.key}")
        return self.path(pipeline.file_name(template, cbi))

    @property
    def input(self) -> str:
        """The stage's main input (the first in its table row)."""
        assert self.stage is not None, "the stage-table row is not set"
        return self.stage.inputs[0]

    @property
    def output(self) -> str:
        """The stage's main output (the first in its table row)."""
        assert self.stage is not None, "the stage-table row is not set"
        return self.stage.outputs[0]

    def library_dirs(self, cbi_dir: Path | None = None) -> list[Path]:
        """The library search path; `cbi_dir`: the scenario's CBI's library."""
        return library.search_dirs(self.xmllib, cbi_dir)

    def info(self, message: str) -> None:
        print(message, file=self.out)


# Digests of the outputs this build directory's stages validated and wrote.
# The next stage reads such a file without validating the very same bytes a
# second time; any other content (an edit by hand, another schism) is checked.
VALIDATED = ".schism-validated"

try:  # hashlib's own blake2b, without loading OpenSSL for hashlib's other hashes
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b as _blake2b


def _digest(data: bytes) -> str:
    deps.read(resources.dtd())  # the digest stands for a validation against it
    h = _blake2b(data, digest_size=16)
    h.update(_validator_key())
    return h.hexdigest()


@functools.cache
def _validator_key() -> bytes:
    """Changes whenever the rules that validated a file may have changed."""
    h = _blake2b(digest_size=16)
    for path in (resources.dtd(), Path(validate.__file__)):
        h.update(path.read_bytes())
    return h.digest()


def _validated(ctx: Context) -> dict[str, str]:
    """The record; one that is missing or unreadable trusts nothing."""
    path = ctx.path(VALIDATED)
    if not path.is_file():
        return {}
    try:
        lines = xmlio.read_file(path).decode("utf-8", "replace").splitlines()
    except SchismError:
        return {}
    return dict(reversed(line.split(" ", 1)) for line in lines if " " in line)


def _record_validated(ctx: Context, name: str, digest: str) -> None:
    path = ctx.path(VALIDATED)
    if path.exists() and not path.is_file():
        raise SchismError(f"{path} is not a regular file: schism keeps its record of validated "
                          "files there (remove it)")
    known = _validated(ctx)
    known[name] = digest
    text = "".join(f"{d} {n}\n" for n, d in sorted(known.items()))
    xmlio.write_atomic(ctx.path(VALIDATED), text.encode())


def read_input(ctx: Context, name: str, **checks) -> etree._ElementTree:
    """Parse and validate a stage input (`checks` go to `validate.check`)."""
    path = ctx.path(name)
    data = xmlio.read_file(path, " (run the previous stage first)")
    tree = xmlio.parse_bytes(data, str(path))
    if checks or _validated(ctx).get(name) != _digest(data):
        validate.check(tree, str(path), **checks)
    return tree


def write_output(ctx: Context, name: str, tree: etree._ElementTree) -> None:
    """Validate the result as the file it becomes, then write it atomically."""
    path = ctx.path(name)
    if isinstance(tree, etree._XSLTResultTree):
        data = bytes(tree)  # libxslt writes the canonical form (xslt/common.xsl)
    else:
        data = xmlio.serialize(tree)
    try:
        validate.check(tree, str(path))
    except SchismError:
        # Once more on the text as it would be written, for line numbers.
        validate.check(xmlio.parse_bytes(data, str(path)), str(path))
        raise
    xmlio.write_atomic(path, data)
    _record_validated(ctx, name, _digest(data))


def xslt_stage(
    ctx: Context,
    source: etree._ElementTree,
    params: dict[str, str] | None = None,
    extensions=None,
) -> etree._ElementTree:
    """Apply the stage's stylesheet (its table row names it) to `source` and
    write the result as the stage's output."""
    assert ctx.stage is not None and ctx.stage.stylesheet, "a stage with a stylesheet"
    stylesheet = ctx.stage.stylesheet
    url = source.docinfo.URL or stylesheet
    result = engine.run(
        ctx.engine, stylesheet, source, params or {}, url, extensions=extensions, out=ctx.out
    )
    write_output(ctx, ctx.output, result)
    return result
