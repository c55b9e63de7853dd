"""The record of validated outputs, `O/.schism-validated` (docs/validation.md).

Each XML stage validates what it writes and records the digest of those
bytes here; the next stage, reading the very same bytes, trusts them instead
of validating them a second time. Any other content (an edit by hand, a file
another schism wrote, rules that changed since) does not match and is
checked. A record that is missing or unreadable trusts nothing.
"""

from __future__ import annotations

import functools
from pathlib import Path

from schism import deps, resources, validate, xmlio
from schism.errors import SchismError

NAME = ".schism-validated"

try:  # hashlib's own blake2b, without loading OpenSSL for hashlib's other hashes
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b as _blake2b


def digest(data: bytes) -> str:
    """What the record keeps for `data`: its hash and the validator's."""
    deps.read(resources.dtd())  # the digest stands for a validation against it
    h = _blake2b(data, digest_size=16)
    h.update(_validator_key())
    return h.hexdigest()


@functools.cache
def _validator_key() -> bytes:
    """Changes whenever the rules that validated a file may have changed."""
    h = _blake2b(digest_size=16)
    for path in (resources.dtd(), Path(validate.__file__)):
        h.update(path.read_bytes())
    return h.digest()


def _known(build_dir: Path) -> dict[str, str]:
    """File name -> digest, as recorded in `build_dir`."""
    path = build_dir / NAME
    if not path.is_file():
        return {}
    try:
        lines = xmlio.read_file(path).decode("utf-8", "replace").splitlines()
    except SchismError:
        return {}
    return dict(reversed(line.split(" ", 1)) for line in lines if " " in line)


def trusted(build_dir: Path, name: str, data: bytes) -> bool:
    """Whether `data`, read from `build_dir/name`, is what a stage validated."""
    return _known(build_dir).get(name) == digest(data)


def record(build_dir: Path, name: str, data: bytes) -> None:
    """Note that the stage validated `data` and wrote it as `build_dir/name`."""
    path = build_dir / NAME
    if path.exists() and not path.is_file():
        raise SchismError(f"{path} is not a regular file: schism keeps its record of validated "
                          "files there (remove it)")
    known = _known(build_dir)
    known[name] = digest(data)
    text = "".join(f"{d} {n}\n" for n, d in sorted(known.items()))
    xmlio.write_atomic(path, text.encode())
