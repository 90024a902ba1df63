"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium).

The academy under test runs as a real server in a separate process (gunicorn),
on its own SQLite file loaded with the demo academy, so the browser sees what a
user sees and the test database of the rest of the suite is never touched.
They fail, never skip, when the browser is missing: CI installs it (.ci/run).
Screenshots are saved under test-artifacts/screenshots/.
"""

import email
import email.policy
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from academy.gunicorn_server import free_port, gunicorn_server

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("ACADEMY_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
DEMO_PASSWORD = "academy-demo-2026"


@pytest.fixture(scope="session")
def academy(tmp_path_factory):
    """A running demo academy: {"url", "certificate", "cohort", "manage", "mail"}.

    One worker process with threads, so the in-memory cache (cohort issuing
    progress, throttles) is shared as it is with Redis in production. E-mail is
    written to files in ``mail``.
    """
    workdir = tmp_path_factory.mktemp("academy")
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ACADEMY_")},
        "DJANGO_SETTINGS_MODULE": "academy.settings.test",
        "DATABASE_URL": f"sqlite:///{workdir / 'academy.sqlite3'}",
        "ACADEMY_MEDIA_ROOT": str(workdir / "media"),
        "ACADEMY_PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "ACADEMY_PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "ACADEMY_VERIFY_RATE_PER_MINUTE": "100000",
        "EMAIL_URL": f"filemail:///{workdir / 'mail'}",
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    manage("migrate", "--noinput")
    manage("load_demo_academy")
    facts = json.loads(
        manage(
            "shell",
            "--no-imports",
            "-c",
            "import json; from certificates.models import Certificate; "
            "from courses.models import Cohort, EvidenceSubmission; "
            "print(json.dumps({'certificate': Certificate.objects.first().code, "
            "'cohort': Cohort.objects.get(name='City libraries cohort').code, "
            "'review': str(EvidenceSubmission.objects.get("
            "learner__username='learner1', status='submitted').public_id)}))",
        )
        .strip()
        .splitlines()[-1]
    )
    with gunicorn_server(env, port=port, workers=1, threads=4) as url:
        yield {"url": url, "manage": manage, "mail": workdir / "mail", **facts}


# Per module, not per session: while Playwright's sync API runs, its event loop
# is the thread's running loop, and code that calls asyncio.run() (pyHanko's
# sealing) fails in any test that runs after it in the same process.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is required for browser tests: install it at {CHROMIUM}")
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
        original_new_context = browser.new_context

        def new_context(*args, **kwargs):
            context = original_new_context(*args, **kwargs)
            watch_csp(context)
            return context

        browser.new_context = new_context
        yield browser
        browser.close()


# Every Content-Security-Policy violation any page reports, in any test: the
# autouse fixture below fails the test that caused one.
CSP_VIOLATIONS = []
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__academyCspViolation({
    page: location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
});
"""


def watch_csp(context):
    context.expose_binding(
        "__academyCspViolation", lambda source, report: CSP_VIOLATIONS.append(report)
    )
    context.add_init_script(CSP_LISTENER)


@pytest.fixture(autouse=True)
def no_csp_violations():
    before = len(CSP_VIOLATIONS)
    yield
    found = CSP_VIOLATIONS[before:]
    assert not found, "Content-Security-Policy violations:\n" + "\n".join(
        map(str, found)
    )


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


def mail_to(mail_dir, address):
    """Every e-mail sent to ``address``, oldest first, as ``EmailMessage`` objects."""
    messages = []
    for path in sorted(Path(mail_dir).glob("*.log"), key=os.path.getmtime):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                message = email.message_from_bytes(
                    raw.lstrip(), policy=email.policy.default
                )
                if address in message["To"]:
                    messages.append(message)
    return messages


def mail_body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def settle(page):
    """Let messages fade in and short transitions end, so contrast is measured on
    the final colours (Wagtail shows its messages after a short delay). Long,
    decorative animations (Wagtail's 25-second badge "ping") are not awaited."""
    page.wait_for_timeout(300)
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter(a => a.effect?.getComputedTiming().endTime <= 2000)
            .map(a => a.finished.catch(() => null)))"""
    )


class PageChecks:
    """axe-core, horizontal scrolling and a screenshot for each page a journey visits.

    Problems are collected, so one run reports every page; the journey asserts
    ``checks.problems == []`` at its end.
    """

    def __init__(self):
        self.problems = []

    def __call__(self, page, name):
        from axe_playwright_python.sync_playwright import Axe

        page.wait_for_load_state("load")
        settle(page)
        violations = [
            (v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.viewport_size["width"]
        screenshot(page, name)
        if violations or width > viewport:
            self.problems.append((name, page.url, violations, width))


@pytest.fixture
def checks():
    return PageChecks()


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
