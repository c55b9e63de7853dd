"""`schism verify O`: check the binary page tables against the specification.

1. Every table, decoded by the ptdump walker, holds exactly the maps of
   `scenario_pagetables.xml` (`verify.tables`); the table set, and the file
   against its memreq.
2. Isolation rules over what the tables really map (`verify.rules`).
3. A summary table on stdout, written to `O/verify.txt` when no error was
   found (a target for make; removed when verify fails, so a stale "ok" never
   stays). Errors and warnings are one located line each on stderr; exit 1 on
   any error.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from schism import pipeline, ptdump, spaces, stages, xmlio
from schism.ext.values import format_hex, parse_hex
from schism.verify import rules
from schism.verify.findings import ERROR, WARNING, Findings
from schism.verify.tables import RegionIndex, TableResult, check_table, xml_accesses

# the stage table's names
INPUT = pipeline.by_key("verify").inputs[0]
OUTPUT = pipeline.by_key("verify").outputs[0]


@dataclass
class Result:
    findings: Findings
    tables: list[TableResult]
    shared: list[rules.Shared]
    model: spaces.Model

    @property
    def errors(self) -> int:
        return self.findings.count(ERROR)


def _table_set(model: spaces.Model, dump: ptdump.Dump, findings: Findings) -> list:
    """The spaces with tables that the binary has; a missing or surplus
    table is an error at its mmu."""
    wanted = [s for s in model.spaces if s.has_table]
    names = {s.name for s in wanted}
    for s in wanted:
        if s.name not in dump.tables:
            findings.error(s.mmu, f"mmu base: no table address for {s.title}", s.name)
    mmus = {s.name.rsplit(":", 1)[0]: s.mmu for s in model.spaces}
    for name in dump.tables:
        if name not in names:
            owner = name.rsplit(":", 1)[0]
            findings.error(mmus.get(owner, model.root),
                           f"mmu base: table {name} belongs to no CPU of its owner")
    return [s for s in wanted if s.name in dump.tables]


def _file_size(model: spaces.Model, dump: ptdump.Dump, findings: Findings) -> None:
    req = model.root.find(".//memory/memreq[@id='pagetables']")
    size = parse_hex(req.get("size", "0"))
    if len(dump.image.data) > size:
        findings.error(req, f"memreq size: the pagetables file holds "
                            f"{format_hex(len(dump.image.data))} bytes, more than the memreq "
                            f"({format_hex(size)}): the tables overrun what follows it")


def verify(build_dir: Path) -> Result:
    """Run every check on a build directory; the result says what was found."""
    dump = ptdump.load(build_dir)
    model = spaces.from_root(dump.root, dump.xml_path, spaces.declared_owners(build_dir))
    findings = Findings()
    regions = RegionIndex(model.regions())
    _file_size(model, dump, findings)
    results, accesses = [], []
    for space in _table_set(model, dump, findings):
        result = check_table(space, dump, regions, findings)
        results.append(result)
        accesses.extend(result.accesses)
    for space in model.spaces:
        if not space.has_table:
            accesses.extend(xml_accesses(space))
    rules.guest_private(accesses, regions, findings)
    rules.hypervisor_wx(accesses, regions, findings)
    rules.memory_types(accesses, regions, model.memories, findings)
    shared = rules.shared_regions(accesses, model.guests)
    rules.sharing(shared, regions, findings)
    return Result(findings, results, shared, model)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def summary(result: Result) -> str:
    """The summary table: one row per address space, then the totals."""
    per_table: dict[str, int] = {}
    for f in result.findings:
        if f.level == ERROR:
            for t in f.tables:
                per_table[t] = per_table.get(t, 0) + 1
    rows = [("space", "format", "maps", "entries", "pages", "mapped", "errors")]
    pages = entries = maps = 0
    by_name = {t.space.name: t for t in result.tables}
    for space in result.model.spaces:
        t = by_name.get(space.name)
        size = t.mapped if t else sum(m.size for m in space.maps)
        n = (t.mapped // t.smallest) if t else size // 0x1000
        fmt = space.format if space.has_table else "none (XML only)"
        rows.append((space.name, fmt, str(len(space.maps)),
                     str(t.entries) if t else "-", str(n), spaces.human_size(size),
                     str(per_table.get(space.name, 0))))
        pages, maps = pages + n, maps + len(space.maps)
        entries += t.entries if t else 0
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["verify: pagetables against scenario_pagetables.xml"]
    for r in rows:
        cells = [c.ljust(w) if i < 2 else c.rjust(w)
                 for i, (c, w) in enumerate(zip(r, widths, strict=True))]
        cells[5] = r[5].ljust(widths[5])
        lines.append("  " + "  ".join(cells).rstrip())
    undeclared = sum(1 for s in result.shared if not s.declared)
    blind = {}
    for t in result.tables:
        letters = ptdump.unencoded(t.levels)
        if letters:
            blind.setdefault(t.space.format, letters)
    if blind:
        lines.append("not in the entries, so not checked: " + "; ".join(
            f"{fmt}: {' '.join(letters)}" for fmt, letters in blind.items()))
    errors, warnings = result.errors, result.findings.count(WARNING)
    lines += [
        f"address spaces: {len(result.model.spaces)} ({len(result.tables)} with tables); "
        f"maps: {maps}; entries: {entries}; pages: {pages}",
        f"shared regions: {len(result.shared)} ({undeclared} not declared with s)",
        f"violations: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}",
        "verify: " + ("ok" if not errors else "FAILED"),
    ]
    return "\n".join(lines) + "\n"


def main(ctx) -> int:
    """Print the warnings (stderr) and the summary (stdout); raise the errors
    as one located error with a note line per further violation."""
    stages.check_input(ctx, INPUT)  # the DTD and semantic checks, as any stage
    result = verify(ctx.build_dir)
    for f in result.findings:
        if f.level == WARNING:
            print(f.line(), file=ctx.out)
    text = summary(result)
    print(text, end="")
    out = ctx.path(OUTPUT)
    error = result.findings.as_error()
    if error is not None:
        out.unlink(missing_ok=True)
        raise error
    xmlio.write_atomic(out, text.encode())
    return 0

