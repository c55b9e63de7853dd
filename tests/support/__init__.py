"""What the tests share, in one package (importable as `support`: pytest's
`pythonpath = ["tests"]` in pyproject.toml puts tests/ on the path).

* `cli`: `run_cli` (schism in-process), `build_dir`;
* `lines`: `line_of`, the line a message should name (by text or by XPath);
* `scenarios`: `MINIMAL` and other scenario texts;
* `fixtures`: `GOLDEN`, `EPOCH` (the golden cases' SOURCE_DATE_EPOCH) and
  the paths of the shared binaries, one copy each in `fixtures/` (golden
  cases link to them);
* `golden`: runs a golden case (test_golden.py, `make golden-update`);
* `ptexpect`: the literal model of docs/pagetables.md 7.1-7.4 (ptdump, spaces);
* `browser`: headless chromium on the report's SVG (report, demo).

What one test folder alone uses stays in that folder, in its `helpers.py`
(or a module named for the model it holds: `layout/oracle.py`,
`pagetables/model.py`), imported relatively (`from .helpers import build`).
"""

from .cli import build_dir, run_cli
from .lines import line_of
from .scenarios import MINIMAL

__all__ = ["MINIMAL", "build_dir", "line_of", "run_cli"]
