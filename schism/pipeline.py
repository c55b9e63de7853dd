"""The stage table: the single list of stages with their inputs and outputs.

The CLI (`schism --help`, `schism <stage>`), the Makefile's `make help`
(through `schism stages`) and the tests read it. File names are relative to
the build directory O; `{cbi}` stands for `scenario/@cbi` (`{cbi}.elf`: the
CBI's `hypervisor_elf` when it names another file, `schism.cbi.hypervisor_elf`).
"""

from __future__ import annotations

import importlib


class Stage:
    """One row of the table. (A plain class rather than a frozen dataclass:
    every schism process imports the table, and generating a dataclass's
    methods is a measurable part of a small stage's run.)"""

    __slots__ = ("number", "command", "inputs", "outputs", "summary", "module", "stylesheet",
                 "args", "optional_outputs", "after", "engines")

    def __init__(
        self,
        number: str,
        command: str | None,  # the `schism <command> O` word; None: not run by schism
        inputs: tuple[str, ...],
        outputs: tuple[str, ...],
        summary: str,
        module: str | None = None,  # schism.stages.<module>.run(ctx)
        stylesheet: str | None = None,  # xslt/<name>.xsl, for stages that have one
        args: tuple[str, ...] = (),
        # Outputs written only when the scenario asks for them (no make target).
        optional_outputs: tuple[str, ...] = (),
        # Outputs of other stages that must have succeeded first, though this
        # stage does not read them (combine waits for verify).
        after: tuple[str, ...] = (),
        # The XSLT engines that can run the stylesheet, the default first:
        # stages whose stylesheets call Python extension functions need lxml.
        engines: tuple[str, ...] | None = None,
    ):
        if engines is None:
            engines = ("lxml",) if stylesheet else ()
        for name, value in zip(self.__slots__, (number, command, inputs, outputs, summary, module,
                                                stylesheet, args, optional_outputs, after,
                                                engines),
                               strict=True):
            object.__setattr__(self, name, value)

    def _fields(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"cannot assign to field '{name}'")  # frozen

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Stage):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return "Stage(" + ", ".join(f"{n}={v!r}" for n, v in zip(self.__slots__, self._fields(),
                                                                 strict=True)) + ")"

    @property
    def key(self) -> str:
        """The stage's name in O/.deps and make: `expand`, `generate-config-1`."""
        return "-".join((self.command or "hypervisor", *self.args))

    @property
    def goal(self) -> str:
        """`schism <command> O <args>` as the words make prints."""
        return " ".join((self.command or "hypervisor", *self.args))


# Stages 1-2 are pure XSLT 1.0 and run on either engine with the same bytes.
XSLT_ENGINES = ("lxml", "saxon")

STAGES: tuple[Stage, ...] = (
    Stage("-1", "precompile", ("scenario.xml",), ("Makeconf",),
          "hypervisor build configuration (CBI)", "precompile"),
    Stage("0", None, ("Makeconf",), ("{cbi}.elf", "invoke_gcc.cmd"),
          "hypervisor build (HYPERVISOR_SRC=dir, or prebuilt files in O)"),
    Stage("1", "expand", ("scenario.xml",), ("scenario_expanded.xml",),
          "import board/arch, default cpumaps, default hypervisor memreqs and maps",
          "expand", "expand", engines=XSLT_ENGINES),
    Stage("2", "reparent", ("scenario_expanded.xml",), ("scenario_reparented.xml",),
          "default memory, forced maps, memreqs moved to <memory>, map flags",
          "reparent", "reparent", engines=XSLT_ENGINES),
    Stage("3", "generate-config", ("scenario_reparented.xml",), ("scenario_config.c",),
          "stub configuration source (CBI), iteration 1", "generate_config", args=("1",)),
    Stage("3", "compile-config",
          ("scenario_config.c", "invoke_gcc.cmd", "scenario_reparented.xml"),
          ("scenario_config.xo",),
          "compile it with the CBI's config linker script", "compile_config", args=("1",)),
    Stage("4", "measure", ("scenario_reparented.xml", "{cbi}.elf", "scenario_config.xo"),
          ("scenario_measured.xml",),
          "measure core, config, page-table estimate and payload files",
          "measure", "measure"),
    Stage("5", "layout-memory", ("scenario_measured.xml",), ("scenario_p_laidout.xml",),
          "place memory requests in physical memory", "layout_memory", "layout-memory"),
    Stage("6", "layout-map", ("scenario_p_laidout.xml",), ("scenario_v_laidout.xml",),
          "place hypervisor maps in virtual memory", "layout_map", "layout-map"),
    Stage("7", "pagetables", ("scenario_v_laidout.xml",),
          ("scenario_pagetables.xml", "pagetables"),
          "build the page tables", "pagetables", "pagetables"),
    # verify and report also read scenario_expanded.xml, when it is there, for
    # who owns each memreq (their depfiles record it).
    Stage("7", "verify", ("scenario_pagetables.xml", "pagetables"), ("verify.txt",),
          "check the binary tables against the XML and the isolation rules", "verify"),
    Stage("8", "generate-config", ("scenario_pagetables.xml",),
          ("scenario_config_real.c", "config_base.lds"),
          "final configuration source (CBI), iteration 2", "generate_config", args=("2",)),
    Stage("8", "compile-config",
          ("scenario_config_real.c", "config_base.lds", "invoke_gcc.cmd",
           "scenario_pagetables.xml"),
          ("scenario_config_real.xo",),
          "compile it at the config's final address", "compile_config", args=("2",)),
    Stage("9", "combine",
          ("scenario_pagetables.xml", "{cbi}.elf", "scenario_config_real.xo", "pagetables"),
          ("image",), "concatenate the boot image (raw, uimage, efi-pe)", "combine",
          optional_outputs=("uimage", "image.efi"), after=("verify.txt",)),
    Stage("9", "report", ("scenario_pagetables.xml",), ("memory-map.txt", "memory-map.svg"),
          "memory map: where everything was placed, what each table maps", "report"),
)

# The stages `schism build O` runs, in order (stage 0 is make's business).
BUILD_ORDER: tuple[Stage, ...] = tuple(s for s in STAGES if s.command)


HYPERVISOR_ELF = "{cbi}.elf"


def file_name(template: str, cbi: str | None = None) -> str:
    """A table file name in O: `{cbi}.elf` is the hypervisor ELF the CBI
    `cbi` names (`<cbi>.elf` unless it says otherwise)."""
    if template == HYPERVISOR_ELF:
        if cbi is None:
            raise KeyError(f"{template} needs the CBI's name")
        from schism import cbi as registry

        return registry.hypervisor_elf(cbi)
    return template


def by_command(command: str) -> list[Stage]:
    return [s for s in STAGES if s.command == command]


def by_key(key: str) -> Stage:
    for s in STAGES:
        if s.key == key:
            return s
    raise KeyError(key)


def by_number(number: str) -> Stage:
    for s in STAGES:
        if s.number == number:
            return s
    raise KeyError(number)


def runner(stage: Stage):
    """The stage's `run(ctx)` function (imported lazily: fast start-up)."""
    if stage.module is None:
        raise KeyError(f"stage {stage.number} is not run by schism")
    return importlib.import_module(f"schism.stages.{stage.module}").run


def describe() -> str:
    """The stage table as text, for `schism --help` and `make help`."""
    width = max(len(", ".join(s.inputs)) for s in STAGES) + 1
    lines = [f"{'stage':>5}  {'command':<22} {'inputs':<{width}} outputs"]
    for s in STAGES:
        cmd = (s.command + (" " + " ".join(s.args) if s.args else "")) if s.command else "(make)"
        lines.append(f"{s.number:>5}  {cmd:<22} {', '.join(s.inputs):<{width}} "
                     f"{', '.join(s.outputs)}")
        summary = s.summary
        if s.stylesheet:
            summary += f" [xslt/{s.stylesheet}.xsl on {' or '.join(s.engines)}]"
        lines.append(f"{'':>5}  {'':<22} {summary}")
    return "\n".join(lines)
