"""A learner sees their next session on a phone and subscribes to their calendar
feed; their trainer writes to the cohort; the learner reads the announcement
and finds it among their notifications. Every page is checked with axe-core
and for horizontal scrolling at 360 px."""

import re

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.conftest import mail_body, mail_to, sign_in

PHONE = {"width": 360, "height": 740}
LEARNER = "amina@example.org"


@pytest.mark.browser
def test_sessions_calendar_and_an_announcement(academy, browser, checks):
    base = academy["url"]
    learner = browser.new_context(viewport=PHONE)
    page = learner.new_page()
    sign_in(page, base, LEARNER)
    page.goto(f"{base}/learn/")
    sessions = page.locator("#sessions")
    expect(sessions.locator(".session").first).to_contain_text(
        "Placing the tubes together"
    )
    expect(sessions.locator(".session").first).to_contain_text("What to bring")
    expect(sessions.locator(".session").first).to_contain_text(
        "Attendance counts toward the certificate."
    )
    page.get_by_text("Keep your sessions in your calendar").click()
    subscribe = page.get_by_role("link", name="Subscribe in your calendar app")
    expect(subscribe).to_have_attribute(
        "href", re.compile(r"^webcal://127\.0\.0\.1:\d+/calendar/[\w-]+\.ics$")
    )
    checks(page, "schedule-dashboard-phone")
    feed_url = page.get_by_label("Or copy this address", exact=False).input_value()
    feed = page.request.get(feed_url)  # what a calendar app does, signed out
    assert feed.ok
    assert feed.headers["content-type"].startswith("text/calendar")
    titles = [str(e["summary"]) for e in Calendar.from_ical(feed.body()).walk("VEVENT")]
    assert any(t.endswith("Placing the tubes together") for t in titles)
    single = sessions.get_by_role("link", name="Add to calendar").first
    with page.expect_download() as download:
        single.click()
    assert download.value.suggested_filename.endswith(".ics")

    trainer = browser.new_context(viewport={"width": 1280, "height": 900})
    desk = trainer.new_page()
    sign_in(desk, base, "trainer@academy.example")
    desk.goto(f"{base}/trainer/cohorts/{academy['cohort']}/")
    desk.get_by_role("link", name="Write to learners").click()
    checks(desk, "schedule-announce-form")
    desk.get_by_label("Title").fill("Meet at the side door")
    desk.get_by_label("Message").fill(
        "The main entrance is closed on Monday: use the side door on Rue Ducale."
    )
    desk.get_by_role("button", name="Send").click()
    expect(desk.locator(".messages")).to_contain_text("Your announcement was sent to")
    checks(desk, "schedule-announce-sent")
    trainer.close()

    page.goto(f"{base}/learn/")
    announcement = page.locator("#announcements")
    expect(announcement).to_contain_text("Meet at the side door")
    expect(page.locator("header .badge")).to_be_visible()
    checks(page, "schedule-dashboard-announcement-phone")
    page.locator("header").get_by_role("link", name="Notifications").click()
    expect(page.locator(".notification").first).to_contain_text("Meet at the side door")
    checks(page, "schedule-notifications-phone")
    learner.close()
    (message,) = [
        m for m in mail_to(academy["mail"], LEARNER) if "side door" in m["Subject"]
    ]
    assert "Rue Ducale" in mail_body(message)
    assert checks.problems == []
