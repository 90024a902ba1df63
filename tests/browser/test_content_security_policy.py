"""The Content-Security-Policy holds on every kind of page: public, learner,
trainer, the Wagtail admin (page editor, cohorts, register, lockouts) and the
API docs. Violations are collected for every browser test by
``conftest.watch_csp``; this test visits the pages the journeys do not."""

import pytest

from tests.browser.conftest import CSP_VIOLATIONS, sign_in

DESKTOP = {"width": 1280, "height": 900}


def _visit(page, base, paths):
    for path in paths:
        response = page.goto(base + path)
        assert response.status < 400, (path, response.status)
        page.wait_for_load_state("networkidle")
        headers = response.all_headers()
        directives = dict(
            d.strip().split(" ", 1)
            for d in headers["content-security-policy"].split(";")
        )
        assert directives["script-src"].startswith("'self'"), path
        assert "unsafe" not in directives["script-src"], path
        if not path.startswith("/admin/"):  # the admin's editors write styles
            assert "unsafe" not in directives["style-src"], path
        assert "camera=()" in headers["permissions-policy"], path


@pytest.mark.browser
def test_no_page_breaks_the_content_security_policy(academy, browser):
    base = academy["url"]
    before = len(CSP_VIOLATIONS)
    anonymous = browser.new_context(viewport=DESKTOP).new_page()
    _visit(
        anonymous,
        base,
        [
            "/",
            "/courses/air-quality-monitoring/",
            "/courses/air-quality-monitoring/why-air-quality-matters/what-is-no2/",
            "/verify/",
            f"/verify/{academy['certificate']}/",
            "/account/login/",
            "/account/signup/",
            "/admin/login/",
            "/api/docs/",
        ],
    )
    anonymous.wait_for_selector(".swagger-ui .info", timeout=10_000)

    trainer = browser.new_context(viewport=DESKTOP).new_page()
    sign_in(trainer, base, "trainer@academy.example")
    _visit(
        trainer,
        base,
        [
            "/learn/",
            f"/trainer/cohorts/{academy['cohort']}/",
            f"/trainer/cohorts/{academy['cohort']}/enrol/",
            "/admin/",
            "/admin/pages/",
            "/admin/cohorts/",
            f"/admin/certificates/?q={academy['certificate']}",
        ],
    )
    # The page editor (StreamField, Draftail): the first lesson in the explorer.
    trainer.goto(base + "/admin/pages/search/?q=lesson")
    trainer.wait_for_load_state("networkidle")
    edit = trainer.locator("a[href*='/edit/']").first
    if edit.count():
        edit.click()
        trainer.wait_for_load_state("networkidle")

    admin = browser.new_context(viewport=DESKTOP).new_page()
    admin.goto(base + "/admin/login/")
    admin.fill("input[name=username]", "admin")
    admin.fill("input[name=password]", "academy-demo-2026")
    admin.click("button[type=submit]")
    admin.wait_for_load_state("networkidle")
    _visit(
        admin,
        base,
        [
            "/admin/users/",
            "/admin/lockouts/",
            "/admin/locales/",
            "/admin/cohorts/new/",  # date widgets, choosers
        ],
    )
    assert CSP_VIOLATIONS[before:] == []
