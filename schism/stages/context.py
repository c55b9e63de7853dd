"""The build context a stage's `run(ctx)` gets."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from schism import library, pipeline

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
        # The stage's input tree does not hold its file's line numbers (handed
        # on in memory, or parsed without its indentation: xmlstage.py):
        # cli.run_stage runs a stage that fails again, on the file parsed whole.
        self.lines_unknown = False

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


