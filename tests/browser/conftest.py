"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium).

They fail, never skip, when the browser is missing: CI installs it (.ci/run).
Screenshots are saved under test-artifacts/screenshots/.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command

CHROMIUM = os.environ.get("ACADEMY_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "academy-demo-2026"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is required for browser tests: install it at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; the test's own
    # database calls are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(live_server, settings):
    """The demo academy, in the live server's database."""
    settings.ACADEMY_VERIFY_RATE_PER_MINUTE = 100_000
    call_command("load_demo_academy", stdout=io.StringIO())


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    yield context
    context.close()


def sign_in(page, base_url, email):
    page.goto(f"{base_url}/account/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
