"""Stage 9 raw image: every part at the offset stage 4 gave it (docs/combine.md 9.1)."""

from __future__ import annotations

import pytest
from lxml import etree

from .helpers import (
    BLOB_OFFSET,
    CONFIG_FILE_RANGE,
    CONFIG_R_OFFSET,
    DATA,
    HV_FILE_RANGE,
    IMAGE_SIZE,
    PAGETABLES_FILE_SIZE,
    PAGETABLES_MEMREQ_SIZE,
    PAGETABLES_OFFSET,
    edit,
    make_build_dir,
    run,
    shift_load_base,
)


def test_raw_layout(tmp_path):
    out = make_build_dir(tmp_path)
    run(out)
    image = (out / "image").read_bytes()
    hv = (DATA / "phidias.elf").read_bytes()
    config = (DATA / "scenario_config_real.xo").read_bytes()
    pagetables = (DATA / "pagetables").read_bytes()
    assert len(image) == IMAGE_SIZE == 0xB23E0
    start, length = HV_FILE_RANGE
    assert image[:CONFIG_R_OFFSET] == hv[start:start + length]
    start, length = CONFIG_FILE_RANGE
    assert image[CONFIG_R_OFFSET:PAGETABLES_OFFSET] == config[start:start + length]
    pt_end = PAGETABLES_OFFSET + PAGETABLES_FILE_SIZE
    assert len(pagetables) == PAGETABLES_FILE_SIZE
    assert image[PAGETABLES_OFFSET:pt_end] == pagetables
    assert image[pt_end:BLOB_OFFSET] == bytes(PAGETABLES_MEMREQ_SIZE - PAGETABLES_FILE_SIZE)
    assert image[BLOB_OFFSET:] == (DATA / "linux-Image.bin").read_bytes()
    assert not (out / "uimage").exists() and not (out / "image.efi").exists()


@pytest.mark.parametrize("kind, wrapper", [("raw", None), ("uboot", "uimage"),
                                           ("efi-pe", "image.efi")])
def test_reproducible(tmp_path, monkeypatch, kind, wrapper):
    """Same inputs, same bytes (no clock: SOURCE_DATE_EPOCH unset means time 0)."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = make_build_dir(tmp_path / "a", kind)
    second = make_build_dir(tmp_path / "b", kind)
    run(first)
    run(second)
    for name in ("image", wrapper) if wrapper else ("image",):
        assert (first / name).read_bytes() == (second / name).read_bytes()


def test_raw_does_not_depend_on_load_base(tmp_path):
    """Offsets are relative to load_base: a shifted layout gives the same bytes."""
    plain = make_build_dir(tmp_path / "a")
    shifted = make_build_dir(tmp_path / "b")
    edit(shifted, lambda root: shift_load_base(root, 0x8000_0000))
    run(plain)
    run(shifted)
    assert (plain / "image").read_bytes() == (shifted / "image").read_bytes()


def test_files_back_to_back(tmp_path):
    """Two payloads: the second at the first one's end, no padding (stage 4's offsets)."""
    out = make_build_dir(tmp_path)
    (out / "second.bin").write_bytes(b"\xa5" * 10)

    def add_file(root):
        etree.SubElement(root.find("files"), "file", id="second", href="second.bin",
                         offset="0x493e0", size="0xa")

    edit(out, add_file)
    run(out)
    image = (out / "image").read_bytes()
    assert len(image) == IMAGE_SIZE + 10
    assert image[IMAGE_SIZE:] == b"\xa5" * 10
