"""Binary search trees over memareas and emulates (docs/phidias.md P9).

Phidias looks up the memarea or emulate slot of an address through a static
tree: entries sorted by virtual address (stable for equal keys), split at
the middle, nodes named after the top name plus `_l`/`_r` per step. The seed
generator emitted the nodes in pre-order (node, left, right); Phidias
v0.010's emits them in-order (left, node, right): `PRE_ORDER`/`IN_ORDER`.

A tree's shape depends only on its size and order: it is worked out once
per size (`_shape`) and filled in with each tree's names and slots."""

from __future__ import annotations

from functools import lru_cache
from operator import itemgetter

from schism.cbi.phidias.cfile import RO, Definition, definition, inline

_KEY = itemgetter(0)

PRE_ORDER = "pre"
IN_ORDER = "in"

# A node of a shape: its name's suffix after the top name, its left and
# right children's suffixes (None: no child) and its entry's position in
# the sorted entries.
Node = tuple[str, "str | None", "str | None", int]


def tree(ctype: str, top: str, array: str, entries: list[tuple[int, int]],
         order: str = PRE_ORDER) -> list[Definition]:
    """The nodes over `entries` = (key, slot index) in the generator's order."""
    if len(entries) == 1:  # `_shape(1, ...)` written out: most emulate trees
        return [definition((RO, ctype, top, f"{{ NULL, NULL, {array} + {entries[0][1]} }}"))]
    ordered = sorted(entries, key=_KEY)
    if not ordered:
        # both generators still split the empty range at 0 and wrote one
        # node whose entry is slot 0 (a guest whose vdevs have no <emulate>)
        return [definition((RO, ctype, top, inline(["NULL", "NULL", f"{array} + 0"])))]
    nodes = []
    for suffix, left, right, at in _shape(len(ordered), order == IN_ORDER):
        lref = "NULL" if left is None else f"&{top}{left}"
        rref = "NULL" if right is None else f"&{top}{right}"
        nodes.append(definition((RO, ctype, f"{top}{suffix}",
                                 f"{{ {lref}, {rref}, {array} + {ordered[at][1]} }}")))
    return nodes


@lru_cache(maxsize=256)
def _shape(size: int, in_order: bool) -> tuple[Node, ...]:
    """The nodes of a tree over `size` sorted entries, in emission order:
    a range [lo, hi) splits at (lo + hi) // 2, the left subtree takes the
    entries below the split, the right those above."""
    nodes: list[Node] = []
    # explicit stack instead of recursion; an item is a range to split
    # (suffix, lo, hi) or, in-order, a finished node waiting for its left
    # subtree to be written first
    stack: list[tuple[str, int, int] | Node] = [("", 0, size)]
    while stack:
        item = stack.pop()
        if len(item) == 4:
            nodes.append(item)
            continue
        suffix, lo, hi = item
        split = (lo + hi) // 2
        left = f"{suffix}_l" if split > lo else None
        right = f"{suffix}_r" if hi - split > 1 else None
        node = (suffix, left, right, split)
        if right is not None:
            stack.append((right, split + 1, hi))
        if in_order:
            stack.append(node)
        else:
            nodes.append(node)
        if left is not None:
            stack.append((left, lo, split))
    return tuple(nodes)
