"""compile-config 1|2 (docs/cbi.md 3.2, 8.2) with the host gcc: the
Phidias output against stand-in headers (tests/cbi/phidias_stub), and a tiny
plain-C test CBI for the generic paths (errors, temp files)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from elftools.elf.elffile import ELFFile
from support import run_cli
from support.fixtures import EPOCH, GOLDEN

from schism import cbi
from schism.cbi.phidias import PhidiasCBI
from schism.errors import SchismError
from schism.stages import compile_config

from .helpers import context

pytestmark = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs the host gcc")

STUB = Path(__file__).resolve().parent / "phidias_stub"
GCC = "gcc -nostdlib -static -no-pie -fno-pic -ffreestanding -O0"


def _loads(path: Path) -> list[tuple[int, int, int]]:
    """(vaddr, memsz, flags) of every PT_LOAD segment."""
    with path.open("rb") as f:
        return [(s["p_vaddr"], s["p_memsz"], s["p_flags"]) for s in ELFFile(f).iter_segments()
                if s["p_type"] == "PT_LOAD"]


def _symbol(path: Path, name: str) -> int:
    with path.open("rb") as f:
        return ELFFile(f).get_section_by_name(".symtab").get_symbol_by_name(name)[0]["st_value"]


@pytest.fixture
def phidias_build(tmp_path, monkeypatch):
    """A build dir with the phidias-guests case's generated sources."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    case = GOLDEN / "phidias-guests"
    for name in ("scenario_reparented.xml", "scenario_pagetables.xml"):
        shutil.copyfile(case / name, tmp_path / name)
    for name in ("scenario_config.c", "scenario_config_real.c", "config_base.lds"):
        shutil.copyfile(case / "expected" / name, tmp_path / name)
    (tmp_path / "invoke_gcc.cmd").write_text(f"{GCC} -I{STUB}\n")
    return tmp_path


def test_iteration_1_links_at_placeholder(phidias_build, capsys):
    rc, err = run_cli(capsys, "compile-config", phidias_build, "1")
    assert rc == 0, err
    xo = phidias_build / "scenario_config.xo"
    loads = _loads(xo)
    assert [flags for _, _, flags in loads] == [4, 6, 6]  # r, rw, rw(s)
    assert loads[0][0] == compile_config.PLACEHOLDER_START
    assert _symbol(xo, "_specification") == compile_config.PLACEHOLDER_START
    for (start, size, _), (following, _, _) in zip(loads, loads[1:], strict=False):
        assert start % 0x1000 == 0 and size % 0x1000 == 0 and start + size == following
    assert not list(phidias_build.glob(".*.tmp"))


def test_iteration_2_links_at_config_start(phidias_build, capsys):
    rc, err = run_cli(capsys, "compile-config", phidias_build, "2")
    assert (rc, err) == (0, "")  # no linker warning either (build-id note kept out)
    xo = phidias_build / "scenario_config_real.xo"
    loads = _loads(xo)
    assert len(loads) == 3
    assert loads[0][0] == 0x8000005000  # config_base.lds: the config_r map's VA
    assert _symbol(xo, "_specification") == 0x8000005000
    placeholder_rws = _symbol(xo, "__placeholder_rws")
    assert loads[2][0] <= placeholder_rws < loads[2][0] + loads[2][1]


def test_reproducible(phidias_build, capsys):
    assert run_cli(capsys, "compile-config", phidias_build, "2")[0] == 0
    first = (phidias_build / "scenario_config_real.xo").read_bytes()
    assert run_cli(capsys, "compile-config", phidias_build, "2")[0] == 0
    assert (phidias_build / "scenario_config_real.xo").read_bytes() == first


# --- a plain-C test CBI ----------------------------------------------------------

PLAIN_C = """\
#define SEC_ROH __attribute__((section(".rodata_head")))
#define SEC_RO __attribute__((section(".rodata")))
#define SEC_RW __attribute__((section(".data")))
#define SEC_RWS __attribute__((section(".data_shared")))
SEC_ROH const unsigned long head[2] = { 0x1234, {iteration} };
SEC_RO const unsigned long table[700] = { 1 };
SEC_RW unsigned int rw_word = 0xbeef;
SEC_RWS unsigned int rws_word = 0x7ee1beef;
{extra}
"""


class PlainCBI:
    """Plain C (no headers), linked with the Phidias config linker script."""

    name = "plainc"
    default_hypervisor = PhidiasCBI.default_hypervisor
    config_linker_script = PhidiasCBI.config_linker_script
    extra = ""

    def makeconf(self, scenario) -> str:
        return ""

    def generate_config(self, scenario, iteration: int) -> str:
        return PLAIN_C.replace("{iteration}", str(iteration)).replace("{extra}", self.extra)


@pytest.fixture
def plain(tmp_path):
    plugin = PlainCBI()
    cbi.register("plainc", lambda: plugin)
    xml = '<scenario version="1.00" cbi="plainc" image="raw"/>\n'
    (tmp_path / "scenario_reparented.xml").write_text(xml)
    (tmp_path / "invoke_gcc.cmd").write_text(GCC + "\n")
    yield tmp_path, plugin
    cbi.unregister("plainc")


def _source(build: Path, plugin: PlainCBI) -> None:
    (build / "scenario_config.c").write_text(plugin.generate_config(None, 1))


def test_plain_cbi_three_segments(plain):
    build, plugin = plain
    _source(build, plugin)
    compile_config.run(context(build, "compile-config", "1", io.StringIO()))
    loads = _loads(build / "scenario_config.xo")
    assert [(size, flags) for _, size, flags in loads] == [(0x2000, 4), (0x1000, 6), (0x1000, 6)]


def test_compile_error_quotes_generated_line(plain):
    build, plugin = plain
    plugin.extra = "SEC_RW unsigned int broken = undefined_thing;\n"
    _source(build, plugin)
    out = io.StringIO()
    with pytest.raises(SchismError) as e:
        compile_config.run(context(build, "compile-config", "1", out))
    source = build / "scenario_config.c"
    assert e.value.file == str(source) and e.value.line == 9
    assert str(e.value).startswith(f"{source}:9: error: gcc failed: ")
    assert "undefined_thing" in str(e.value)
    assert "in generated line `SEC_RW unsigned int broken = undefined_thing;`" in str(e.value)
    assert "undefined_thing" in out.getvalue()  # the compiler's own output is shown
    assert not (build / "scenario_config.xo").exists()
    assert not list(build.glob(".*.tmp"))


def test_warning_is_an_error(plain):
    build, plugin = plain
    plugin.extra = "SEC_RW unsigned int *pointer = 5;\n"
    _source(build, plugin)
    with pytest.raises(SchismError, match=r"gcc failed: .*in generated line"):
        compile_config.run(context(build, "compile-config", "1", io.StringIO()))
    assert not (build / "scenario_config.xo").exists()


def test_failed_compile_keeps_previous_object(plain):
    build, plugin = plain
    (build / "scenario_config.xo").write_bytes(b"old")
    plugin.extra = "#error stop\n"
    _source(build, plugin)
    with pytest.raises(SchismError, match="#error stop"):
        compile_config.run(context(build, "compile-config", "1", io.StringIO()))
    assert (build / "scenario_config.xo").read_bytes() == b"old"


@pytest.mark.parametrize("content, message", [
    ("", "invoke_gcc.cmd is empty"),
    ("no-such-compiler-xyz -c\n", "invoke_gcc.cmd: cannot run 'no-such-compiler-xyz'"),
])
def test_bad_compiler_command(plain, content, message):
    build, plugin = plain
    _source(build, plugin)
    (build / "invoke_gcc.cmd").write_text(content)
    with pytest.raises(SchismError, match=message):
        compile_config.run(context(build, "compile-config", "1", io.StringIO()))


@pytest.mark.parametrize("missing", ["scenario_config.c", "invoke_gcc.cmd"])
def test_missing_input(plain, missing):
    build, plugin = plain
    _source(build, plugin)
    (build / missing).unlink()
    with pytest.raises(SchismError, match=f"{missing} does not exist"):
        compile_config.run(context(build, "compile-config", "1", io.StringIO()))


def test_iteration_2_needs_config_base(phidias_build, capsys):
    (phidias_build / "config_base.lds").unlink()
    rc, err = run_cli(capsys, "compile-config", phidias_build, "2")
    assert rc == 1 and "config_base.lds does not exist" in err
