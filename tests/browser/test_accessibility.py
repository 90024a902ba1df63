"""Every public, learner and trainer page: no serious or critical axe violations,
and no horizontal scrolling on a 360-px-wide phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import screenshot, sign_in

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
    ("verify-form", "/verify/"),
    ("verify-unknown", "/verify/NOPE/"),
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
]
TRAINER = [("trainer", "/trainer/"), ("reviews", "/trainer/reviews/")]


def audit(page, url, name):
    page.goto(url)
    violations = [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, name)
    return violations, width


@pytest.mark.browser
def test_pages_are_accessible_on_a_phone(academy, phone, browser):
    base = academy["url"]
    problems = []
    page = phone.new_page()
    pages = [*PUBLIC, ("verify-valid", f"/verify/{academy['certificate']}/")]
    for name, path in pages:
        violations, width = audit(page, base + path, name)
        if violations or width > 360:
            problems.append((path, violations, width))
    learner = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(learner, base, "amina@example.org")
    for name, path in LEARNER:
        violations, width = audit(learner, base + path, name)
        if violations or width > 360:
            problems.append((path, violations, width))
    trainer = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    sign_in(trainer, base, "trainer@academy.example")
    for name, path in [
        *TRAINER,
        ("cohort", f"/trainer/cohorts/{academy['cohort']}/"),
        ("cohort-certificates", f"/trainer/cohorts/{academy['cohort']}/certificates/"),
    ]:
        violations, width = audit(trainer, base + path, name)
        if violations or width > 360:
            problems.append((path, violations, width))
    assert problems == []
