"""A real browser on the report's SVG: Debian's headless chromium renders it
(screenshot), and measures every label with the browser's own fonts.

Also a script: `python tests/support/browser.py SVG PNG` writes the screenshot
kept in docs/ (see docs/report-verify.md)."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

CHROMIUM = shutil.which("chromium")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")
TIMEOUT = 120

# Runs inside the page once the inline SVG is laid out: every label's real
# box (getBBox), pairs that overlap, labels outside their region's rect.
MEASURE = """
const texts = [...document.querySelectorAll('svg text')];
const box = e => { const b = e.getBBox(); return [b.x, b.y, b.x + b.width, b.y + b.height]; };
const hit = (a, b) => a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5
                   && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5;
const boxes = texts.map(box);
const overlaps = [];
for (let i = 0; i < boxes.length; i++)
  for (let j = i + 1; j < boxes.length; j++)
    if (hit(boxes[i], boxes[j])) overlaps.push([texts[i].textContent, texts[j].textContent]);
const outside = [];
for (const g of document.querySelectorAll('svg g.region, svg g.gap')) {
  const label = g.querySelector('text.label');
  const r = box(g.querySelector('rect')), t = box(label);
  if (t[0] < r[0] || t[2] > r[2] || t[1] < r[1] || t[3] > r[3]) outside.push(label.textContent);
}
const svg = document.querySelector('svg');
document.body.setAttribute('data-result', JSON.stringify({
  texts: texts.length, overlaps: overlaps.slice(0, 20), outside: outside.slice(0, 20),
  regions: document.querySelectorAll('svg g.region').length,
  font: getComputedStyle(texts[0]).fontFamily,
  width: svg.width.baseVal.value, height: svg.height.baseVal.value}));
"""


def _run(args: list[str], workdir: Path) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        raise RuntimeError("chromium is not installed")
    cmd = [CHROMIUM, *FLAGS, f"--user-data-dir={workdir / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False)


def svg_size(svg: Path) -> tuple[int, int]:
    head = svg.read_text()[:400]
    w, h = re.search(r'width="(\d+)" height="(\d+)"', head).groups()
    return int(w), int(h)


def screenshot(svg: Path, png: Path, workdir: Path) -> subprocess.CompletedProcess:
    w, h = svg_size(svg)
    return _run([f"--screenshot={png}", f"--window-size={w},{h}", svg.resolve().as_uri()],
                workdir)


def parse_errors(svg: Path, workdir: Path) -> list[str]:
    """What the browser's XML parser says about the file (empty: none)."""
    done = _run(["--dump-dom", svg.resolve().as_uri()], workdir)
    dom = done.stdout.decode("utf-8", "replace")
    errors = re.findall(r"<parsererror.*?</parsererror>", dom, re.S)
    if done.returncode != 0 or not dom.strip():
        errors.append(f"chromium exit {done.returncode}: {done.stderr[-500:]!r}")
    return errors


def measure(svg: Path, workdir: Path) -> dict:
    """The labels as the browser lays them out (MEASURE's result)."""
    page = workdir / "measure.html"
    page.write_text("<!DOCTYPE html><html><body style='margin:0'>"
                    + svg.read_text() + f"<script>{MEASURE}</script></body></html>")
    done = _run(["--dump-dom", page.as_uri()], workdir)
    m = re.search(r'data-result="([^"]*)"', done.stdout.decode("utf-8", "replace"))
    if m is None:
        raise AssertionError(f"no result from the page: {done.stderr[-800:]!r}")
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))


def read_png(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced PNG."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError(f"{path} is not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    w, h, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise AssertionError(f"unexpected PNG format {header}")
    bpp = 3 if colour == 2 else 4
    raw, stride, rows, prev = zlib.decompress(idat), w * bpp, [], bytes(w * bpp)
    for y in range(h):
        at = y * (stride + 1)
        f, line = raw[at], raw[at + 1:at + 1 + stride]
        if f == 2:  # Up: a byte-wise sum with the row above (the common case)
            line = bytes((x + p) & 0xFF for x, p in zip(line, prev, strict=True))
        elif f:
            line = _unfilter(f, bytearray(line), prev, bpp)
        rows.append(line if bpp == 3 else bytes(v for k, v in enumerate(line) if k % 4 != 3))
        prev = line
    return w, h, rows


def _unfilter(f: int, line: bytearray, prev: bytes, bpp: int) -> bytes:
    """PNG filters Sub (1), Average (3), Paeth (4) undone in place."""
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        if f == 1:
            line[i] = (line[i] + a) & 0xFF
        elif f == 3:
            line[i] = (line[i] + (a + b) // 2) & 0xFF
        else:
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
    return bytes(line)


def colours(rows: list[bytes]) -> dict[tuple[int, int, int], int]:
    """Pixel count per RGB colour."""
    out: dict[tuple[int, int, int], int] = {}
    for row in rows:
        for i in range(0, len(row), 3):
            key = (row[i], row[i + 1], row[i + 2])
            out[key] = out.get(key, 0) + 1
    return out


if __name__ == "__main__":
    svg_path, png_path = Path(sys.argv[1]), Path(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        done = screenshot(svg_path, png_path.resolve(), Path(tmp))
    sys.exit(done.returncode)
