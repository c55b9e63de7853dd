"""Binary search trees over memareas and emulates (docs/phidias.md P9).

Phidias looks up the memarea or emulate slot of an address through a static
tree: entries sorted by virtual address (stable for equal keys), split at
the middle, nodes named after the top name plus `_l`/`_r` per step. The seed
generator emitted the nodes in pre-order (node, left, right); Phidias
v0.010's emits them in-order (left, node, right): `PRE_ORDER`/`IN_ORDER`."""

from __future__ import annotations

from operator import itemgetter

from schism.cbi.phidias.cfile import RO, Definition, inline

_KEY = itemgetter(0)

PRE_ORDER = "pre"
IN_ORDER = "in"


def tree(ctype: str, top: str, array: str, entries: list[tuple[int, int]],
         order: str = PRE_ORDER) -> list[Definition]:
    """The nodes over `entries` = (key, slot index) in the generator's order."""
    slots = [slot for _, slot in sorted(entries, key=_KEY)]
    if not slots:
        # both generators still split the empty range at 0 and wrote one
        # node whose entry is slot 0 (a guest whose vdevs have no <emulate>)
        return [Definition(RO, ctype, top, inline(["NULL", "NULL", f"{array} + 0"]))]
    if order != IN_ORDER:
        return _pre_order(ctype, top, array, slots)
    nodes: list[Definition] = []
    # explicit stack instead of recursion; an item is a node to split
    # (name, lo, hi, split) or, in-order, a finished node waiting for its
    # left subtree to be written first
    stack: list[tuple[str, int, int, int] | Definition] = [
        (top, 0, len(slots), len(slots) // 2)]
    while stack:
        item = stack.pop()
        if isinstance(item, Definition):
            nodes.append(item)
            continue
        name, lo, hi, s = item
        left = f"{name}_l" if s - lo >= 1 else None
        right = f"{name}_r" if hi - s > 1 else None
        node = Definition(RO, ctype, name, inline([
            f"&{left}" if left else "NULL", f"&{right}" if right else "NULL",
            f"{array} + {slots[s]}"]))
        if right:
            stack.append((right, s + 1, hi, s + 1 + (hi - s - 1) // 2))
        if order == IN_ORDER:
            stack.append(node)
        else:
            nodes.append(node)
        if left:
            stack.append((left, lo, s, lo + (s - lo) // 2))
    return nodes


def _pre_order(ctype: str, top: str, array: str, slots: list[int]) -> list[Definition]:
    """`tree` in pre-order (node, left, right): the same nodes, the stack
    holding only ranges to split."""
    nodes: list[Definition] = []
    stack = [(top, 0, len(slots), len(slots) // 2)]
    pop, push, add = stack.pop, stack.append, nodes.append
    while stack:
        name, lo, hi, s = pop()
        left = f"&{name}_l" if s - lo >= 1 else "NULL"
        right = f"&{name}_r" if hi - s > 1 else "NULL"
        add(Definition(RO, ctype, name, f"{{ {left}, {right}, {array} + {slots[s]} }}"))
        if hi - s > 1:
            push((f"{name}_r", s + 1, hi, s + 1 + (hi - s - 1) // 2))
        if s - lo >= 1:
            push((f"{name}_l", lo, s, lo + (s - lo) // 2))
    return nodes
