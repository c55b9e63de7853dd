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


def at(element, message: str) -> SchismError:
    """An error located at an lxml element (its document's file and line)."""
    file = None
    if element is not None:
        tree = element.getroottree()
        file = tree.docinfo.URL
        if file and file.startswith("file://"):
            file = file[len("file://"):]
    return SchismError(message, file, getattr(element, "sourceline", None))
