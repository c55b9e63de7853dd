"""The raw boot image (docs/combine.md 9.1): the hypervisor's segments H0..H3,
the configuration's C0..C2, the page tables padded to their memreq, then the
payload files, back to back. Stage 4 derived the physical layout from exactly
this order, so the offsets recorded here are what the stage cross-checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from schism.ext import elf

HYPERVISOR_SEGMENTS = 4  # H0 rx, H1 r, H2 rws, H3 rw (docs/measure.md 4.1)
CONFIG_SEGMENTS = 3  # C0 r, C1 rw, C2 rws


@dataclass(frozen=True)
class RawImage:
    data: bytes
    # image offset of each part: "H0".."H3", "C0".."C2", "pagetables", "blob",
    # "file:<id>" per payload, and the "end"
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

    def add(name: str, data: bytes) -> None:
        offsets[name] = len(out)
        out.extend(data)

    hv_segments = elf.read_segments(hypervisor_elf, HYPERVISOR_SEGMENTS, "hypervisor")
    for i, seg in enumerate(hv_segments):
        add(f"H{i}", elf.segment_bytes(hypervisor_elf, seg))
    for i, seg in enumerate(elf.read_segments(config_object, CONFIG_SEGMENTS, "config")):
        add(f"C{i}", elf.segment_bytes(config_object, seg))
    add("pagetables", pagetables)
    out.extend(bytes(pagetables_size - len(pagetables)))
    offsets["blob"] = len(out)
    for file_id, data in payloads:
        add(f"file:{file_id}", data)
    offsets["end"] = len(out)
    return RawImage(bytes(out), offsets, hv_segments)
