"""The golden configurations of the phidias-v0.010 CBI compile against that
Phidias' own headers, with -Werror, as its core/Makefile compiles (the
command it writes to invoke_gcc.cmd) plus schism's compile-config flags."""

from __future__ import annotations

import pytest
from support.fixtures import GOLDEN
from support.golden import run_case

from schism.ext import elf
from schism.stages import Context
from schism.stages.compile_config import run as compile_config

CASES = ["phidias-v0010-rpi3", "phidias-v0010-hikey"]


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("iteration", ["1", "2"])
def test_configuration_compiles_against_the_phidias_headers(case, iteration, phidias_source,
                                                            tmp_path):
    from schism import pipeline

    from .helpers import stage0

    o = tmp_path / "O"
    run = run_case(GOLDEN / case, o)
    assert run.error is None, run.error
    built = stage0(phidias_source, o)  # config.h, offsets.h, invoke_gcc.cmd for this Makeconf
    assert built.returncode == 0, built.stdout + built.stderr
    stage = next(s for s in pipeline.by_command("generate-config") if s.args == (iteration,))
    if iteration == "1":  # the golden run stops at stage 8; make the stub too
        pipeline.runner(stage)(Context(build_dir=o, stage=stage))
    compile_stage = next(s for s in pipeline.by_command("compile-config")
                         if s.args == (iteration,))
    compile_config(Context(build_dir=o, stage=compile_stage))
    obj = o / compile_stage.outputs[0]
    assert len(elf.read_segments(obj, 3, "config object")) == 3


@pytest.mark.slow
def test_every_vdev_kind_on_four_cpus_compiles(phidias_source, tmp_path, monkeypatch):
    """The seed CBI's phidias-vdevs input (one guest on host CPUs 1 and 3,
    a vdev of every kind the seed knew; CPUs 0 and 2 run no guest) through
    this CBI, with raspberrypi3's drivers, compiled against the headers of a
    Phidias built for its Makeconf."""
    from support.fixtures import EPOCH

    from schism import pipeline
    from schism.cbi.phidias_v0010.makeconf import makeconf

    from .helpers import load, stage0

    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("CROSS_COMPILE", "aarch64-linux-gnu-")
    tree = load("phidias-vdevs")
    root = tree.getroot()
    root.set("cbi", "phidias-v0.010")
    hv = root.find("hypervisor")
    for n, (name, value) in enumerate((("driver:uart", "pl011"), ("driver:timer", "arm_generic"),
                                       ("driver:clock", "arm_generic"),
                                       ("driver:irq", "bcm283x"))):
        hv.insert(n, hv.makeelement("feature", name=name, value=value))
    o = tmp_path / "O"
    o.mkdir()
    for name in ("scenario.xml", "scenario_pagetables.xml"):
        tree.write(str(o / name))
    (o / "Makeconf").write_text(makeconf(tree))
    built = stage0(phidias_source, o)
    assert built.returncode == 0, built.stdout + built.stderr
    for command in ("generate-config", "compile-config"):
        stage = next(s for s in pipeline.by_command(command) if s.args == ("2",))
        pipeline.runner(stage)(Context(build_dir=o, stage=stage))
    assert len(elf.read_segments(o / "scenario_config_real.xo", 3, "config object")) == 3
