"""Every public, learner and trainer page (the admin's cohorts, certificate
register and academy report too): no serious or critical axe violations, and
no horizontal scrolling on a 360-px-wide phone."""

import pytest

from tests.browser.conftest import sign_in

PUBLIC = [
    ("home", "/"),
    ("catalogue", "/courses/"),
    ("catalogue-filtered", "/courses/?domain=research-ethics&mode=blended"),
    ("domains", "/courses/domains/"),
    ("domain", "/courses/domains/research-methods/"),
    ("course", "/courses/air-quality-monitoring/"),
    ("module", "/courses/air-quality-monitoring/why-air-quality-matters/"),
    ("lesson", "/courses/air-quality-monitoring/why-air-quality-matters/what-is-no2/"),
    ("catalogue-fr", "/fr/courses/"),
    ("catalogue-lt", "/lt/courses/"),
    (
        "lesson-el",
        "/el/courses/air-quality-monitoring/why-air-quality-matters/what-is-no2/",
    ),
    ("verify-lt", "/lt/verify/"),
    ("signup-el", "/el/account/signup/"),
    ("verify-form", "/verify/"),
    ("verify-unknown", "/verify/NOPE/"),
    ("verify-many", "/verify/many/"),
    ("login", "/account/login/"),
    ("signup", "/account/signup/"),
]
LEARNER = [
    ("dashboard", "/learn/"),
    ("profile", "/account/profile/"),
    (
        "lesson-activity",
        "/courses/air-quality-monitoring/planning-your-site/recording-site-metadata/",
    ),
    ("api-tokens", "/account/api-tokens/"),
    ("dashboard-el", "/el/learn/"),
    ("dashboard-lt", "/lt/learn/"),
]
TRAINER = [
    ("trainer", "/trainer/"),
    ("reviews", "/trainer/reviews/"),
    ("trainer-lt", "/lt/trainer/"),
    ("reviews-el", "/el/trainer/reviews/"),
]


@pytest.mark.browser
def test_pages_are_accessible_on_a_phone(academy, phone, browser, checks):
    base = academy["url"]
    page = phone.new_page()
    for name, path in [*PUBLIC, ("verify-valid", f"/verify/{academy['certificate']}/")]:
        page.goto(base + path)
        checks(page, name)
    learner = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(learner, base, "amina@example.org")
    for name, path in LEARNER:
        learner.goto(base + path)
        checks(learner, name)
    trainer = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(trainer, base, "trainer@academy.example")
    for name, path in [
        *TRAINER,
        ("cohort", f"/trainer/cohorts/{academy['cohort']}/"),
        ("cohort-certificates", f"/trainer/cohorts/{academy['cohort']}/certificates/"),
        ("gradebook", f"/trainer/cohorts/{academy['cohort']}/gradebook/"),
        # Amina's site record: a data file and two photos, with their previews.
        ("review-detail", f"/trainer/reviews/{academy['review']}/"),
        ("admin-cohorts", "/admin/cohorts/"),
        ("admin-certificates", f"/admin/certificates/?q={academy['certificate']}"),
        ("admin-report", "/admin/reports/academy/"),
        ("admin-report-month", "/admin/reports/academy/?breakdown=month"),
        (
            "admin-report-error",
            "/admin/reports/academy/?start=2026-06-01&end=2025-01-01",
        ),
    ]:
        trainer.goto(base + path)
        checks(trainer, name)
    assert checks.problems == []


SEARCH = [
    ("search-results", "/courses/search/?q=pollinators"),
    ("search-empty", "/courses/search/"),
    ("search-nothing-found", "/courses/search/?q=pollinators+zeppelin"),
    ("search-too-long", "/courses/search/?q=" + "pollinators+" * 20),
    ("search-results-fr", "/fr/courses/search/?q=dioxyde"),
    ("search-results-el", "/el/courses/search/?q=pollinators"),
    ("header-search", "/courses/urban-biodiversity-survey/"),  # the header's form
]


@pytest.mark.browser
def test_search_pages_are_accessible(academy, browser, checks):
    """Each state of the search results page, on a phone and on a desktop."""
    base = academy["url"]
    for width in (360, 1280):
        page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
        for name, path in SEARCH:
            page.goto(base + path)
            checks(page, f"{name}-{width}")
    assert checks.problems == []


@pytest.mark.browser
def test_editor_admin_pages_are_accessible(academy, browser, checks):
    """Certificate templates (issue 17): the listing, the demo's template and a
    new one, on a phone and on a desktop."""
    base = academy["url"]
    for width in (360, 1280):
        editor = browser.new_context(
            viewport={"width": width, "height": 800}
        ).new_page()
        sign_in(editor, base, "editor@academy.example")
        listing = "/admin/snippets/cms/certificatetemplate/"
        editor.goto(base + listing)
        checks(editor, f"admin-templates-{width}")
        editor.get_by_role(
            "link", name="Community Health Forum partnership"
        ).first.click()
        checks(editor, f"admin-template-edit-{width}")
        editor.goto(base + listing + "add/")
        checks(editor, f"admin-template-add-{width}")
    assert checks.problems == []


@pytest.mark.browser
def test_learner_record_is_accessible(academy, browser, checks):
    """The learner's record (issue 16): the learner's page before and after
    making a link, the shared page a stranger opens, and a withdrawn link, on a
    phone and on a desktop, in English and Greek."""
    base = academy["url"]
    for width, prefix in ((360, ""), (1280, "/el")):
        viewport = {"width": width, "height": 800}
        holder = browser.new_context(viewport=viewport).new_page()
        sign_in(holder, base, "eleni@example.org")
        holder.goto(f"{base}{prefix}/learn/record/")
        checks(holder, f"record-{width}")
        holder.fill("input[name=label]", f"Museum {width}")
        holder.locator("main form button[type=submit]").last.click()
        holder.wait_for_load_state("networkidle")
        checks(holder, f"record-with-link-{width}")
        shared_url = holder.locator(".record-links .code").first.inner_text()
        stranger = browser.new_context(viewport=viewport).new_page()
        stranger.goto(shared_url.replace("/record/", f"{prefix}/record/"))
        assert stranger.locator("main h1").inner_text()
        checks(stranger, f"record-shared-{width}")
        holder.locator(".record-links .actions a.button").first.click()
        holder.wait_for_load_state("networkidle")
        checks(holder, f"record-withdraw-confirm-{width}")
        holder.locator("main form button[type=submit]").click()
        holder.wait_for_load_state("networkidle")
        stranger.reload()
        checks(stranger, f"record-withdrawn-{width}")
        assert stranger.locator(".verdict--withdrawn").count() == 1
    assert checks.problems == []
