"""Stages 3 and 8, `schism compile-config O 1|2`: compile the configuration
source into an ELF object with the CBI's config linker script (docs/cbi.md
3.2, 8.2):

    $(cat invoke_gcc.cmd) -Werror -fno-zero-initialized-in-bss
        -Wl,-T<linker script>,--unresolved-symbols=ignore-all
        [config_base.lds] scenario_config[_real].c -o scenario_config[_real].xo

The linker script starts the object at CONFIG_START. Iteration 2 defines it
in `config_base.lds` (given to the linker as an implicit script); iteration 1
only measures sizes, so it links at a fixed placeholder (--defsym), the
CBI's `config_placeholder_start` if it has one.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from lxml import etree

from schism import cbi, deps, xmlio
from schism.errors import SchismError
from schism.ext.values import format_hex
from schism.stages import Context

COMMAND_FILE = "invoke_gcc.cmd"
# Page aligned and below 4 GiB, so it suits 32- and 64-bit targets alike.
PLACEHOLDER_START = 0xEEEEE000


def run(ctx: Context) -> None:
    n = ctx.iteration
    # The table's row: the C source, [config_base.lds,] the compiler command
    # and the XML that names the CBI.
    *sources, command, xml = ctx.stage.inputs
    assert command == COMMAND_FILE
    plugin = cbi.of(_root_only(ctx.path(xml)))
    for name in (*sources, command):
        if not ctx.path(name).exists():
            raise SchismError(f"{ctx.path(name)} does not exist (run the previous stage first)")
    if n == 1:
        start = getattr(plugin, "config_placeholder_start", PLACEHOLDER_START)
        linker = [f"--defsym=CONFIG_START={format_hex(start)}"]
    else:
        linker = []  # config_base.lds defines CONFIG_START
    source = sources[0]
    inputs = [*sources[1:], source]  # implicit linker script first, as the original
    script = Path(plugin.config_linker_script).resolve()
    deps.read(script)
    compile_object(ctx, script, linker, inputs, ctx.output)


def compiler_command(ctx: Context) -> list[str]:
    """invoke_gcc.cmd split as the shell's `$(cat ...)` splits it."""
    data = xmlio.read_file(ctx.path(COMMAND_FILE), " (stage 0 writes it)")
    words = data.decode("utf-8", "replace").split()
    if not words:
        raise SchismError(f"{ctx.path(COMMAND_FILE)} is empty (stage 0 writes the compiler "
                          "command there)")
    return words


def compile_object(ctx: Context, script: Path, linker: list[str], inputs: list[str],
                   output: str) -> None:
    """Compile and link into a temporary name in O, renamed to `output` on success."""
    fd, tmp = xmlio.mkstemp(f".{output}.", ".tmp", ctx.build_dir)
    os.close(fd)
    os.unlink(tmp)  # a unique name only: the linker creates the file with its usual mode
    depfile = tmp + ".d"
    command = compiler_command(ctx) + [
        "-Werror", "-fno-zero-initialized-in-bss",
        ",".join([f"-Wl,-T{script}", "--unresolved-symbols=ignore-all", *linker]),
        *inputs, "-o", os.path.basename(tmp),
        # The headers the source includes are inputs too (docs/builds.md).
        "-MD", "-MF", os.path.basename(depfile),
    ]
    try:
        try:
            done = subprocess.run(command, cwd=ctx.build_dir, capture_output=True, text=True,
                                  check=False)
        except OSError as e:
            raise SchismError(f"{ctx.path(COMMAND_FILE)}: cannot run '{command[0]}': "
                              f"{e.strerror}") from None
        messages = (done.stdout + done.stderr).rstrip("\n")
        if messages:
            print(messages, file=ctx.out)
        if done.returncode != 0:
            raise _failure(ctx, command[0], done.returncode, messages, inputs[-1])
        for header in _included(depfile):
            deps.read(ctx.build_dir / header)
        with deps.unrecorded(), open(tmp, "rb") as f:
            data = f.read()
        if not xmlio.same_content(ctx.path(output), data):  # else keep its mtime
            os.replace(tmp, ctx.path(output))
    finally:
        for name in (tmp, depfile):
            if os.path.exists(name):
                os.unlink(name)


def _included(depfile: str) -> list[str]:
    """The prerequisites of the compiler's make-style dependency file."""
    try:
        with deps.unrecorded(), open(depfile, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except FileNotFoundError:
        return []
    words = re.split(r"(?<!\\)\s+", text.replace("\\\n", " "))
    names = [w.replace("\\ ", " ") for w in words if w]
    return names[1:] if names and names[0].endswith(":") else names


_DIAGNOSTIC = re.compile(r"^(?P<file>[^:\n]+):(?P<line>\d+):(?:\d+:)? (?:fatal )?error: "
                         r"(?P<msg>.*)$", re.M)


def _failure(ctx: Context, compiler: str, status: int, messages: str, source: str):
    """The first compiler error, located in the generated source and quoting
    the generated line it complains about."""
    for m in _DIAGNOSTIC.finditer(messages):
        if Path(m["file"]).name != source:
            continue
        number = int(m["line"])
        lines = ctx.path(source).read_text(encoding="utf-8", errors="replace").splitlines()
        quoted = lines[number - 1].strip() if 0 < number <= len(lines) else ""
        return SchismError(f"{compiler} failed: {m['msg']} in generated line `{quoted}`",
                           str(ctx.path(source)), number)
    last = messages.splitlines()[-1] if messages else "no output"
    return SchismError(f"{compiler} failed (exit {status}): {last}", str(ctx.path(source)))


def _root_only(path: Path) -> etree._ElementTree:
    """The document element of `path` (attributes only: the CBI's name)."""
    deps.read(path)
    with xmlio.open_regular(path, " (run the previous stage first)") as f:
        parser = etree.iterparse(f, events=("start",), resolve_entities=False,
                                 no_network=True, load_dtd=False, huge_tree=True)
        try:
            for _, element in parser:
                root = etree.Element(element.tag, dict(element.attrib))
                tree = etree.ElementTree(root)
                tree.docinfo.URL = str(path)
                return tree
        except etree.XMLSyntaxError as e:
            raise SchismError(f"malformed XML: {e.msg}", str(path), e.lineno) from None
    raise SchismError("empty document", str(path))
