"""The computing core of schism: the parts the stages, `validate`, the CBIs
and the image writers share.

* `values`: the attribute codecs (HEX, DEC, LIST, TABLE, flags), alignment
  and `attribute`, the one reader of a located attribute (docs/values.md);
* `elf`: ELF load segments (stage 4 measures them, stage 9 copies them);
* `image`: the stage-4 table as `xslt/measure.xsl` writes it (stages 4, 9);
* `layout`: the free-range allocator of stages 5 and 6;
* `pagetables`: the translation-table builder of stage 7.

None of them is an extension function itself. Stages 4-7 expose the facts
they compute with these modules to their stylesheets as lxml extension
functions (namespace `urn:schism:ext`, `schism.engine`); each stage module
lists its own in one registry, `FUNCTIONS` (`schism/stages/measure.py`,
`layout_memory.py`, `layout_map.py`, `pagetables.py`), which `bind` ties to
the facts of one run.
"""

from __future__ import annotations

from collections.abc import Callable


def bind(functions: dict[str, Callable[..., str]], facts: object) -> dict[str, Callable[..., str]]:
    """A stage's registry (XPath name -> method of its facts' class) bound to
    the facts of one run: the `extensions` the stage's stylesheet runs with."""
    return {name: fn.__get__(facts) for name, fn in functions.items()}
