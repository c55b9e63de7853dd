"""The one error type every stage raises for bad input.

Its text is the one-line form the integrator sees and `make` prints:
`FILE:LINE: error: WHAT` (file and line left out when unknown).
"""

from __future__ import annotations


class SchismError(Exception):
    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def located(self, file: str | None, line: int | None = None) -> SchismError:
        """Fill in a location the raiser did not know (keeps one it did)."""
        if self.file is None:
            self.file = file
        if self.line is None:
            self.line = line
        return self

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}error: {self.message}"


def location(element) -> tuple[str | None, int | None]:
    """(file, line) of an lxml element: its document's URL and source line."""
    if element is None:
        return None, None
    file = element.getroottree().docinfo.URL
    if file and file.startswith("file://"):
        file = file[len("file://"):]
    return file, getattr(element, "sourceline", None)


def at(element, message: str) -> SchismError:
    """An error located at an lxml element (its document's file and line)."""
    return SchismError(message, *location(element))


def warning_at(element, message: str) -> str:
    """The warning line `FILE:LINE: warning: WHAT` for an element: the same
    location as `at`, for findings that do not stop a command."""
    file, line = location(element)
    where = (f"{file}:{line}: " if line else f"{file}: ") if file else ""
    return f"{where}warning: {message}"
