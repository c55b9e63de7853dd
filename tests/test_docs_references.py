"""Every citation of a project doc can be followed.

Code, stylesheets, tests and the docs cite the rules as `docs/<file>.md
<label>`: a rule number (`docs/layout.md 5.3`, `docs/cbi.md -1.2`,
`docs/phidias.md P9`), a range or list of them (`docs/layout.md 5.1-5.3`,
`docs/combine.md 9.1, 9.4`), or a quoted section title
(`docs/pagetables.md "Rules"`). Inside `docs/`, a Markdown link followed by
a label (`[values.md](values.md) V4`) is a citation too. For each one the
file must exist and hold the label as a heading or as a bold label
(`### 5.3 ...`, `**5.3 Placement.**`). The specification the rules were
written from is kept outside the repository, so nothing may cite it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"

# Where citations live; generated and vendored trees are not searched.
SKIP_DIRS = {".git", ".venv", "build", "__pycache__", ".pytest_cache", ".ruff_cache",
             ".hypothesis", "node_modules"}
SKIP_SUFFIXES = {".elf", ".xo", ".o", ".bin", ".png", ".gz", ".efi", ".fd"}

# A rule label: 5.3, 1a, -1.2, 0.1, P9, V4, L1.
LABEL = r"(?:-?\d+(?:\.\d+)?[a-z]?|[A-Z]\d+)"
# One label or a range of two.
ITEM = rf"{LABEL}(?:-{LABEL})?"
CITATION = re.compile(
    r"(?P<file>docs/[\w-]+\.md|\[[^\]\n]*\]\((?P<link>[\w-]+\.md)\))`?"
    r"(?:"
    rf"(?:,)?\s+\"(?P<title>[^\"]{{1,120}})\""  # a quoted title (may wrap lines)
    # labels, e.g. 5.1-5.3, 6.4 (they may start the next comment line)
    rf"|(?:[ \t]+|[ \t]*\n[ \t]*(?:(?:\#|\*|//)[ \t]*)?)"
    rf"(?P<items>{ITEM}(?:,[ \t]*{ITEM})*)(?![\w.-]*\w)"
    r")?"
)
FILE_MENTION = re.compile(r"docs/[\w-]+\.md")
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
BOLD = re.compile(r"\*\*([^*\n]+)\*\*")


def _text_files():
    for path in sorted(ROOT.rglob("*")):
        rel = path.relative_to(ROOT)
        if any(part in SKIP_DIRS or part.endswith(".egg-info") for part in rel.parts):
            continue
        if not path.is_file() or path.suffix in SKIP_SUFFIXES:
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if b"\0" in data:
            continue
        text = data.decode("utf-8", errors="replace")
        yield rel, text


def _labels(doc: Path) -> tuple[set[str], list[str]]:
    """The rule labels of a doc (first word of a heading or bold text) and
    the heading and bold texts themselves (for quoted titles)."""
    text = doc.read_text(encoding="utf-8")
    titles = [" ".join(m.split()) for m in HEADING.findall(text) + BOLD.findall(text)]
    labels = {t.split()[0].rstrip(".:") for t in titles if t.split()}
    return labels, titles


def _expand(item: str) -> list[str]:
    """`5.1-5.3` -> 5.1, 5.2, 5.3; `1a-1c` -> 1a, 1b, 1c; `P1-P10` -> P1..P10;
    a range across prefixes (`5.1-6.5`) -> its two ends."""
    m = re.fullmatch(rf"({LABEL})-({LABEL})", item)
    if not m:
        return [item]
    a, b = m.groups()
    num = re.fullmatch(r"(.*?)(\d+)", a), re.fullmatch(r"(.*?)(\d+)", b)
    if num[0] and num[1] and num[0][1] == num[1][1] and int(num[0][2]) <= int(num[1][2]):
        prefix = num[0][1]
        return [f"{prefix}{i}" for i in range(int(num[0][2]), int(num[1][2]) + 1)]
    let = re.fullmatch(r"(.*?)([a-z])", a), re.fullmatch(r"(.*?)([a-z])", b)
    if let[0] and let[1] and let[0][1] == let[1][1] and let[0][2] <= let[1][2]:
        prefix = let[0][1]
        return [f"{prefix}{chr(c)}" for c in range(ord(let[0][2]), ord(let[1][2]) + 1)]
    return [a, b]


def _citations():
    """(where, doc path, label or None, is_title) for every citation."""
    found = []
    for rel, text in _text_files():
        in_docs = rel.parts[0] == "docs"
        for m in CITATION.finditer(text):
            if m["link"] is not None:
                if not in_docs:
                    continue
                doc = DOCS / m["link"]
            else:
                doc = ROOT / m["file"]
            line = text.count("\n", 0, m.start()) + 1
            where = f"{rel}:{line}"
            if m["title"] is not None:
                found.append((where, doc, " ".join(m["title"].split()), True))
            elif m["items"] is not None:
                for item in re.split(r",[ \t]*", m["items"]):
                    for label in _expand(item):
                        found.append((where, doc, label, False))
            else:
                found.append((where, doc, None, False))
    return found


CITATIONS = _citations()


def test_citations_are_found():
    """The scan sees the citations the code is known to hold."""
    cited = {(str(doc.relative_to(ROOT)), label) for _, doc, label, _ in CITATIONS}
    assert ("docs/layout.md", "5.3") in cited
    assert ("docs/expand-reparent.md", "1b") in cited  # from "1a-1c"
    assert ("docs/phidias.md", "P9") in cited
    assert ("docs/cbi.md", "-1.2") in cited
    assert ("docs/pagetables.md", "Which maps go into which table") in cited
    assert len(CITATIONS) > 100


@pytest.mark.parametrize("where,doc,label,is_title", CITATIONS,
                         ids=[f"{w} {d.name} {lab}" for w, d, lab, _ in CITATIONS])
def test_citation_can_be_followed(where, doc, label, is_title):
    assert doc.is_file(), f"{where}: cites {doc.relative_to(ROOT)}, which does not exist"
    if label is None:
        return
    labels, titles = _labels(doc)
    if is_title:
        assert any(t.startswith(label) for t in titles), (
            f"{where}: {doc.name} has no heading or bold label starting with \"{label}\"")
    else:
        assert label in labels, (
            f"{where}: {doc.name} has no rule {label} (heading or bold label)")


def test_every_docs_file_mentioned_exists():
    missing = []
    for rel, text in _text_files():
        for m in FILE_MENTION.finditer(text):
            if not (ROOT / m.group()).is_file():
                line = text.count("\n", 0, m.start()) + 1
                missing.append(f"{rel}:{line}: {m.group()}")
    assert not missing, "\n".join(missing)


STAGE_DOCS = ("values.md", "expand-reparent.md", "measure.md", "layout.md", "pagetables.md",
              "combine.md", "cbi.md", "phidias.md")


@pytest.mark.parametrize("name", STAGE_DOCS)
def test_stage_docs_have_rules(name):
    _, titles = _labels(DOCS / name)
    assert "Rules" in titles, f"docs/{name} has no Rules section"


def test_nothing_cites_the_outside_specification():
    """The specification is not in the repository: code, stylesheets, DTD,
    tests, examples and the Makefile cite the docs instead."""
    names = ("STAGES" ".md", "PHIDIAS-CBI" ".md")
    hits = []
    for rel, text in _text_files():
        if rel.parts[0] not in ("schism", "xslt", "dtd", "tests", "examples", "Makefile"):
            continue
        for name in names:
            for m in re.finditer(re.escape(name), text):
                hits.append(f"{rel}:{text.count(chr(10), 0, m.start()) + 1}: {name}")
    assert not hits, "\n".join(hits)
