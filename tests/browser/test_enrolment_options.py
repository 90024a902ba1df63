"""The course page explains each cohort's enrolment option (decision 0036): a
full cohort with its waiting list, a cohort that requires approval and a
required certificate; the learner joins the waiting list and sees their place
on the dashboard. axe finds no serious problem on a 360-px phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD, sign_in

REQUIRED = "Air Quality Monitoring for Neighbourhoods"
# Courses of their own, deleted at the end, so the demo's other journeys (which
# count the catalogue's courses) see the academy unchanged. Set up before any
# page is seen: the server's cache is its own process's.
SETUP = f"""
from courses.models import CourseIndexPage, CoursePage
from tests.courses.factories import make_cohort, make_course, make_user
from courses.services import enrolment_create, waitlist_join
index = CourseIndexPage.objects.filter(locale__language_code="en").first()
basics = CoursePage.objects.get(slug="air-quality-monitoring", locale=index.locale)
course = make_course(index, title="Options walk", slug="options-walk")
full = make_cohort(course, name="Full cohort", capacity=1)
make_cohort(course, name="Guided cohort", requires_approval=True)
make_cohort(course, name="Roomy cohort", capacity=5)
gated = make_course(index, title="Options gated", slug="options-gated")
gated.required_courses.set([basics])
gated.save_revision().publish()
make_cohort(gated, name="Gated cohort")
pw = "{DEMO_PASSWORD}"
holder = make_user("opt-holder", email="opt-holder@example.org", password=pw)
first = make_user("opt-first", email="opt-first@example.org", password=pw)
me = make_user("opt-me", name="Olga", email="opt-me@example.org", password=pw)
enrolment_create(cohort=full, learner=holder, source="trainer")
waitlist_join(cohort=full, learner=first)
"""
TEARDOWN = """
from django.contrib.auth import get_user_model
from courses.models import Cohort, CoursePage
slugs = ["options-walk", "options-gated"]
Cohort.objects.filter(course__slug__in=slugs).delete()
for page in CoursePage.objects.filter(slug__in=slugs):
    page.delete()
get_user_model().objects.filter(username__startswith="opt-").delete()
"""


@pytest.mark.browser
def test_course_page_explains_the_options(academy, browser, checks):
    try:
        academy["manage"]("shell", "--no-imports", "-c", SETUP)
    except Exception as error:
        raise AssertionError(error.stderr[-3000:]) from error
    try:
        walk(academy, browser, checks)
    finally:
        academy["manage"]("shell", "--no-imports", "-c", TEARDOWN)


def walk(academy, browser, checks):
    base = academy["url"]
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base + "/courses/options-walk/")
    cohorts = page.locator("#cohorts")
    expect(cohorts).to_contain_text("full — join the waiting list (1 waiting)")
    expect(cohorts).to_contain_text("requires a trainer’s approval")
    checks(page, "course-options-anonymous")

    sign_in(page, base, "opt-me@example.org")
    page.goto(base + "/courses/options-gated/")
    expect(cohorts).to_contain_text("Requires the certificate of:")
    expect(cohorts.get_by_role("link", name=REQUIRED)).to_be_visible()
    expect(cohorts).to_contain_text("You can enrol once you hold a valid certificate")
    expect(page.get_by_role("button", name="Enrol in Gated cohort")).to_have_count(0)
    checks(page, "course-options-prerequisite")

    page.goto(base + "/courses/options-walk/")
    page.get_by_role("button", name="Join the waiting list of Full cohort").click()
    expect(page.locator("main")).to_contain_text(
        "You are number 2 on the waiting list of Full cohort"
    )
    expect(
        page.get_by_role("button", name="Leave the waiting list of Full cohort")
    ).to_be_visible()
    expect(page.get_by_label("Message to the trainers (optional)")).to_be_visible()
    expect(page.get_by_role("button", name="Enrol in Roomy cohort")).to_be_visible()
    checks(page, "course-options-waiting")
    page.goto(base + "/learn/")
    expect(page.locator("#queues")).to_contain_text(
        "You are number 2 on the waiting list."
    )
    checks(page, "dashboard-queues")
    context.close()
    assert checks.problems == []
