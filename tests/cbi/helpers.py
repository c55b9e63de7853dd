"""Scenario builders the CBI tests share: the golden cases' laid-out inputs,
edited with lxml, written into a build directory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lxml import etree
from support.fixtures import GOLDEN

from schism import pipeline
from schism.stages import Context


def load(case: str, name: str = "scenario_pagetables.xml") -> etree._ElementTree:
    parser = etree.XMLParser(remove_blank_text=True)
    return etree.parse(str(GOLDEN / case / name), parser)


def write(build: Path, tree: etree._ElementTree, name: str = "scenario_pagetables.xml") -> Path:
    path = build / name
    etree.indent(tree, space="  ")
    tree.write(str(path))
    return path


def prepared(build: Path, case: str, edit: Callable[[etree._Element], None] | None = None,
             name: str = "scenario_pagetables.xml") -> Path:
    """`case`'s input `name` in `build`, after `edit(root)`."""
    tree = load(case, name)
    if edit is not None:
        edit(tree.getroot())
    return write(build, tree, name)


def stage(command: str, iteration: str) -> pipeline.Stage:
    return next(s for s in pipeline.by_command(command) if s.args == (iteration,))


def context(build: Path, command: str, iteration: str, out=None) -> Context:
    ctx = Context(build_dir=build, stage=stage(command, iteration))
    if out is not None:
        ctx.out = out
    return ctx
