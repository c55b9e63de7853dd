"""The one error type every stage raises for bad input.

Its text is the one-line form the integrator sees and `make` prints,
`FILE:LINE: error: WHAT` (file and line left out when unknown), followed by
`FILE:LINE: note: ...` lines that point at related places: where an element
of an intermediate file came from (schism/origin.py), the other party of a
clash.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# A message stays one short line whatever the input held: control characters
# are written escaped, and a quoted value longer than this is cut.
_LONGEST_QUOTE = 80
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Every quoted value, paired from the left: the text between two quoted
# values is no value, however long.
_QUOTED = re.compile(r"'([^'\n]*)'")


# Beyond the quoted values, a word no file name or number of a message
# reaches: a value of the input written unquoted (a list of IDs).
_HUGE_WORD = re.compile(r"\S{1001,}")


def tidy(text: str) -> str:
    """`text` as one line: control characters escaped, long quoted values cut
    (and any word of over 1000 characters)."""
    text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    text = _QUOTED.sub(lambda m: f"'{cut(m.group(1))}'", text)
    return _HUGE_WORD.sub(lambda m: cut(m.group()), text)


def cut(value: str) -> str:
    """A value as a message shows it where it is not quoted (inside a file
    name): cut as `tidy` cuts a quoted one."""
    return value if len(value) <= _LONGEST_QUOTE else value[:_LONGEST_QUOTE - 3] + "..."


def listing(names: Iterable[str], most: int = 12) -> str:
    """Names from the input as a message lists them (`known: a, b`): each
    cut as a value is, and no more than `most` (a scenario may hold
    thousands); "none" for none."""
    names = list(names)
    if not names:
        return "none"
    shown = ", ".join(cut(name) for name in names[:most])
    return shown if len(names) <= most else f"{shown}, ... ({len(names) - most} more)"


class Note:
    """A `FILE:LINE: note: TEXT` line after an error. (A plain class, not a
    dataclass: this module is imported by every stage process, where
    generating a dataclass's methods costs more than the stage's own work on
    a small scenario.)"""

    __slots__ = ("file", "line", "text", "element")

    def __init__(self, file: str | None, line: int | None, text: str, element: object = None):
        self.file = file
        self.line = line
        self.text = text
        self.element = element  # the lxml element it points at, when known

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Note):
            return NotImplemented
        return ((self.file, self.line, self.text, self.element)
                == (other.file, other.line, other.text, other.element))

    __hash__ = None  # mutable, as the dataclass was

    def __repr__(self) -> str:
        return (f"Note(file={self.file!r}, line={self.line!r}, text={self.text!r}, "
                f"element={self.element!r})")

    def __str__(self) -> str:
        return f"{_where(self.file, self.line)}note: {tidy(self.text)}"


def _where(file: str | None, line: int | None) -> str:
    if not file:
        return ""
    return f"{file}:{line}: " if line else f"{file}: "


class SchismError(Exception):
    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 element=None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.element = element  # the lxml element it is about, when known
        self.notes: list[Note] = []

    def located(self, file: str | None, line: int | None = None) -> SchismError:
        """Fill in a location the raiser did not know (keeps one it did)."""
        if self.file is None:
            self.file = file
        if self.line is None:
            self.line = line
        return self

    def note(self, file: str | None, line: int | None, text: str) -> SchismError:
        self.notes.append(Note(file, line, text))
        return self

    def note_at(self, element, text: str) -> SchismError:
        """A note located at an lxml element."""
        self.notes.append(Note(file_of(element), getattr(element, "sourceline", None), text,
                               element))
        return self

    def __str__(self) -> str:
        first = f"{_where(self.file, self.line)}error: {tidy(self.message)}"
        return "\n".join([first, *(str(n) for n in self.notes)])


def file_of(element) -> str | None:
    """The file an lxml element was parsed from."""
    if element is None:
        return None
    file = element.getroottree().docinfo.URL
    if file and file.startswith("file://"):
        file = file[len("file://"):]
    return file


def location(element) -> tuple[str | None, int | None]:
    """(file, line) of an lxml element: its document's URL and source line."""
    return file_of(element), getattr(element, "sourceline", None)


def at(element, message: str) -> SchismError:
    """An error located at an lxml element (its document's file and line)."""
    return SchismError(message, file_of(element), getattr(element, "sourceline", None),
                       element)


def warning_at(element, message: str) -> str:
    """The warning line `WARN: FILE:LINE: WHAT` for an element, for findings
    that do not stop a command: the original tools' WARN lines, located."""
    file, line = location(element)
    return f"WARN: {_where(file, line)}{tidy(message)}"
