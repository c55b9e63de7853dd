"""`schism make-rules O`: the make rules of the stage table for build directory
O, written to `O/.deps/rules.mk`, which the Makefile includes (docs/builds.md).

Each stage row becomes one rule whose target is the stage's stamp
`O/.deps/<stage>.stamp`; its prerequisites are the row's inputs here and, in
the stage's own depfile `O/.deps/<stage>.d`, every other file it read. The
outputs depend on the stamp with an empty recipe, and stages leave an output
untouched when its content does not change, so make runs a later stage only
when a file it reads really changed. Stage 0 is the hypervisor's own make,
consulted on every run; its outputs' mtimes decide the rest.

The scenario is read here only for what make needs before stage 1 runs: the
CBI's name (the ELF is `<cbi>.elf`) and the variables the CBI passes to the
hypervisor's make.
"""

from __future__ import annotations

import re
from pathlib import Path

from schism import cbi, deps, pipeline, xmlio
from schism.errors import SchismError, at
from schism.stages import Context

RULES = "rules.mk"
# The build directory and the hypervisor variables go into make code and a
# shell command line unquoted: only these characters may appear.
_SAFE_PATH = re.compile(r"[A-Za-z0-9_./+,@%~-]+")
_SAFE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SAFE_VALUE = re.compile(r"[A-Za-z0-9_./+,@%~:-]*")


def _check_build_dir(build_dir: Path) -> str:
    text = str(build_dir)
    if not _SAFE_PATH.fullmatch(text):
        raise SchismError(f"build directory '{text}': make rules cannot name it (use only "
                          "letters, digits and _ . / + , @ % ~ -)")
    return text


def hypervisor_variables(scenario) -> list[str]:
    """`NAME=value` words the CBI wants on stage 0's make command line."""
    plugin = cbi.of(scenario)
    variables = cbi.hypervisor_make_variables(plugin, scenario)
    words = []
    for name, value in variables.items():
        if not _SAFE_NAME.fullmatch(name) or not _SAFE_VALUE.fullmatch(str(value)):
            raise at(scenario.getroot(), f"scenario cbi: CBI '{plugin.name}' asks to pass "
                     f"{name}={value!r} to the hypervisor's make, which a command line "
                     "cannot hold unquoted")
        words.append(f"{name}={value}")
    return words


def _stamp(stage: pipeline.Stage) -> str:
    return f"$(O)/{deps.DIR}/{stage.key}.stamp"


def _files(names: tuple[str, ...], cbi_name: str) -> str:
    return " ".join(f"$(O)/{pipeline.file_name(n, cbi_name)}" for n in names)


def _stage_rule(stage: pipeline.Stage, cbi_name: str) -> list[str]:
    outputs = _files(stage.outputs, cbi_name)
    after = _files(stage.after, cbi_name)
    return [
        f"# stage {stage.number}: schism {stage.goal} -- {stage.summary}",
        f"$(call schism_missing,{outputs},{_stamp(stage)})",
        f"{_stamp(stage)}: {_files(stage.inputs, cbi_name)}{' ' + after if after else ''} "
        "$(SCHISM_VARIABLES)",
        f"\t$(RUN) {stage.command} $(O){''.join(' ' + a for a in stage.args)}",
        f"{outputs}: {_stamp(stage)} ;",
        "",
    ]


def _hypervisor_rule(stage: pipeline.Stage, cbi_name: str) -> list[str]:
    outputs = _files(stage.outputs, cbi_name)
    first = pipeline.file_name(stage.outputs[0], cbi_name)
    return [
        f"# stage {stage.number}: {stage.summary}.",
        "# Its own make decides what to rebuild; the files it writes are listed",
        f"# in O/{deps.DIR}/hypervisor.written for `make clean`.",
        "ifneq ($(HYPERVISOR_SRC),)",
        f"{outputs} &: {_files(stage.inputs, cbi_name)} FORCE",
        "\t$(schism_hypervisor_begin)",
        "\t$(MAKE) -C $(HYPERVISOR_SRC) O=$(abspath $(O)) $(SCHISM_HYPERVISOR_VARIABLES)",
        "\t$(schism_hypervisor_end)",
        "else",
        f"{outputs}:",
        f'\t@echo "$@: error: missing prebuilt hypervisor file; provide $(O)/{first} and" \\',
        '\t      "$(O)/invoke_gcc.cmd, or set HYPERVISOR_SRC=dir to build them" >&2',
        "\t@exit 1",
        "endif",
        "",
    ]


def _goals(cbi_name: str) -> list[str]:
    """`make O=dir <word>`: the outputs of the first row the word names, and
    so every stage they need (`generate-config`: stage 3's source,
    `compile-config`: its object; `report` alone needs no image). The goal
    lists the outputs of every stage it needs in table order, so make looks
    at a stage only after the stages before it (schism/chain.py)."""
    from schism import chain

    first: dict[str, pipeline.Stage] = {}
    for stage in pipeline.STAGES:
        first.setdefault(stage.command or "hypervisor", stage)
    lines = []
    for word, stage in first.items():
        keys = chain.closure([stage])
        outputs = tuple(o for s in pipeline.STAGES if s.key in keys for o in s.outputs)
        lines.append(f"{word}: {_files(outputs, cbi_name)}")
    lines.append(f".PHONY: {' '.join(first)}")
    return lines


def rules(build_dir: Path, scenario) -> str:
    """The text of O/.deps/rules.mk."""
    _check_build_dir(build_dir)
    root = scenario.getroot()
    cbi.of(scenario)  # a CBI schism knows, or a located error
    cbi_name = root.get("cbi", "")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", cbi_name):
        raise at(root, f"scenario cbi: '{cbi_name}' cannot name the hypervisor ELF in make "
                       "rules (letters, digits, _ . -)")
    everything = tuple(o for s in pipeline.BUILD_ORDER for o in s.outputs)
    lines = [
        "# The stage table (schism/pipeline.py) as make rules for this build",
        "# directory; written by `schism make-rules` (docs/builds.md): do not edit.",
        f"SCHISM_CBI := {cbi_name}",
        f"SCHISM_HYPERVISOR_VARIABLES := {' '.join(hypervisor_variables(scenario))}",
        f"SCHISM_ALL := {_files(everything, cbi_name)}",
        "",
    ]
    for stage in pipeline.STAGES:
        if stage.command is None:
            lines += _hypervisor_rule(stage, cbi_name)
        else:
            lines += _stage_rule(stage, cbi_name)
    lines += _goals(cbi_name)
    return "\n".join(lines) + "\n"


def run(ctx: Context) -> None:
    path = ctx.path("scenario.xml")
    scenario = xmlio.parse_file(path)
    text = rules(ctx.build_dir, scenario)
    target = ctx.path(deps.DIR) / RULES
    target.parent.mkdir(exist_ok=True)
    # Always rewritten: it must end up newer than what it was made from, or
    # make would run this again on every call.
    data = text.encode()
    with deps.unrecorded():
        target.unlink(missing_ok=True)
    xmlio.write_atomic(target, data)
