"""Validation of every stage's input and output (docs/validation.md).

Three checks, in this order; the first that fails reports its earliest problem
(by line) as one `FILE:LINE: error: ELEMENT ATTRIBUTE: what is wrong` line:

1. the DTD (`dtd/scenario.dtd`), with libxml2's messages reworded to name the
   element and attribute (a misplaced child is located at the child);
2. what the DTD cannot express: the root element, value syntax of HEX, DEC,
   LIST, TABLE and flag attributes (through `schism.ext.values`, the one
   codec), how many children of a kind a parent has;
3. references: every IDREF names an ID of the document (or one the library
   files of stage 1 will bring, `library_ids`) of the kind the attribute needs.

References are checked here rather than by libxml2, which knows neither the
library IDs nor what kind of element an IDREF must name.

Speed (a 1600-guest scenario has ~50k elements): one pass collects the
distinct values of every attribute, each rule looks at each distinct value
once, and the tree is searched again only to locate a value found wrong.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from lxml import etree

from schism import deps, resources
from schism.errors import SchismError
from schism.ext import values
from schism.ext.values import ValueSyntaxError

# --- rules the DTD cannot express (reference xml_definition.txt) -------------


def _table_hex(text: str) -> None:
    # the syntax checked, and the largest value kept: what `_addresses_fit` asks next
    _largest_bases[text] = values.largest_in_table(text)


def _table_dec(text: str) -> object:
    return values.parse_table(text, values.parse_dec)


def _flag_name(text: str) -> str:
    """`<flag name>` is a CHAR: exactly one flag letter."""
    if len(text) != 1:
        raise ValueSyntaxError(f"'{text}' is not a single flag letter ({values.FLAG_LETTERS})")
    return values.check_flags(text)


_HEX = values.parse_hex
_DEC = values.parse_dec
_CPUS = values.dec_in(1, values.MAX_CPUS)  # ncpus
_SHIFT = values.dec_in(0, 63)  # log2 of a size or an alignment
_WIDTH = values.dec_in(1, 64)  # address bits
_ENTRIES = values.dec_in(1, 32)  # log2 of the entries of a table level
_BPE = values.dec_in(1, 8)  # bytes per table entry (stage 7 takes 4 or 8)
_LIST = values.parse_list
_FLAGS = values.check_flags

# element -> attribute -> parser; the parser raises ValueSyntaxError.
VALUE_RULES: dict[str, dict[str, Callable[[str], object]]] = {
    "memory": {"base": _HEX, "size": _HEX},
    "device": {"base": _HEX, "size": _HEX},
    "paging_format": {"va_width": _WIDTH, "pa_width": _WIDTH, "size_estimate": _HEX},
    "level": {
        "dir_base": _HEX, "leaf_base": _HEX,
        "shift": _SHIFT, "width": _ENTRIES, "bpe": _BPE,
        "align": _SHIFT,
    },
    "flag": {"name": _flag_name, "value_set": _HEX, "value_clear": _HEX},
    "memreq": {
        "base": _table_hex, "size": _HEX, "align_shift": _SHIFT, "cpumap": _LIST,
        "flags_demand": _FLAGS, "flags_prevent": _FLAGS,
    },
    "mmu": {"base": _table_hex, "size_estimate": _HEX},
    "map": {
        "index": _table_dec, "base": _table_hex, "offset": _HEX, "subsize": _HEX,
        "cpumap": _LIST, "flags": _FLAGS,
    },
    "hypervisor": {"ncpus": _CPUS, "load_base": _HEX, "exec_base": _HEX, "entry": _HEX},
    "guest": {"ncpus": _CPUS, "cpumap": _LIST},
    "sched": {"cpumap": _LIST},
    "value": {"offset": _HEX, "value": _HEX},
    "emulate": {"base": _HEX, "size": _HEX, "offset": _HEX},
    "entry": {"bp_offset": _HEX, "ap_offset": _HEX},
    "copy": {"offset": _HEX},
    "irq": {"vector": _HEX},
    "cap": {"param": _HEX},
    "file": {"offset": _HEX, "size": _HEX},
}

# parent -> (child, minimum, maximum or None); content models only list the
# allowed children, since stages append children after existing ones.
CARDINALITY: dict[str, tuple[tuple[str, int, int | None], ...]] = {
    "scenario": (("platform", 1, 1), ("hypervisor", 1, 1), ("files", 0, 1)),
    "platform": (("board", 0, 1), ("arch", 0, 1)),
    "hypervisor": (("mmu", 1, 1),),
    "guest": (("mmu", 1, 1), ("init", 1, 1), ("entry", 1, 1), ("sched", 1, None)),
}

# element -> IDREF attribute -> the element kinds it may name. copy/@xref
# names a <file> as in the reference example, whose Phidias configuration
# reads that file's offset and size (xml_definition.txt says memreq: the
# outputs win).
REF_KINDS: dict[str, dict[str, tuple[str, ...]]] = {
    "platform": {"board": ("board",), "arch": ("arch",)},
    "memreq": {"on": ("memory",)},
    "map": {"xref": ("memreq", "device")},
    "param": {"xref": ("memreq", "device")},
    "entry": {"bp_xref": ("memreq",), "ap_xref": ("memreq",)},
    "init": {"arch_page": ("memreq",)},
    "copy": {"xref": ("file",), "dref": ("memreq",)},
    "cap": {"target_xref": ("guest",)},
}

ROOT = "scenario"


# --- the DTD and what its messages need ----------------------------------------


@dataclass(frozen=True)
class _Vocabulary:
    dtd: etree.DTD
    children: dict[str, tuple[str, ...]]  # allowed children, DTD order
    at_least_one: dict[str, str]  # element -> its `(child)+` child
    attributes: dict[str, dict[str, str]]  # element -> attribute -> libxml2 type
    id_attribute: dict[str, str]  # element -> its ID attribute
    # The DTD with its ID, IDREF and IDREFS attributes as CDATA (None: could
    # not be made): what libxml2 spends half its time on, ID syntax and
    # uniqueness, is then checked from the distinct values (`_ids_hold`).
    relaxed: etree.DTD | None = None


def _names(content) -> list[str]:
    """Element names of a content model, in declaration order."""
    if content is None:
        return []
    if content.type == "element":
        return [content.name]
    return _names(content.left) + _names(content.right)


def _load(path: str) -> _Vocabulary:
    dtd = etree.DTD(path)
    children: dict[str, tuple[str, ...]] = {}
    at_least_one: dict[str, str] = {}
    attributes: dict[str, dict[str, str]] = {}
    id_attribute: dict[str, str] = {}
    for decl in dtd.iterelements():
        names = _names(decl.content)
        children[decl.name] = tuple(dict.fromkeys(names))
        if decl.content is not None and decl.content.occur == "plus" and len(names) == 1:
            at_least_one[decl.name] = names[0]
        attributes[decl.name] = {a.name: a.type for a in decl.iterattributes()}
        for a in decl.iterattributes():
            if a.type == "id":
                id_attribute[decl.name] = a.name
    return _Vocabulary(dtd, children, at_least_one, attributes, id_attribute, _relaxed(path))


_ID_TYPES = ("id", "idref", "idrefs")


def _relaxed(path: str) -> etree.DTD | None:
    import io

    with open(path, encoding="utf-8") as f:
        text = re.sub(r"\b(IDREFS|IDREF|ID)(?=\s+#(REQUIRED|IMPLIED)\b)", "CDATA", f.read())
    try:
        dtd = etree.DTD(io.StringIO(text))
    except etree.DTDParseError:  # pragma: no cover - the real one parsed
        return None
    if any(a.type in _ID_TYPES for decl in dtd.iterelements() for a in decl.iterattributes()):
        return None  # a declaration the pattern missed: no shortcut
    return dtd


_vocabulary: _Vocabulary | None = None


def vocabulary() -> _Vocabulary:
    """The parsed DTD, loaded once per process (an input of every stage that
    validates, each time)."""
    global _vocabulary
    deps.read(resources.dtd())
    if _vocabulary is None:
        _vocabulary = _load(str(resources.dtd()))
    return _vocabulary


# --- messages --------------------------------------------------------------------

class Problem(NamedTuple):
    line: int | None
    message: str  # without location
    related: etree._Element | None = None  # another element it names (a note)


def _what(element: str, attribute: str | None, text: str) -> str:
    return f"{element} {attribute}: {text}" if attribute else f"{element}: {text}"


def _allowed(names) -> str:
    return ", ".join(sorted(names)) or "none"


def _line(problem: Problem) -> float:
    return problem[0] if problem[0] is not None else float("inf")


def _first(problems: list[Problem]) -> Problem | None:
    """The problem that comes first in the document (ties: found first)."""
    return min(problems, key=_line) if problems else None


def _raise(problem: Problem | None, url: str, tree: etree._ElementTree) -> None:
    if problem is not None:
        raise _error(problem, url, tree)


def _error(problem: Problem, url: str, tree: etree._ElementTree) -> SchismError:
    line = problem[0]
    element = next((el for el in tree.iter(etree.Element) if el.sourceline == line), None)
    error = SchismError(problem[1], url, line, element)
    if len(problem) > 2 and problem[2] is not None:
        error.note_at(problem[2], f"'{problem[2].get('id')}' is defined here")
    return error


# --- 1. DTD ----------------------------------------------------------------------

_UNKNOWN_ELEM = re.compile(r"No declaration for element (\S+)")
_UNKNOWN_ATTR = re.compile(r"No declaration for attribute (\S+) of element (\S+)")
_MISSING_ATTR = re.compile(r"Element (\S+) does not carry attribute (\S+)")
_BAD_VALUE = re.compile(r"Syntax of value for attribute (\S+) of (\S+) is not valid")
_ID_AGAIN = re.compile(r"ID (.*) already defined")

# Reported by the reference check (3), which knows library IDs and kinds.
_LEFT_TO_REFERENCES = {"DTD_UNKNOWN_ID"}


_XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace"


def _local(name: str) -> str:
    """An element's name for a message, as lxml (`{uri}name`) or libxml2
    (`prefix:name`) gives it: the part a message's `<element>` is (the
    namespace is said where it matters, `_unknown_element`)."""
    return name.rpartition("}")[2].rpartition(":")[2]


def _unknown_element(el: etree._Element | None) -> str:
    """The words for an unknown element, with its namespace if it has one
    (schism's vocabulary has none, so `<x:sched>` is no `<sched>`)."""
    namespace = etree.QName(el).namespace if el is not None else None
    if namespace is None:
        return "unknown element"
    return f"unknown element (in namespace '{namespace}': schism's elements are in none)"


def _written_attribute(el: etree._Element | None, local: str) -> str:
    """The attribute libxml2 names by its local name, as written (`x:class`,
    `xml:lang`) when it is one in a namespace."""
    if el is None:
        return local
    for key in el.attrib:
        if key.startswith("{") and key.rpartition("}")[2] == local:
            namespace = key[1:].partition("}")[0]
            if namespace == _XML_NAMESPACE:
                return f"xml:{local}"
            prefix = next((p for p, uri in el.nsmap.items() if uri == namespace and p), None)
            return f"{prefix}:{local}" if prefix else local
    return local


def _element_at(tree: etree._ElementTree, path: str | None) -> etree._Element | None:
    if not path:
        return None
    try:
        found = tree.xpath(path)
    except etree.XPathError:
        return None
    return found[0] if found and isinstance(found[0], etree._Element) else None


def _has_text(el: etree._Element) -> bool:
    return bool((el.text and el.text.strip()) or any(c.tail and c.tail.strip() for c in el))


def _content_problem(el: etree._Element, voc: _Vocabulary, line: int | None) -> Problem | None:
    """Which child breaks `el`'s content model, located at that child."""
    allowed = voc.children.get(el.tag, ())
    for child in el:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions are fine anywhere
        if child.tag not in voc.children:
            return child.sourceline, _what(_local(child.tag), None, _unknown_element(child))
        if child.tag not in allowed:
            return child.sourceline, _what(
                child.tag, None,
                f"not allowed inside <{el.tag}> (allowed there: {_allowed(allowed)})",
            )
    if _has_text(el):
        return line, _what(el.tag, None, "text content is not allowed")
    if el.tag in voc.at_least_one:
        return line, _what(el.tag, None, f"needs at least one <{voc.at_least_one[el.tag]}>")
    return None


def _ids_in_order(tree: etree._ElementTree, voc: _Vocabulary):
    for el in tree.iter(etree.Element):
        attr = voc.id_attribute.get(el.tag)
        if attr is not None:
            yield el, el.get(attr)


def _dtd_problem(entry, tree: etree._ElementTree, voc: _Vocabulary) -> Problem:
    """libxml2's DTD error reworded as `ELEMENT ATTRIBUTE: what`."""
    kind, msg, line = entry.type_name, entry.message, entry.line
    el = _element_at(tree, entry.path)
    if kind == "DTD_CONTENT_MODEL" and el is not None:
        found = _content_problem(el, voc, line)
        if found is not None:
            return found
    if (m := _UNKNOWN_ELEM.match(msg)) and kind == "DTD_UNKNOWN_ELEM":
        return line, _what(_local(m.group(1)), None, _unknown_element(el))
    if m := _UNKNOWN_ATTR.match(msg):
        attr, tag = m.groups()
        tag = _local(tag)
        allowed = _allowed(voc.attributes.get(tag, {}))
        return line, _what(tag, _written_attribute(el, attr),
                           f"unknown attribute (<{tag}> has: {allowed})")
    if m := _MISSING_ATTR.match(msg):
        tag, attr = m.groups()
        return line, _what(tag, attr, "required attribute is missing")
    if m := _BAD_VALUE.match(msg):
        attr, tag = m.groups()
        value = el.get(attr) if el is not None else None
        kind_of = voc.attributes.get(tag, {}).get(attr)
        if kind_of == "id":
            why = "is not a valid ID (an XML name: a letter or '_' first, no spaces)"
        elif kind_of == "idref":
            why = "is not a valid ID reference (one XML name: a letter or '_' first, no spaces)"
        else:
            why = "is not a valid value"
        return line, _what(tag, attr, f"'{value}' {why}")
    if (m := _ID_AGAIN.match(msg)) and el is not None:
        ident = m.group(1)
        attr = voc.id_attribute.get(el.tag, "id")
        first = next((e for e, v in _ids_in_order(tree, voc) if v == ident), None)
        where = f" (first defined at line {first.sourceline})" if first is not None else ""
        return line, _what(el.tag, attr, f"duplicate ID '{ident}'{where}")
    if kind == "DTD_NOT_EMPTY" and el is not None:
        return line, _what(el.tag, None, "must be empty (has content)")
    tag = _local(el.tag) if el is not None else "document"
    return line, _what(tag, None, msg)


def _check_dtd(tree: etree._ElementTree, voc: _Vocabulary) -> Problem | None:
    if voc.dtd.validate(tree):
        return None
    entries = sorted(voc.dtd.error_log.filter_from_errors(), key=lambda e: e.line or 0)
    best: Problem | None = None
    for entry in entries:
        # A reworded problem is never located before libxml2's own line (a
        # misplaced child comes after its parent), so stop once past the best.
        if best is not None and (entry.line or 0) > _line(best):
            break
        if entry.type_name in _LEFT_TO_REFERENCES:
            continue
        found = _dtd_problem(entry, tree, voc)
        if best is None or _line(found) < _line(best):
            best = found
    return best


# --- 2. root, values, cardinality; 3. references ---------------------------------


def _places(voc: _Vocabulary) -> dict[str, list[str]]:
    """element -> every absolute path at which the DTD allows it."""
    places: dict[str, list[str]] = {}
    pending = [(ROOT, f"/{ROOT}", (ROOT,))]
    while pending:
        tag, path, ancestors = pending.pop()
        places.setdefault(tag, []).append(path)
        for child in voc.children.get(tag, ()):
            if child not in ancestors:  # a recursive model would never end
                pending.append((child, f"{path}/{child}", (*ancestors, child)))
    return places


def _count_test(rules) -> str:
    """An XPath predicate true where a rule is broken (`not(x)` and `!= 1`
    rather than two comparisons: libxml2 then counts each child kind once)."""
    tests = []
    for child, least, most in rules:
        if least == 1 and most == 1:
            tests.append(f"count({child}) != 1")
            continue
        if least == 1:
            tests.append(f"not({child})")
        elif least:
            tests.append(f"count({child}) < {least}")
        if most is not None:
            tests.append(f"count({child}) > {most}")
    return " or ".join(tests)


@dataclass(frozen=True)
class _Plan:
    places: dict[str, list[str]]
    # Parents breaking a CARDINALITY rule, by absolute XPath: once the DTD
    # holds, an element can only be at the places its content models allow,
    # and libxml2 then walks only those branches and returns only offenders.
    counts: list[tuple[tuple[tuple[str, int, int | None], ...], etree.XPath]]


_plan: _Plan | None = None


def _the_plan(voc: _Vocabulary) -> _Plan:
    global _plan
    if _plan is None:
        places = _places(voc)
        counts = [
            (rules, etree.XPath(f"{path}[{_count_test(rules)}]"))
            for tag, rules in CARDINALITY.items()
            for path in sorted(places.get(tag, []))
        ]
        _plan = _Plan(places, counts)
    return _plan


def _count_problems(el: etree._Element, rules) -> list[Problem]:
    seen: dict[str, list[etree._Element]] = {}
    for child in el:
        seen.setdefault(child.tag, []).append(child)
    problems: list[Problem] = []
    for child, least, most in rules:
        found = seen.get(child, [])
        if len(found) < least:
            need = "exactly one" if most == 1 else "at least one" if least == 1 else least
            problems.append(
                (el.sourceline, _what(el.tag, None, f"missing <{child}> ({need} required)"))
            )
        elif most is not None and len(found) > most:
            first = found[0].sourceline
            problems.append((
                found[most].sourceline,
                _what(el.tag, None, f"more than one <{child}> (the first is at line {first})"),
            ))
    return problems


def _scan(root: etree._Element, voc: _Vocabulary) -> dict[tuple[str, str], set[str]]:
    """The one pass over the elements: the distinct values of every declared
    attribute, by (element, attribute). The rules then look at each distinct
    value once (scenarios repeat sizes, flags, cpumaps and xrefs thousands of
    times) and go back to the tree only to locate a value found wrong."""
    return _scan_counting(root, voc)[0]


def _scan_counting(root: etree._Element, voc: _Vocabulary
                   ) -> tuple[dict[tuple[str, str], set[str]], int]:
    """`_scan`, and how many ID attributes the document has, repeated ones
    included (ID values are gathered in lists, then made sets)."""
    seen = {
        tag: {name: set() for name in attributes} for tag, attributes in voc.attributes.items()
    }
    adders = {tag: {name: texts.add for name, texts in names.items()}
              for tag, names in seen.items()}
    lists: dict[tuple[str, str], list[str]] = {}
    for tag, name in voc.id_attribute.items():
        if name in adders.get(tag, {}):
            ids = lists[tag, name] = []
            adders[tag][name] = ids.append
    for el in root.iter(etree.Element):
        add = adders[el.tag]  # the DTD holds: every element and attribute is declared
        for name, text in el.items():
            add[name](text)
    count = 0
    for (tag, name), ids in lists.items():
        seen[tag][name].update(ids)
        count += len(ids)
    flat = {(tag, name): texts for tag, names in seen.items() for name, texts in names.items()}
    return flat, count


def _locate(
    root: etree._Element, plan: _Plan, tag: str, name: str,
    wrong: dict[str, str], related: dict[str, etree._Element] | None = None,
) -> list[Problem]:
    """The elements whose attribute `name` has a `wrong` value (value -> why;
    `related`: value -> the element a note should point at)."""
    problems: list[Problem] = []
    for path in plan.places.get(tag, []):
        for el in root.xpath(f"{path}[@{name}]"):
            value = el.get(name)
            why = wrong.get(value)
            if why is not None:
                problems.append(Problem(el.sourceline, _what(tag, name, why),
                                        (related or {}).get(value)))
    return problems


# Texts each parser accepted, kept across calls: a stage checks its input and
# then its output, which repeats most of the input's values. Parsers are pure.
_valid: dict[Callable[[str], object], set[str]] = {}
_VALID_LIMIT = 500_000
# The largest value of a HEX TABLE by text, kept as `_valid` (the value rule
# of a map base parses it; `_addresses_fit` then asks for its largest value).
_largest_bases: dict[str, int] = {}


def _check_values(root, plan: _Plan, seen: dict[tuple[str, str], set[str]]) -> list[Problem]:
    if sum(len(texts) for texts in _valid.values()) > _VALID_LIMIT:
        _valid.clear()
    if len(_largest_bases) > _VALID_LIMIT:
        _largest_bases.clear()
    problems: list[Problem] = []
    for tag, rules in VALUE_RULES.items():
        for name, parse in rules.items():
            known = _valid.setdefault(parse, set())
            wrong: dict[str, str] = {}
            for text in seen.get((tag, name), set()) - known:
                try:
                    parse(text)
                    known.add(text)
                except ValueSyntaxError as e:
                    wrong[text] = str(e)
            if wrong:
                problems += _locate(root, plan, tag, name, wrong)
    return problems


def _check_refs(
    root, plan: _Plan, voc: _Vocabulary, seen: dict[tuple[str, str], set[str]],
    library_ids: frozenset[str],
) -> list[Problem]:
    kind_of: dict[str, str] = {}  # the ID index: ID -> the kind of element it names
    for tag, name in voc.id_attribute.items():
        kind_of.update(dict.fromkeys(seen[tag, name], tag))
    problems: list[Problem] = []
    for tag, rules in REF_KINDS.items():
        for name, kinds in rules.items():
            wrong: dict[str, str] = {}
            related: dict[str, etree._Element] = {}
            for value in seen.get((tag, name), ()):
                kind = kind_of.get(value)
                if kind is None:
                    if value not in library_ids:  # else: stage 1 imports it
                        wrong[value] = f"'{value}' is not the ID of any element"
                elif kind not in kinds:
                    expected = " or ".join(f"<{k}>" for k in kinds)
                    wrong[value] = f"'{value}' names a <{kind}>, expected {expected}"
                    found = _find_id(root, plan, voc, kind, value)
                    if found is not None:
                        related[value] = found
            if wrong:
                problems += _locate(root, plan, tag, name, wrong, related)
    return problems


def _find_id(root, plan: _Plan, voc: _Vocabulary, tag: str, value: str):
    name = voc.id_attribute[tag]
    for path in plan.places.get(tag, []):
        for el in root.xpath(f"{path}[@{name}=$v]", v=value):
            return el
    return None


def _check_tree(
    tree: etree._ElementTree, voc: _Vocabulary, library_ids: frozenset[str],
    seen: dict[tuple[str, str], set[str]] | None = None,
) -> Problem | None:
    """Root, value syntax and cardinality; then references (`seen`: the
    document's `_scan`, when already made)."""
    root = tree.getroot()
    if root.tag != ROOT:
        return root.sourceline, _what(root.tag, None, f"the document element must be <{ROOT}>")
    plan = _the_plan(voc)
    if seen is None:
        seen = _scan(root, voc)
    problems = _check_values(root, plan, seen)
    for rules, offenders in plan.counts:
        for el in offenders(root):
            problems += _count_problems(el, rules)
    first = _first(problems)
    if first is not None:
        return first
    return (_first(_check_refs(root, plan, voc, seen, library_ids))
            or (None if _cpus_fit(root, seen) else _first(_check_cpus(root)))
            or (None if _addresses_fit(root, seen) else _first(_check_addresses(root))))


# --- 4. CPUs: every cpumap names CPUs that exist ------------------------------------
#
# Hypervisor CPUs are 0 to hypervisor/@ncpus - 1; a guest's vCPUs 0 to its
# ncpus - 1, each running on the host CPU its cpumap lists at that position.
# Memreq, hypervisor map and sched cpumaps name host CPUs; a guest map's
# cpumap names the guest's vCPUs (stage 7 tests it against the vCPU). The
# original accepted CPUs that do not exist and built guests that never run.


def _check_cpus(root: etree._Element) -> list[Problem]:
    hv = root.find("hypervisor")
    try:
        hosts = values.parse_dec(hv.get("ncpus", "")) if hv is not None else None
    except ValueSyntaxError:
        hosts = None  # reported by the value rules
    if hosts is None:
        return []
    problems: list[Problem] = []
    parsed: dict[str, list[int] | str | None] = {}

    def cpus(el: etree._Element) -> list[int] | str | None:
        text = el.get("cpumap")
        if text is None:
            return None
        if text not in parsed:
            try:
                parsed[text] = values.parse_list(text)
            except ValueSyntaxError:
                parsed[text] = None  # reported by the value rules
        return parsed[text]

    def check(el: etree._Element, count: int, whose: str) -> None:
        value = cpus(el)
        if value is None or value == values.ALL_CPUS or not value:
            return
        highest = max(value)
        if highest >= count:
            problems.append(Problem(el.sourceline, _what(
                el.tag, "cpumap", f"'{el.get('cpumap')}' names CPU {highest}, but {whose} "
                f"has {count} (0 to {count - 1})")))

    for el in hv.iter("memreq", "map"):
        check(el, hosts, "the hypervisor")
    for el in root.iterfind("platform/board/memory/memreq"):
        check(el, hosts, "the hypervisor")
    for guest in root.iterfind("guest"):
        try:
            vcpus = values.parse_dec(guest.get("ncpus", ""))
        except ValueSyntaxError:
            continue
        gid = guest.get("id")
        value = cpus(guest)
        if value is None and vcpus > hosts:
            problems.append(Problem(guest.sourceline, _what(
                "guest", "ncpus", f"{vcpus} vCPUs of '{gid}' without a cpumap would run on "
                f"CPUs 0 to {vcpus - 1}, but the hypervisor has {hosts}")))
        elif value is not None:
            count = hosts if value == values.ALL_CPUS else len(value)
            if count < vcpus:
                problems.append(Problem(guest.sourceline, _what(
                    "guest", "cpumap", f"'{guest.get('cpumap')}' names {count} host CPU(s) "
                    f"for the {vcpus} vCPUs of '{gid}': no host CPU for vCPU {count}")))
            check(guest, hosts, "the hypervisor")
        for el in guest.iter("memreq", "sched"):
            check(el, hosts, "the hypervisor")
        for el in guest.iterfind("mmu/map"):
            check(el, vcpus, f"guest '{gid}'")
    return problems


_highests: dict[str, int] = {}  # kept across calls, as `_valid`


def _highest(text: str) -> int:
    """The highest CPU a cpumap names; -1 when it names none to check (`*`,
    `[]`, bad syntax: the value rules report that)."""
    highest = _highests.get(text)
    if highest is None:
        try:
            value = values.parse_list(text)
        except ValueSyntaxError:
            return -1
        highest = -1 if value == values.ALL_CPUS or not value else max(value)
        if len(_highests) >= _VALID_LIMIT:
            _highests.clear()
        _highests[text] = highest
    return highest


_HYPERVISOR_MAP_CPUMAPS = etree.XPath(".//map/@cpumap", smart_strings=False)
_GUESTS_WITHOUT_CPUMAP = etree.XPath("boolean(/scenario/guest[@ncpus = $n][not(@cpumap)])")
_GUEST_CPUMAPS = etree.XPath("/scenario/guest[@ncpus = $n]/@cpumap", smart_strings=False)
_GUEST_MAP_CPUMAPS = etree.XPath("/scenario/guest[@ncpus = $n]/mmu/map/@cpumap",
                                 smart_strings=False)
_EVERY_GUEST_MAP_CPUMAPS = etree.XPath("/scenario/guest/mmu/map/@cpumap", smart_strings=False)


def _cpus_fit(root: etree._Element, seen: dict[tuple[str, str], set[str]]) -> bool:
    """Whether `_check_cpus` would find nothing, decided from the distinct
    values (`_scan`) rather than element by element: every cpumap that names
    host CPUs against the hypervisor's count, and per distinct guest ncpus the
    guests' cpumaps and their maps' cpumaps. The sets are supersets of what
    `_check_cpus` looks at, so False only means: look element by element."""
    hv = root.find("hypervisor")
    try:
        hosts = values.parse_dec(hv.get("ncpus", "")) if hv is not None else None
    except ValueSyntaxError:
        hosts = None
    if hosts is None:
        return True  # _check_cpus checks nothing
    host_maps: set[str] = set()
    for key in (("memreq", "cpumap"), ("sched", "cpumap"), ("guest", "cpumap")):
        host_maps |= seen.get(key, set())
    # Every map's cpumap first (a superset of the hypervisor's maps'), then,
    # if one names a CPU too many, the hypervisor's maps' alone.
    if any(_highest(text) >= hosts for text in host_maps | seen.get(("map", "cpumap"), set())):
        host_maps |= set(_HYPERVISOR_MAP_CPUMAPS(hv))
        if any(_highest(text) >= hosts for text in host_maps):
            return False
    counts = seen.get(("guest", "ncpus"), set())
    for n in counts:
        try:
            vcpus = values.parse_dec(n)
        except ValueSyntaxError:
            continue  # such guests are skipped
        if vcpus > hosts and _GUESTS_WITHOUT_CPUMAP(root, n=n):
            return False
        # One ncpus for every guest (the DTD requires it): every guest's.
        alone = len(counts) == 1
        guest_cpumaps = seen.get(("guest", "cpumap"), set()) if alone else _GUEST_CPUMAPS(root, n=n)
        for text in set(guest_cpumaps):
            try:
                value = values.parse_list(text)
            except ValueSyntaxError:
                if vcpus > hosts:
                    return False
                continue
            if (hosts if value == values.ALL_CPUS else len(value)) < vcpus:
                return False
        map_cpumaps = (_EVERY_GUEST_MAP_CPUMAPS(root) if alone
                       else _GUEST_MAP_CPUMAPS(root, n=n))
        if any(_highest(text) >= vcpus for text in set(map_cpumaps)):
            return False
    return True


def problems(tree: etree._ElementTree, url: str,
             library_ids: frozenset[str] = frozenset()) -> list[SchismError]:
    """Every problem of `tree` as located errors, in document order (`schism
    check`). A document that breaks the DTD gets only those: the later rules
    assume its shape."""
    voc = vocabulary()
    entries = [] if voc.dtd.validate(tree) else [
        e for e in voc.dtd.error_log.filter_from_errors()
        if e.type_name not in _LEFT_TO_REFERENCES]
    if entries:
        found = [_dtd_problem(e, tree, voc) for e in entries]
    else:  # valid, or only references the library (or nothing) will resolve
        found = _all_tree_problems(tree, voc, library_ids)
    unique = list(dict.fromkeys(found))
    return [_error(p, url, tree) for p in sorted(unique, key=_line)]


def _all_tree_problems(tree: etree._ElementTree, voc: _Vocabulary,
                       library_ids: frozenset[str]) -> list[Problem]:
    root = tree.getroot()
    if root.tag != ROOT:
        return [Problem(root.sourceline,
                        _what(root.tag, None, f"the document element must be <{ROOT}>"))]
    plan = _the_plan(voc)
    seen = _scan(root, voc)
    found = _check_values(root, plan, seen)
    for rules, offenders in plan.counts:
        for el in offenders(root):
            found += _count_problems(el, rules)
    if found:  # references and CPUs assume values that parse
        return found
    return (_check_refs(root, plan, voc, seen, library_ids)
            + ([] if _cpus_fit(root, seen) else _check_cpus(root))
            + ([] if _addresses_fit(root, seen) else _check_addresses(root)))


def check(tree: etree._ElementTree, url: str, library_ids: frozenset[str] = frozenset()) -> None:
    """Raise a located SchismError for the first problem in `tree`.

    `library_ids`: IDs that library files will provide later (stage 1 input):
    references to them are not errors yet. An ID the document itself defines
    is checked against the document's element, library or not.

    The DTD is checked in two steps when it can be: libxml2 with the relaxed
    DTD (IDs as CDATA), then ID syntax and uniqueness from the distinct
    values. Only when both hold is the document taken as valid against the
    DTD; anything else is validated again against the DTD itself, whose
    findings (their words, their order) are the ones reported."""
    voc = vocabulary()
    seen = None
    if voc.relaxed is not None and voc.relaxed.validate(tree):
        seen, id_count = _scan_counting(tree.getroot(), voc)
        if not _ids_hold(voc, seen, id_count):
            _raise(_check_dtd(tree, voc), url, tree)
    else:
        _raise(_check_dtd(tree, voc), url, tree)
    _raise(_check_tree(tree, voc, library_ids, seen), url, tree)


# XML Names in ASCII, each ended by NUL (which no attribute value holds);
# any other ID or IDREF is left to libxml2.
_ASCII_NAMES = re.compile(r"(?:[A-Za-z_:][A-Za-z0-9._:-]*\x00)*")


def _ids_hold(voc: _Vocabulary, seen: dict[tuple[str, str], set[str]], id_count: int) -> bool:
    """What the DTD checks of ID, IDREF and IDREFS attributes beyond their
    presence, on a document valid against the relaxed DTD: every value is a
    name (IDREFS: names separated by single spaces) and no ID is given twice
    (`id_count` IDs in all). References that name no ID are the reference
    rules' business (`_LEFT_TO_REFERENCES`). True only when all of it surely
    holds."""
    ids: set[str] = set()
    names: list[str] = []
    for tag, attributes in voc.attributes.items():
        for name, kind in attributes.items():
            if kind not in _ID_TYPES:
                continue
            texts = seen.get((tag, name), set())
            if kind == "idrefs":
                names += [word for text in texts for word in text.split(" ")]
            else:
                names += texts
            if kind == "id":
                ids |= texts
    if names and not _ASCII_NAMES.fullmatch("\x00".join(names) + "\x00"):
        return False
    return id_count == len(ids)


# --- 5. address ranges that fit --------------------------------------------------------
#
# The C configuration and the page tables hold addresses in machine words:
# an emulated device region must end within the architecture's word (32 bits
# when every paging format of the arch is 32 bits wide, as on arm), a map's
# window [offset, offset + length) must lie inside what it maps, and a map
# with a base must end within its format's virtual addresses. The original
# wrote the overflowing values into C, where the compiler rejected them.


def _hex_or_none(el: etree._Element, name: str) -> int | None:
    text = el.get(name)
    if text is None:
        return None
    try:
        return values.parse_hex(text)
    except ValueSyntaxError:
        return None  # reported by the value rules


def _bases(el: etree._Element) -> list[int]:
    text = el.get("base")
    if text is None:
        return []
    try:
        table = values.parse_table(text)
    except ValueSyntaxError:
        return []
    return [table.uniform] if table.uniform is not None else [v for _, v in table]


def _addresses_fit(root: etree._Element, seen: dict[tuple[str, str], set[str]]) -> bool:
    """Whether `_check_addresses` would find nothing, decided from the
    distinct values (every one of which parses: the value rules ran first):
    the largest emulate base plus the largest emulate size within the arch's
    word, and, when no map has an offset, the largest map base plus the
    largest size a map can have within the narrowest paging format. These
    bound what `_check_addresses` compares, so False only means: look
    element by element."""
    widths = []
    for fmt in root.iterfind("platform/arch/paging_format"):
        try:
            widths.append(values.parse_dec(fmt.get("va_width", "")))
        except ValueSyntaxError:
            return True  # _check_addresses checks nothing
    if seen.get(("map", "offset")):
        return False

    def largest(key: tuple[str, str], parse) -> int:
        return max(map(parse, seen.get(key, ())), default=0)

    word = max(widths, default=values.MAX_BITS)
    if largest(("emulate", "base"), values.parse_hex) + largest(
            ("emulate", "size"), values.parse_hex) > 1 << word:
        return False
    length = max(largest(("memreq", "size"), values.parse_hex),
                 largest(("device", "size"), values.parse_hex),
                 largest(("map", "subsize"), values.parse_hex))
    narrowest = min([*widths, values.MAX_BITS])
    return largest(("map", "base"), _largest_base) + length <= 1 << narrowest


def _largest_base(text: str) -> int:
    value = _largest_bases.get(text)
    if value is None:
        value = _largest_bases[text] = values.largest_in_table(text)
    return value


def _of_arch(root: etree._Element) -> str:
    """The ` of arch 'ID'` of a message: the arch imported into <platform>, or
    the one its `arch` attribute names before stage 1 imports it."""
    arch = root.find("platform/arch")
    if arch is None:
        arch = root.find("platform")
        name = arch.get("arch") if arch is not None else None
    else:
        name = arch.get("id")
    return f" of arch '{name}'" if name else ""


def _check_addresses(root: etree._Element) -> list[Problem]:
    widths: dict[str, int] = {}
    for fmt in root.iterfind("platform/arch/paging_format"):
        try:
            widths[fmt.get("id", "")] = values.parse_dec(fmt.get("va_width", ""))
        except ValueSyntaxError:
            return []  # reported by the value rules
    word = max(widths.values(), default=values.MAX_BITS)
    problems: list[Problem] = []
    for el in root.iterfind("guest/vdev/emulate"):
        base, size = _hex_or_none(el, "base"), _hex_or_none(el, "size") or 0
        if base is not None and base + size > 1 << word:
            problems.append(Problem(el.sourceline, _what(
                "emulate", "base", f"[{values.format_hex(base)},{values.format_hex(base + size)})"
                f" ends above the {word}-bit addresses{_of_arch(root)}")))
    sizes = {el.get("id"): _hex_or_none(el, "size") for el in root.iter("memreq", "device")}
    for mmu in root.iter("mmu"):
        limit = 1 << widths.get(mmu.get("format", ""), values.MAX_BITS)
        for m in mmu.iterfind("map"):
            whole = sizes.get(m.get("xref"))
            if whole is None:
                continue  # a reference problem, or a size that does not parse
            offset = _hex_or_none(m, "offset") or 0
            subsize = _hex_or_none(m, "subsize")
            length = subsize if subsize is not None else max(whole - offset, 0)
            if m.get("offset") is not None and offset + length > whole:
                window = (f"offset {values.format_hex(offset)}" if subsize is None else
                          f"offset {values.format_hex(offset)} + subsize "
                          f"{values.format_hex(subsize)}")
                problems.append(Problem(m.sourceline, _what(
                    "map", "offset", f"{window} lies beyond the size {values.format_hex(whole)} "
                    f"of {m.get('xref')}")))
                continue
            for base in _bases(m):
                if base + length > limit:
                    problems.append(Problem(m.sourceline, _what(
                        "map", "base", f"[{values.format_hex(base)},"
                        f"{values.format_hex(base + length)}) of '{m.get('xref')}' ends above "
                        f"the {limit.bit_length() - 1}-bit virtual addresses of format "
                        f"'{mmu.get('format')}'")))
                    break
    return problems
