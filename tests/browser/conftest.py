"""Headless Chromium for the HTML report tests, driven by Playwright.

The browser is Debian's ``chromium`` package (``scripts/install-browser.sh`` installs it);
Playwright only drives it (``executable_path``), we never run ``playwright install``.
Every test module here sets ``pytestmark = pytest.mark.browser``. When Chromium or Playwright is missing the tests
FAIL, in CI and locally alike (as the Neo4j tests do); deselect them explicitly with
``pytest -m "not browser"``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("TALENTGRAPH_CHROMIUM", "/usr/bin/chromium")
# Headless, and nothing that would reach the network on its own (updates, sync, QUIC probes).
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("Playwright is not installed: pip install playwright (the Python package only), "
                    'or deselect these tests with -m "not browser"', pytrace=False)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: run scripts/install-browser.sh (Debian's chromium package), "
                    'or deselect these tests with -m "not browser"', pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
