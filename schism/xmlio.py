"""Reading and writing scenario XML safely and reproducibly.

* Parsing never touches the network, never loads a DTD named by the input's
  DOCTYPE and never expands entities; the project's own DTD validates.
* Output is written in one canonical form (2-space indent, no declaration,
  as the original tools wrote) to a temporary file in the build directory and
  renamed into place, so a failed stage never leaves a file `make` would take
  as done.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from schism.errors import SchismError

# Documents a stage process keeps until it ends (`keep`): freeing a tree of
# a hundred thousand nodes costs as much as a tenth of parsing it, and glibc
# then spends as long again merging the freed blocks. None: free them as
# usual (tests and other callers that run many stages in one process).
_kept: list | None = None
# The size of the XML the kept documents were parsed from or written as.
_kept_bytes = 0
# A process running several stages keeps its documents while they came from
# or became at most this much XML (about 20 times as much in trees; stages
# 1-8 of 25,600 guests stay below it): freeing a tree costs more than
# parsing it (0.35 s for one of 6,400 guests).
KEEP_LIMIT = 256 << 20


def keep_documents() -> None:
    """From now on, keep what `kept` is given until the process ends
    (`python -m schism`, which exits without tearing the interpreter down)."""
    global _kept
    _kept = []


def keeping() -> bool:
    """Whether this is a stage process that keeps its documents (`keep_documents`)."""
    return _kept is not None


def release_documents(limit: int = 0) -> None:
    """Let the documents kept so far go (a process that runs another stage),
    unless they hold no more than `limit` bytes of XML (`weigh`)."""
    global _kept_bytes
    if _kept is not None and _kept_bytes > limit:
        _kept.clear()
        _kept_bytes = 0


def kept_size() -> int:
    """The bytes of XML the documents kept so far came from or became."""
    return _kept_bytes


def weigh(size: int) -> None:
    """Count `size` bytes of XML towards the documents kept."""
    global _kept_bytes
    if _kept is not None:
        _kept_bytes += size


def kept(document):
    """`document`, kept alive until the process ends when `keep_documents` was called."""
    if _kept is not None:
        _kept.append(document)
    return document


def _parser(indentation: bool = True) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        # Dropping the indentation caps line numbers at 65535: libxml2 keeps a
        # larger one only in the text nodes after an element.
        remove_blank_text=not indentation,
        huge_tree=True,
    )


def open_regular(path: str | os.PathLike, missing: str = "") -> BinaryIO:
    """`path` opened for reading if it is a regular file. Anything else is an
    error, not a wait or an endless read: a FIFO (opened without blocking), a
    device such as /dev/zero, a directory. `missing` is added to the message
    for a file that does not exist ("run the previous stage first")."""
    path = os.fspath(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise SchismError(f"{path} does not exist{missing}") from None
    except OSError as e:
        raise SchismError(f"cannot read {path}: {e.strerror}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = " (a directory)" if stat.S_ISDIR(mode) else ""
            raise SchismError(f"{path} is not a regular file{kind}")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def read_file(path: str | os.PathLike, missing: str = "") -> bytes:
    """The bytes of the regular file `path` (see `open_regular`), as long as
    it was when opened (a file growing meanwhile is cut there)."""
    with open_regular(path, missing) as f:
        try:
            return f.read(os.fstat(f.fileno()).st_size)
        except OSError as e:
            raise SchismError(f"cannot read {os.fspath(path)}: {e.strerror}") from None


def parse_file(path: str | os.PathLike, indentation: bool = True) -> etree._ElementTree:
    """Parse `path`; malformed XML is a located SchismError."""
    from schism import deps

    path = str(path)
    data = read_file(path)
    deps.read(path)
    return parse_bytes(data, path, indentation)


# Entity declarations are refused before parsing: libxml2 would expand
# internal entities in attribute values even when told not to resolve them.
_ENTITY_DECLARATION = b"<!ENTITY"
# Where the tree can hold an entity reference node: an `&` that starts
# neither a predefined entity nor a character reference (libxml2 replaces
# those). Only then is the tree walked for one.
_ENTITY_REFERENCE = re.compile(rb"&(?!(?:amp|lt|gt|quot|apos);|#)")


def parse_bytes(data: bytes, url: str, indentation: bool = True) -> etree._ElementTree:
    """Parse `data` as the file `url` (for messages and relative lookups).

    `indentation=False` leaves out the text nodes that hold only white space
    between elements (libxml2's "blanks": not those inside an element with no
    other content, or next to other text). Every stylesheet strips them
    anyway (xsl:strip-space), and no rule reads them, but they are a third
    of a scenario's nodes: without them a stage at 25,600 guests runs 10-20 %
    faster (docs/performance.md "Figures, fifth round"). The tree's line
    numbers then stop at 65535, so only a stage that will run again if it
    fails parses its input so (schism/stages/xmlstage.py `parse_input`)."""
    at = data.find(_ENTITY_DECLARATION)
    if at >= 0:
        raise SchismError("DOCTYPE: entity declarations are not allowed (schism expands no "
                          "entities; write the value itself)", url, data.count(b"\n", 0, at) + 1)
    try:
        root = etree.fromstring(data, _parser(indentation), base_url=url)
    except etree.XMLSyntaxError as e:
        raise SchismError(f"malformed XML: {_worded(e.msg)}", url, e.lineno) from None
    tree = root.getroottree()
    if _ENTITY_REFERENCE.search(data):  # else the tree holds no entity reference
        _reject_entities(tree, url)
    weigh(len(data))
    return kept(tree)


# libxml2's advice for its nesting limit names a parser option, which is not
# the user's to set: the limit is said as what the document does.
_TOO_DEEP = re.compile(r"Excessive depth in document: (\d+), use XML_PARSE_HUGE option")


def _worded(message: str) -> str:
    return _TOO_DEEP.sub(r"elements nested more than \1 deep", message)


def _reject_entities(tree: etree._ElementTree, path: str) -> None:
    for node in tree.iter(etree.Entity):
        raise SchismError(f"entity reference &{node.name}; is not allowed", path, node.sourceline)


def serialize(tree: etree._ElementTree | etree._Element) -> bytes:
    """The canonical text of a scenario document: indented, no declaration,
    comments around the document element placed as libxslt writes them for
    the stylesheets' xsl:output (so both engines give the same bytes)."""
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    root = _strip_blank(root)
    etree.indent(root, space="  ")
    def text(node) -> bytes:
        return etree.tostring(node, encoding="utf-8", with_tail=False)

    before = [text(n) + b"\n" for n in reversed(list(root.itersiblings(preceding=True)))]
    after = [text(n) for n in root.itersiblings()]
    return b"".join([*before, text(root), *after, b"\n"])


def _strip_blank(root: etree._Element) -> etree._Element:
    for el in root.iter():
        if el.text is not None and not el.text.strip():
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    return root


def same_content(path: Path, data: bytes) -> bool:
    """Whether the regular file `path` holds exactly `data` (not a stage input)."""
    from schism import deps

    try:
        if not path.is_file() or path.stat().st_size != len(data):
            return False
        with deps.unrecorded():
            return path.read_bytes() == data
    except OSError:
        return False


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write `data` to `path` via a temporary file in the same directory.

    A file that already holds `data` is left alone: its unchanged mtime tells
    make that the stages reading it need not run (docs/builds.md)."""
    path = Path(path)
    if same_content(path, data):
        return
    try:
        fd, tmp = mkstemp(f".{path.name}.", ".tmp", path.parent)
    except OSError as e:
        raise SchismError(f"cannot write {path}: {e.strerror}") from None
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except BaseException as e:
        os.close(fd)
        remove_temporary(tmp)
        if isinstance(e, OSError):
            raise SchismError(f"cannot write {path}: {e.strerror}") from None
        raise
    put_in_place(fd, tmp, path)


def put_in_place(fd: int, tmp: str, path: Path) -> None:
    """Rename the temporary file `tmp` (from `mkstemp`, written through `fd`,
    which this closes) to `path`, with the mode a new file gets; on any
    failure the temporary file goes and `path` is left as it was."""
    try:
        try:
            mask = os.umask(0)
            os.umask(mask)
            os.fchmod(fd, 0o666 & ~mask)  # mkstemp's 0600 would outlive the rename
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as e:
        remove_temporary(tmp)
        if isinstance(e, OSError):
            raise SchismError(f"cannot write {path}: {e.strerror}") from None
        raise


_NAME_LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789_"


def mkstemp(prefix: str, suffix: str, directory: str | os.PathLike) -> tuple[int, str]:
    """`tempfile.mkstemp(suffix, prefix, directory)` without importing
    tempfile (and random, hashlib, shutil with it) into every stage: a new
    file `prefix` + 8 random letters + `suffix`, mode 0600, open for writing."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC
    for _ in range(100):
        name = prefix + "".join(_NAME_LETTERS[b % 37] for b in os.urandom(8)) + suffix
        path = os.path.join(directory, name)
        try:
            return os.open(path, flags, 0o600), os.path.abspath(path)
        except FileExistsError:
            continue
    raise FileExistsError(f"no unused temporary name in {directory}")


def remove_temporary(path: str) -> None:
    """Remove a temporary file, which may be gone already."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
