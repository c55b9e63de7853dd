"""The raw boot image (docs/combine.md 9.1): the parts of the physical image
in the order stage 4 laid them out (docs/measure.md 4.6, the stage-4 table
of `xslt/measure.xsl` read through `schism.ext.image`): the hypervisor's
segments, the configuration's, the page tables padded to their memreq, then
the payload files, back to back. The offsets recorded here, by the memreq
that holds each part, are what the stage cross-checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from schism.ext import elf, image


@dataclass(frozen=True)
class RawImage:
    data: bytes
    # image offset of each part by the memreq that holds it (core_rx, ...,
    # pagetables, blob), of "file:<id>" per payload, and the "end"
    offsets: dict[str, int]
    hypervisor_segments: list[elf.Segment]


def build(
    hypervisor_elf: Path,
    config_object: Path,
    pagetables: bytes,
    pagetables_size: int,
    payloads: Sequence[tuple[str, bytes]],
) -> RawImage:
    """Concatenate the parts; `pagetables` is zero-padded to `pagetables_size`
    (the caller has checked it is not larger). `payloads`: (file id, bytes)."""
    if len(pagetables) > pagetables_size:
        raise ValueError("page tables larger than their memreq")
    out = bytearray()
    offsets: dict[str, int] = {}
    paths = {"hypervisor": hypervisor_elf, "config": config_object}
    segments: dict[str, list[elf.Segment]] = {}

    def add(name: str, data: bytes) -> None:
        offsets[name] = len(out)
        out.extend(data)

    for row in image.image():
        if row.part in paths:
            path = paths[row.part]
            if row.part not in segments:  # the role names the file in errors
                segments[row.part] = elf.read_segments(
                    path, image.segment_count(row.part), row.part)
            add(row.memreq, elf.segment_bytes(path, segments[row.part][int(row.segment)]))
        elif row.part == "pagetables":
            add(row.memreq, pagetables)
            out.extend(bytes(pagetables_size - len(pagetables)))
        else:  # the files
            offsets[row.memreq] = len(out)
            for file_id, data in payloads:
                add(f"file:{file_id}", data)
    offsets["end"] = len(out)
    return RawImage(bytes(out), offsets, segments["hypervisor"])
