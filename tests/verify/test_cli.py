"""`schism verify O`: summary, exit status, O/verify.txt, one-line errors."""

from __future__ import annotations

from schism.cli import main

from .helpers import Entry, copy_case, rebuild

SUMMARY = """\
verify: pagetables against scenario_pagetables.xml
  space    format         maps  entries   pages  mapped    errors
  hv:init  arm64:g4io40      2        4       4  16 KiB         0
  hv:0     arm64:g4io40      6        8  262662  ~1.0 GiB       0
  hv:1     arm64:g4io40      5        7  262661  ~1.0 GiB       0
  vm1:0    arm64:g4io40n     4        7    1029  4116 KiB       0
  vm1:1    arm64:g4io40n     4        7    1029  4116 KiB       0
  vm2:0    arm64:g4io40n     1        1  262144  1 GiB          0
not in the entries, so not checked: arm64:g4io40: r g u; arm64:g4io40n: r g u
address spaces: 6 (6 with tables); maps: 22; entries: 34; pages: 789529
shared regions: 0 (0 not declared with s)
violations: 0 errors, 0 warnings
verify: ok
"""


def cli(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()
    rc = main([str(a) for a in args])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_ok_prints_the_summary_and_writes_verify_txt(capsys, tmp_path):
    build = copy_case("pt-arm64", tmp_path)
    rc, out, err = cli(capsys, "verify", build)
    assert (rc, out, err) == (0, SUMMARY, "")
    assert (build / "verify.txt").read_text() == SUMMARY
    assert cli(capsys, "verify", build) == (0, SUMMARY, "")  # the same bytes again


def test_an_error_exits_1_and_removes_verify_txt(capsys, tmp_path):
    build = copy_case("pt-arm64", tmp_path)
    assert cli(capsys, "verify", build)[0] == 0
    e = Entry(build, "vm2:0", 0)
    e.write(0)
    rc, out, err = cli(capsys, "verify", build)
    assert rc == 1 and not (build / "verify.txt").exists()
    assert err.splitlines() == [
        f"{build}/scenario_pagetables.xml:104: error: map base: VA 0x0-0x3fffffff (1 GiB) of "
        "vm2_main[1] is not mapped (expected at PA 0xc0000000) (table vm2:0)"]
    assert "  vm2:0    arm64:g4io40n     1        0       0  0 B            1" in out
    assert out.endswith("violations: 1 error, 0 warnings\nverify: FAILED\n")


def test_warnings_alone_pass(capsys, tmp_path):
    vm2 = '<map xref="vm2_main" base="0x0" flags="rwx"/>'
    build = rebuild("pt-arm64", tmp_path,
                    (vm2, vm2 + '<map xref="shm" base="0x80000000" flags="rw"/>'))
    rc, out, err = cli(capsys, "verify", build)
    assert rc == 0 and (build / "verify.txt").exists()
    assert [x.split(": ", 1)[0] for x in err.splitlines()] == ["WARN"]
    assert "shared regions: 1 (1 not declared with s)\nviolations: 0 errors, 1 warning\n" in out


def test_missing_inputs_and_arguments(capsys, tmp_path):
    rc, out, err = cli(capsys, "verify", tmp_path)
    assert (rc, out) == (1, "")
    assert err == (f"schism: error: {tmp_path}/scenario_pagetables.xml does not exist "
                   "(run the previous stage first)\n")
    build = copy_case("pt-arm64", tmp_path)
    (build / "pagetables").unlink()
    rc, out, err = cli(capsys, "verify", build)
    assert rc == 1 and err == (f"schism: error: {build}/pagetables does not exist "
                               "(run the pagetables stage first)\n")
    rc, _, err = cli(capsys, "verify", build, "hv:0")
    assert rc == 2 and err.startswith("schism: error: unrecognized arguments: hv:0")


def test_invalid_xml_is_one_located_line(capsys, tmp_path):
    build = copy_case("pt-arm64", tmp_path)
    path = build / "scenario_pagetables.xml"
    path.write_text(path.read_text().replace('flags="rwx"/>', 'flags="rwq"/>', 1))
    rc, out, err = cli(capsys, "verify", build)
    assert rc == 1 and out == "" and len(err.splitlines()) == 1
    assert err.startswith(f"{path}:") and ": error: map flags: 'rwq'" in err
