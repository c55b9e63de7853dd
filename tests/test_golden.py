"""Golden tests: every case of tests/golden/ through the stage chain, under
both XSLT engines; one test per case, engine and expected file.

On a mismatch the xmldiff edit script is shown. `pytest --update-goldens`
(or `make golden-update`) instead rewrites each expected file that differs
from the current output (files that compare equal are left as they are, so
`git diff` shows only real changes); review the result before committing.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from support.golden import ENGINES, c_tokens, cases, run_case
from xmldiff import main as xmldiff

from schism import xmlio

_runs: dict[tuple[str, str], object] = {}


def _run(case: Path, engine: str, tmp_path_factory):
    key = (case.name, engine)
    if key not in _runs:
        _runs[key] = run_case(case, tmp_path_factory.mktemp(f"{case.name}-{engine}"), engine)
    return _runs[key]


PARAMS = [
    pytest.param(case, engine, expected.name, id=f"{case.name}-{engine}-{expected.name}")
    for case in cases()
    for engine in ENGINES
    for expected in sorted((case / "expected").iterdir())
]


def _xml_diff(actual: Path, expected: Path) -> str:
    if expected.stat().st_size == 0:
        return "the expected file is empty (a new case: make golden-update fills it)"
    edits = xmldiff.diff_files(str(actual), str(expected))
    if not edits:
        return ""
    a = xmlio.serialize(xmlio.parse_file(actual)).decode().splitlines()
    e = xmlio.serialize(xmlio.parse_file(expected)).decode().splitlines()
    text = "\n".join(difflib.unified_diff(e, a, "expected", "actual", lineterm="", n=2))
    return "xmldiff edit script:\n  " + "\n  ".join(map(str, edits)) + "\n" + text


def _bytes_diff(actual: bytes, expected: bytes) -> str:
    if actual == expected:
        return ""
    first = next((i for i, (a, b) in enumerate(zip(actual, expected, strict=False)) if a != b),
                 min(len(actual), len(expected)))
    return (f"binary files differ: sizes {len(actual)} vs {len(expected)} expected, "
            f"first difference at offset {first:#x}")


@pytest.mark.parametrize("case, engine, name", PARAMS)
def test_golden(case: Path, engine: str, name: str, request, tmp_path_factory):
    run = _run(case, engine, tmp_path_factory)
    expected = case / "expected" / name
    update = request.config.getoption("--update-goldens")
    if name.endswith(".stderr.txt"):
        if name not in run.stderr:
            pytest.fail(f"stage did not run: {run.error or 'not planned'}")
        actual_text = run.stderr[name]
        if run.failed_stage == name:
            actual_text += run.error + "\n"
        same = actual_text.splitlines() == expected.read_text().splitlines()
        if update and engine == "lxml" and not same:
            expected.write_text(actual_text)
            return
        assert same, f"{case.name}/{name} ({engine}): stderr differs"
        return
    actual = run.build_dir / name
    if not actual.exists():
        pytest.fail(f"{name} was not produced: {run.error}")
    if name.endswith(".xml"):
        problem = _xml_diff(actual, expected)
    elif name.endswith(".txt"):
        a, e = actual.read_text().splitlines(), expected.read_text().splitlines()
        problem = "\n".join(difflib.unified_diff(e, a, "expected", "actual", lineterm="", n=2))
    elif name.endswith(".c"):
        a, e = c_tokens(actual.read_text()), c_tokens(expected.read_text())
        problem = "" if a == e else "\n".join(
            difflib.unified_diff(e, a, "expected tokens", "actual tokens", lineterm="", n=3))
    else:
        problem = _bytes_diff(actual.read_bytes(), expected.read_bytes())
    if problem and update and engine == "lxml":
        shutil.copyfile(actual, expected)  # only what differs: reviewers see real changes
        return
    assert not problem, f"{case.name}/{name} ({engine}):\n{problem}"
