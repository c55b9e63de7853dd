"""Where an element of an intermediate file came from: `O/scenario.xml` or a
library file (docs/architecture.md, "Errors").

Stages 2-9 read files schism wrote; an error located there is followed by a
note pointing at the element the user wrote, compiler style:

    O/scenario_measured.xml:24: error: memreq size: ...
    O/scenario.xml:17: note: 'linux1_main' is defined here

An element is recognised by its identity, not its position (reparent moves
memreqs): its ID; else its nearest ancestor with an ID plus, going down, each
element's tag and distinguishing attribute (`xref`, `name`) or its position
among same-tagged siblings. A map that stage 2 added for a memreq has no
origin of its own: the note then points at the memreq it maps.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from schism import library, xmlio
from schism.errors import Note, SchismError, file_of

# The attribute that names an element of this tag among its siblings.
_KEY = {"map": "xref", "feature": "name", "flag": "name"}


def _step(el: etree._Element) -> tuple:
    key = _KEY.get(el.tag)
    if key and el.get(key) is not None:
        return (el.tag, key, el.get(key))
    parent = el.getparent()
    same = [] if parent is None else [c for c in parent if c.tag == el.tag]
    return (el.tag, "#", same.index(el) if el in same else 0)


def identity(el: etree._Element) -> tuple[str | None, tuple]:
    """(nearest ID at or above `el`, the steps from it down to `el`)."""
    steps: list[tuple] = []
    node = el
    while node is not None:
        ident = node.get("id")
        if ident is not None:
            return ident, tuple(reversed(steps))
        if node.tag in ("hypervisor", "platform", "files"):  # one of each
            steps.append((node.tag, "", ""))
            return None, tuple(reversed(steps))
        steps.append(_step(node))
        node = node.getparent()
    return None, tuple(reversed(steps))


def describe(el: etree._Element) -> str:
    ident, steps = identity(el)
    if ident is not None and not steps:
        return f"'{ident}'"
    tag = el.tag
    key = _KEY.get(tag)
    what = f"<{tag} {key}=\"{el.get(key)}\">" if key and el.get(key) else f"<{tag}>"
    if ident is not None:
        return f"{what} of '{ident}'"
    if steps and steps[0][0] == "hypervisor" and el.tag != "hypervisor":
        return f"{what} of the hypervisor"
    return what


def _matches(candidate: etree._Element, el: etree._Element) -> bool:
    return identity(candidate) == identity(el)


def _find(doc: etree._ElementTree, el: etree._Element) -> etree._Element | None:
    ident, steps = identity(el)
    if ident is not None:
        starts = [e for e in doc.iter(etree.Element) if e.get("id") == ident]
    else:
        first = steps[0][0] if steps else el.tag
        starts = list(doc.iter(first))
        steps = steps[1:]
    for start in starts:
        node = start
        for tag, key, value in steps:
            if key == "#":
                same = [c for c in node if c.tag == tag]
                node = same[value] if value < len(same) else None
            elif key:
                node = next((c for c in node if c.tag == tag and c.get(key) == value), None)
            else:
                node = next((c for c in node if c.tag == tag), None)
            if node is None:
                break
        if node is not None:
            return node
    return None


def sources(build_dir: Path, xmllib: list[str]) -> list[etree._ElementTree]:
    """What the user wrote: O/scenario.xml, then the library files it names,
    found as stage 1 finds them (`xmllib`: the --xmllib directories)."""
    from schism import cbi

    docs = []
    try:
        scenario = xmlio.parse_file(build_dir / "scenario.xml")
    except SchismError:
        return docs
    docs.append(scenario)
    root = scenario.getroot()
    library_dirs = library.search_dirs(xmllib, cbi.library_dir(root.get("cbi", "")))
    platform = root.find("platform")
    names = []
    if platform is not None:
        names += [f"{kind}_{platform.get(kind)}.xml" for kind in ("board", "arch")
                  if platform.get(kind) and platform.find(kind) is None]
    if root.get("cbi"):
        names.append(f"default_hypervisor_{root.get('cbi')}.xml")
    for name in names:
        path = library.first(name, library_dirs)
        if path is None and name.startswith("default_hypervisor_"):
            path = _cbi_default(root.get("cbi"))
        if path is not None:
            try:
                docs.append(xmlio.parse_file(path))
            except SchismError:
                pass
    return docs


def _cbi_default(name: str) -> Path | None:
    from schism import cbi

    try:
        return Path(cbi.lookup(name).default_hypervisor)
    except SchismError:
        return None


def locate(el: etree._Element, docs: list[etree._ElementTree]) -> etree._Element | None:
    """`el`'s counterpart in what the user wrote; for a map without one, the
    counterpart of what it maps."""
    for doc in docs:
        found = _find(doc, el)
        if found is not None:
            return found
    if el.tag == "map" and el.get("xref"):
        for doc in docs:
            found = next((e for e in doc.iter(etree.Element) if e.get("id") == el.get("xref")),
                         None)
            if found is not None:
                return found
    return None


def add_origin(error: SchismError, build_dir: Path, xmllib: list[str]) -> SchismError:
    """Point `error` at what the user wrote: a note after an error in a file
    schism wrote; the error itself moved there when that file was never
    written (a stage's output that failed validation). Notes located in such
    a file move too."""
    docs = sources(build_dir, xmllib)
    if not docs:
        return error
    user_files = {Path(file_of(d.getroot()) or "").resolve() for d in docs}

    def written_by_schism(file: str | None) -> bool:
        return bool(file) and Path(file).resolve() not in user_files

    for note in error.notes:
        if note.element is not None and written_by_schism(note.file):
            found = locate(note.element, docs)
            if found is not None:
                note.file, note.line = file_of(found), found.sourceline
    el = error.element
    if el is None or not written_by_schism(error.file):
        return error
    found = locate(el, docs)
    if found is None:
        return error
    file, line = file_of(found), found.sourceline
    if not Path(error.file).exists():
        error.file, error.line = file, line
    else:
        error.notes.insert(0, Note(file, line, f"{describe(found)} is defined here", found))
    return error
