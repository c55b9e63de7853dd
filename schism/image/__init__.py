"""Boot image formats of stage 9 (combine): the raw image and its wrappers.

The wrappers (U-Boot legacy image, PE/COFF EFI application) are written by
schism itself, so the bytes depend on the inputs only (no external tool, no
clock: timestamps come from SOURCE_DATE_EPOCH or are 0).
"""

from __future__ import annotations

from schism import deps
from schism.errors import SchismError

KINDS = ("raw", "uboot", "efi-pe")


class ImageFieldError(ValueError):
    """A scenario value a wrapper format cannot hold; names the element and
    attribute it came from so the stage can locate the error there."""

    def __init__(self, element: str, attribute: str, message: str):
        super().__init__(message)
        self.element = element
        self.attribute = attribute


def timestamp() -> int:
    """The wrappers' 32-bit creation time: SOURCE_DATE_EPOCH, else 0 (reproducible)."""
    value = deps.source_date_epoch()
    if value is None:
        return 0
    if value >= 1 << 32:
        raise SchismError(
            f"SOURCE_DATE_EPOCH: {value} does not fit the 32-bit time field of the image header"
        )
    return value
