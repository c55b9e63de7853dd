"""Shared test options: `--update-goldens` rewrites expected golden files."""

from __future__ import annotations


def pytest_addoption(parser):
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*/expected/* from the current output (review with git diff)",
    )
