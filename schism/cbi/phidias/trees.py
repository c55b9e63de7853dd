"""Binary search trees over memareas and emulates (docs/phidias.md P9).

Phidias looks up the memarea or emulate slot of an address through a static
tree: entries sorted by virtual address (stable for equal keys), nodes named
after the top name plus `_l`/`_r` per step, emitted in pre-order."""

from __future__ import annotations

from schism.cbi.phidias.cfile import RO, Definition, inline


def tree(ctype: str, top: str, array: str, entries: list[tuple[int, int]]) -> list[Definition]:
    """The nodes over `entries` = (key, slot index) in the original's order."""
    slots = [slot for _, slot in sorted(entries, key=lambda e: e[0])]
    nodes: list[Definition] = []
    if not slots:
        # the original still split the empty range at 0 and wrote one node
        # whose entry is slot 0 (a guest whose vdevs have no <emulate>)
        return [Definition(RO, ctype, top, inline(["NULL", "NULL", f"{array} + 0"]))]
    # explicit stack instead of recursion: (name, lo, hi, split), pre-order
    stack = [(top, 0, len(slots), len(slots) // 2)]
    while stack:
        name, lo, hi, s = stack.pop()
        left = f"{name}_l" if s - lo >= 1 else None
        right = f"{name}_r" if hi - s > 1 else None
        fields = [f"&{left}" if left else "NULL", f"&{right}" if right else "NULL",
                  f"{array} + {slots[s]}"]
        nodes.append(Definition(RO, ctype, name, inline(fields)))
        if right:
            stack.append((right, s + 1, hi, s + 1 + (hi - s - 1) // 2))
        if left:
            stack.append((left, lo, s, lo + (s - lo) // 2))
    return nodes
