"""`schism ptdump`: output format, table selection, --va, errors; flag
decoding of ambiguous letters."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support.fixtures import GOLDEN

from schism import ptdump
from schism.cli import main
from schism.errors import SchismError

CASE = GOLDEN / "pt-arm-long" / "expected"


@pytest.fixture
def build(tmp_path) -> Path:
    for name in ("scenario_pagetables.xml", "pagetables"):
        shutil.copyfile(CASE / name, tmp_path / name)
    return tmp_path


def cli(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main(["ptdump", *map(str, args)])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_dump_all_tables(capsys, build):
    rc, out, _ = cli(capsys, build)
    assert rc == 0
    assert out == """\
hv:init (arm:long, table at 0x80008000; r g not in the entries: as the map says)
  0x80000000-0x80002fff -> 0x80000000 r-xg--- core_rx
  0xf0000000-0xf0002fff -> 0x80000000 r-xg--- core_rx
hv:0 (arm:long, table at 0x8000d000; r g not in the entries: as the map says)
  0xf0000000-0xf0002fff -> 0x80000000 r-xg--- core_rx
  0xf0200000-0xf05fffff -> 0x80200000 r--g--- blob
  0xf0600000-0xf0601fff -> 0x80601000 rw-g--- data+0x1000
  0xf0700000-0xf0700fff -> 0x80700000 rw---us shared
  0xf0800000-0xf0800fff -> 0x1c090000 rw-gd-- uart
vm:0 (arm:nested, table at 0x80010000; r g u not in the entries: as the map says)
  0x0-0x3fffffff -> 0x40000000 rwx---- vm_main[0]
  0x40000000-0x40000fff -> 0x1c090000 rw--d-- uart
"""


def test_one_table(capsys, build):
    rc, out, _ = cli(capsys, build, "vm:0")
    assert rc == 0 and out.splitlines()[0] == (
        "vm:0 (arm:nested, table at 0x80010000; r g u not in the entries: as the map says)")
    assert len(out.splitlines()) == 3


def test_translate_one_address(capsys, build):
    rc, out, _ = cli(capsys, build, "hv:0", "--va", "0xf0600123")
    assert (rc, out) == (0, "hv:0: 0xf0600123 -> 0x80601123 rw-g--- data+0x1000 "
                            "(level 2, entry 0x40000080601403 at 0x8000b000)\n")
    rc, out, _ = cli(capsys, build, "--va=3fffffff")
    assert rc == 0
    assert out == ("hv:init: 0x3fffffff not mapped\nhv:0: 0x3fffffff not mapped\n"
                   "vm:0: 0x3fffffff -> 0x7fffffff rwx---- vm_main[0] "
                   "(level 0, entry 0x400005fd at 0x80010000)\n")


def test_an_option_between_the_operands(capsys, build):
    """`ptdump O --va ADDR TABLE`: argparse alone took the table for an
    extra argument (the optional operand already taken as absent)."""
    rc, out, _ = cli(capsys, build, "--va", "0xf0600123", "hv:0")
    assert (rc, out) == (0, "hv:0: 0xf0600123 -> 0x80601123 rw-g--- data+0x1000 "
                            "(level 2, entry 0x40000080601403 at 0x8000b000)\n")


def test_unmapped_address_exits_1(capsys, build):
    rc, out, _ = cli(capsys, build, "hv:init", "--va", "0xf0003000")
    assert (rc, out) == (1, "hv:init: 0xf0003000 not mapped\n")


@pytest.mark.parametrize("args, message", [
    (["hv:7"], "schism: error: unknown table 'hv:7' (tables: hv:init, hv:0, vm:0)"),
    (["--va", "xyz"], "schism: error: --va: 'xyz' is not a hexadecimal number"),
])
def test_argument_errors(capsys, build, args, message):
    rc, out, err = cli(capsys, build, *args)
    assert rc == 1 and out == ""
    assert err.startswith(message)


@pytest.mark.parametrize("args, message", [
    (["--va"], "schism ptdump: error: argument --va: expected one argument"),
    (["hv:0", "vm:0"], "schism: error: unrecognized arguments: vm:0"),
    (["--bad"], "schism: error: unrecognized arguments: --bad"),
])
def test_usage_errors_exit_2(capsys, build, args, message):
    rc, out, err = cli(capsys, build, *args)
    assert rc == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_missing_files(capsys, tmp_path):
    rc, _, err = cli(capsys, tmp_path)
    assert rc == 1
    assert err == (f"schism: error: {tmp_path / 'scenario_pagetables.xml'} does not exist "
                   "(run the pagetables stage first)\n")


def test_truncated_file(capsys, build):
    data = (build / "pagetables").read_bytes()
    (build / "pagetables").write_bytes(data[:0x9000])
    rc, _, err = cli(capsys, build, "vm:0")
    assert rc == 1
    assert "table at 0x80010000 lies outside the pagetables file (0x80004000+0x9000)" in err


# --- flag decoding --------------------------------------------------------------

LEVEL = ptdump.WalkLevel(
    shift=12, width=9, bpe=8, dir_base=None, leaf_base=0x3,
    flags={"r": (0, 0), "w": (0, 0x80), "d": (0x4, 0x3c), "s": (0x200, 0)},
    pa_mask=0xfffffffff000)


def test_ambiguous_letters_are_question_marks():
    # r: both values 0 -> '?'; x, g, u: not flags of this level -> '?'
    assert ptdump.decode_flags(LEVEL, 0x1003 | 0x200 | 0x3c) == "?w??-?s"


def test_clear_values_and_mismatch():
    assert ptdump.decode_flags(LEVEL, 0x1003 | 0x80 | 0x4) == "?-??d?-"
    assert ptdump.decode_flags(LEVEL, 0x1003 | 0x8) == "?w??!?-"  # d: neither 0x4 nor 0x3c


def test_flags_match():
    assert ptdump.flags_match("?w??d?-", "rwd")
    assert ptdump.flags_match("?w??d?-", "wgd")  # g: '?' agrees with anything
    assert not ptdump.flags_match("?w??d?-", "rd")
    assert not ptdump.flags_match("?w??!?-", "rw")


def test_pointer_and_leaf_indistinguishable():
    level = ptdump.WalkLevel(shift=21, width=9, bpe=8, dir_base=0x3, leaf_base=0x1,
                             flags={}, pa_mask=0)
    with pytest.raises(SchismError, match="cannot tell a table pointer"):
        ptdump._is_pointer(level, 0x40003)
    assert ptdump._is_pointer(level, 0x40003 & ~0x2) is False


def _schism_imports(module) -> set[str]:
    import ast

    tree = ast.parse(Path(module.__file__).read_text())
    used = {(n.module, a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)
            for a in n.names if (n.module or "").startswith("schism")}
    used |= {(a.name, "") for n in ast.walk(tree) if isinstance(n, ast.Import)
             for a in n.names if a.name.startswith("schism")}
    return {m if m != "schism" else f"schism.{name}" for m, name in used}


def test_walker_shares_no_code_with_the_builder():
    from schism import spaces

    # spaces: what the XML says each table maps (the names ptdump prints)
    assert _schism_imports(ptdump) <= {
        "schism.xmlio", "schism.errors", "schism.ext.values", "schism.spaces"}
    assert _schism_imports(spaces) <= {"schism.xmlio", "schism.errors", "schism.ext.values"}


# --- names and the scenario's letters ----------------------------------------------


def test_unencoded_letters_per_format(build):
    dump = ptdump.load(build)
    assert ptdump.unencoded(dump.tables["hv:0"][1]) == "rg"  # arm:long
    assert ptdump.unencoded(dump.tables["vm:0"][1]) == "rgu"  # arm:nested
    assert ptdump.unencoded([LEVEL]) == "rxgu"


def test_scenario_flags_fill_only_what_the_entry_cannot_tell():
    assert ptdump.scenario_flags("?w-?d--", "rw-gd--") == "rw-gd--"
    assert ptdump.scenario_flags("?w-?d--", "-w---u-") == "-w--d--"  # the entry wins
    assert ptdump.scenario_flags("?w-?!--", None) == ".w-.!--"


def test_a_range_no_map_covers_is_named_no_map(capsys, build):
    import struct

    dump = ptdump.load(build)
    leaf = ptdump.translate(dump.image, *dump.tables["hv:0"][1:], 0xf0700000)
    data = bytearray((build / "pagetables").read_bytes())
    # copy the leaf of `shared` (0xf0700000) into the next, empty entry
    struct.pack_into("<Q", data, leaf.where - dump.image.base + 8, leaf.entry)
    (build / "pagetables").write_bytes(bytes(data))
    rc, out, _ = cli(capsys, build, "hv:0")
    assert rc == 0
    assert "  0xf0700000-0xf0700fff -> 0x80700000 rw---us shared\n" in out
    assert "  0xf0701000-0xf0701fff -> 0x80700000 .w-.-us (no map)\n" in out
    rc, out, _ = cli(capsys, build, "hv:0", "--va", "0xf0701008")
    assert out.startswith("hv:0: 0xf0701008 -> 0x80700008 .w-.-us (no map) (level 2, ")


def test_leaves_merge_only_within_one_map():
    from schism import spaces

    def m(va, label):
        region = spaces.Region(label, "memreq", va, 0x1000, "hypervisor", None, None)
        return spaces.MapRange(va, va, 0x1000, "rw-----", region, None, 0)

    leaves = [ptdump.Leaf(0x1000, 0x1000, 0x1000, "?w-----", 2, 0),
              ptdump.Leaf(0x2000, 0x2000, 0x1000, "?w-----", 2, 0)]
    assert [(x.size, name) for x, name in ptdump.named(leaves, [m(0x1000, "a"),
                                                                 m(0x2000, "b")])] == [
        (0x1000, "a"), (0x1000, "b")]
    one = [m(0x1000, "a")]
    one[0] = spaces.MapRange(0x1000, 0x1000, 0x2000, "rw-----", one[0].target, None, 0)
    assert [(x.size, name) for x, name in ptdump.named(leaves, one)] == [(0x2000, "a")]
