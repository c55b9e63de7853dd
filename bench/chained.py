#!/usr/bin/env python3
"""Stages run one after another in one process, as a stage process under
`make O=` runs the stages make would run next (schism/chain.py): the same
start-up as `python -m schism`, trees handed on in memory.

    python bench/chained.py O STAGE [STAGE ...]    (STAGE: expand, generate-config-1, ...)

Prints one line per stage on stdout: its key and the CPU seconds it took;
when the chain would end before the last STAGE (`chain.has_room`), a line
`rest STAGE ...` with the stages left for another process.
"""

from __future__ import annotations

import gc
import os
import sys
import time
from pathlib import Path


def main() -> int:
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)
    from schism import chain, cli, pipeline, xmlio
    from schism.stages import Context, xmlstage

    xmlio.keep_documents()
    build_dir, *keys = sys.argv[1:]
    ctx = Context(build_dir=Path(build_dir), out=cli._QuietOut(sys.stderr))
    xmlstage.hand_on()
    lines = []
    for i, key in enumerate(keys):
        if i and not chain.has_room():
            lines.append(" ".join(["rest", *keys[i:]]) + "\n")
            break
        start = time.process_time()
        cli.run_stage(pipeline.by_key(key), ctx)
        lines.append(f"{key} {time.process_time() - start:.4f}\n")
    sys.stdout.write("".join(lines))
    sys.stdout.flush()
    sys.stderr.flush()
    return 0


if __name__ == "__main__":
    os._exit(main())
