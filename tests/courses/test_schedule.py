"""Learners see their sessions (course page, dashboard, API) and keep them in
their calendar: a private feed, a file per session and per cohort, parsed back
with icalendar; a moved session keeps its UID and raises its SEQUENCE."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext
from icalendar import Calendar
from rest_framework.test import APIClient

from accounts.services import account_erasure_request, calendar_token_for
from courses.models import CohortSession
from courses.selectors import learner_course_progress
from courses.services import SESSION_CANCELLED, attendance_mark
from tests.courses.factories import CohortSessionFactory, make_cohort

pytestmark = pytest.mark.django_db

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def in_days(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BRUSSELS)


@pytest.fixture
def sessions(cohort, course_tree):
    course = course_tree["course"]
    course.certificate_requires_attendance = True
    course.save_revision().publish()
    return {
        "past": CohortSessionFactory(
            cohort=cohort, title="Kick-off", starts_at=in_days(-3)
        ),
        "next": CohortSessionFactory(
            cohort=cohort,
            title="Pond survey",
            starts_at=in_days(2),
            ends_at=in_days(2, hour=13),
            location="Riverside Park",
            address="1 River Lane, 1000 Brussels",
            map_url="https://www.openstreetmap.org/#map=17/50.85/4.35",
            what_to_bring="Waterproof boots",
        ),
        "cancelled": CohortSessionFactory(
            cohort=cohort, title="Night walk", starts_at=in_days(5), cancelled=True
        ),
    }


def events(content: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_the_private_feed_lists_the_learners_sessions(
    client, learner, enrolled, sessions
):
    token = calendar_token_for(user=learner)
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    assert [str(t["tzid"]) for t in calendar.walk("VTIMEZONE")] == ["Europe/Brussels"]
    found = events(response.content)
    course = enrolled.cohort.course.title
    survey = found[f"{course}: Pond survey"]
    assert str(survey["uid"]) == f"{sessions['next'].uid}@sessions.academy"
    assert survey["sequence"] == 0
    assert str(survey["status"]) == "CONFIRMED"
    assert survey.decoded("dtstart") == in_days(2)
    assert survey.decoded("dtstart").tzinfo.key == "Europe/Brussels"
    assert survey.decoded("dtend") == in_days(2, hour=13)
    assert str(survey["location"]) == "Riverside Park, 1 River Lane, 1000 Brussels"
    description = str(survey["description"])
    assert "Waterproof boots" in description
    assert "counts toward the certificate" in description
    assert str(survey["url"]).endswith(enrolled.cohort.course.url)
    walk = found[f"Cancelled: {course}: Night walk"]
    assert str(walk["status"]) == "CANCELLED"
    assert "counts toward" not in str(walk["description"])
    assert f"{course}: Kick-off" in found  # last week's session stays in view


def test_the_feed_speaks_the_learners_language(client, learner, enrolled, sessions):
    profile = learner.profile
    profile.preferred_language = "fr"
    profile.save()
    content = client.get(f"/calendar/{calendar_token_for(user=learner)}.ics").content
    with translation.override("fr"):
        cancelled = gettext("Cancelled: %(title)s") % {"title": "X"}
    assert cancelled != "Cancelled: X"
    prefix = cancelled[: cancelled.index("X")]
    assert any(title.startswith(prefix) for title in events(content))


def test_a_moved_session_keeps_its_uid_and_raises_its_sequence(
    client, editor, learner, enrolled, sessions
):
    session = sessions["next"]
    token = calendar_token_for(user=learner)
    before = events(client.get(f"/calendar/{token}.ics").content)
    client.force_login(editor)
    cohort = enrolled.cohort
    rows = list(cohort.sessions.order_by("starts_at"))
    data = {
        "course": cohort.course.pk,
        "name": cohort.name,
        "starts_on": cohort.starts_on.isoformat(),
        "is_open": "on",
        "trainers": [t.pk for t in cohort.trainers.all()],
        "sessions-TOTAL_FORMS": str(len(rows)),
        "sessions-INITIAL_FORMS": str(len(rows)),
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        starts_at = in_days(3, hour=15) if row == session else row.starts_at
        data.update(
            {
                f"sessions-{index}-id": row.pk,
                f"sessions-{index}-ORDER": index + 1,
                f"sessions-{index}-title": row.title,
                f"sessions-{index}-starts_at": timezone.localtime(starts_at).strftime(
                    "%Y-%m-%d %H:%M"
                ),
                f"sessions-{index}-ends_at": "",
                f"sessions-{index}-location": row.location,
                f"sessions-{index}-address": row.address,
                f"sessions-{index}-map_url": row.map_url,
                f"sessions-{index}-what_to_bring": row.what_to_bring,
                **({f"sessions-{index}-cancelled": "on"} if row.cancelled else {}),
            }
        )
    response = client.post(f"/admin/cohorts/edit/{cohort.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    client.logout()
    after = events(client.get(f"/calendar/{token}.ics").content)
    title = f"{cohort.course.title}: Pond survey"
    assert str(after[title]["uid"]) == str(before[title]["uid"])
    assert after[title]["sequence"] == 1
    assert after[title].decoded("dtstart") == in_days(3, hour=15)
    unchanged = f"{cohort.course.title}: Kick-off"
    assert after[unchanged]["sequence"] == 0  # saved, but not moved


def test_a_session_cannot_end_before_it_starts(cohort):
    session = CohortSession(
        cohort=cohort, title="Backwards", starts_at=in_days(2), ends_at=in_days(1)
    )
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "ends_at" in error.value.message_dict


def test_replacing_the_address_ends_the_old_one(client, learner, enrolled, sessions):
    old = calendar_token_for(user=learner)
    assert calendar_token_for(user=learner) == old  # made once
    client.force_login(learner)
    response = client.post("/learn/calendar/reset/", follow=True)
    assert "Your calendar address was replaced" in response.content.decode()
    new = calendar_token_for(user=learner)
    assert new != old
    client.logout()
    assert client.get(f"/calendar/{old}.ics").status_code == 404
    assert client.get(f"/calendar/{new}.ics").status_code == 200
    assert client.get("/learn/calendar/reset/").status_code in (302, 405)


def test_unknown_or_erased_addresses_answer_404(client, learner, enrolled, sessions):
    assert client.get("/calendar/not-a-token.ics").status_code == 404
    token = calendar_token_for(user=learner)
    account_erasure_request(user=learner)
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_one_session_as_a_file(client, sessions):
    session = sessions["next"]
    response = client.get(f"/calendar/sessions/{session.uid}.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert list(events(response.content)) == [
        f"{session.cohort.course.title}: Pond survey"
    ]
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/calendar/sessions/{missing}.ics").status_code == 404


def test_trainers_download_their_cohorts_calendar(
    client, trainer, other_trainer, cohort, sessions
):
    url = f"/trainer/cohorts/{cohort.code}/calendar.ics"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(other_trainer)
    assert client.get(url).status_code == 404
    client.force_login(trainer)
    response = client.get(url)
    assert response.status_code == 200
    assert len(events(response.content)) == 3
    page = client.get(f"/trainer/cohorts/{cohort.code}/").content.decode()
    assert url in page and "cancelled" in page


def test_the_dashboard_shows_the_next_sessions_first(
    client, learner, enrolled, sessions
):
    client.force_login(learner)
    content = client.get("/learn/").content.decode()
    assert content.index("Your next sessions") < content.index("Your courses")
    assert "Pond survey" in content and "Kick-off" not in content
    assert "Riverside Park, 1 River Lane, 1000 Brussels" in content
    assert "Waterproof boots" in content
    assert "Attendance counts toward the certificate." in content
    assert "openstreetmap.org" in content
    assert f"/calendar/sessions/{sessions['next'].uid}.ics" in content
    token = calendar_token_for(user=learner)
    assert (
        f"webcal://testserver/calendar/{token}.ics"
        in content.replace("localhost:8000", "testserver")
        or f"/calendar/{token}.ics" in content
    )
    assert content.index("Pond survey") < content.index("Night walk")
    assert "Cancelled" in content


def test_the_dashboard_without_sessions_says_so(client, learner, enrolled):
    client.force_login(learner)
    content = client.get("/learn/").content.decode()
    assert "No in-person sessions are planned for your cohorts yet." in content


def test_the_course_page_shows_each_open_cohorts_sessions(
    client, course_tree, cohort, sessions
):
    content = client.get(course_tree["course"].url).content.decode()
    assert "2 in-person sessions" in content  # the past one is not listed
    assert "Pond survey" in content and "Night walk" in content
    assert "Kick-off" not in content


def test_a_cancelled_session_has_no_register_and_does_not_count(
    trainer, learner, enrolled, sessions
):
    cancelled = sessions["cancelled"]
    cancelled.starts_at = in_days(-1)
    cancelled.save()
    with pytest.raises(ValidationError) as error:
        attendance_mark(session=cancelled, present_ids=[learner.pk], by=trainer)
    assert error.value.messages == [str(SESSION_CANCELLED)]
    progress = learner_course_progress(learner=learner, course=enrolled.cohort.course)
    assert progress.sessions_held == 1  # the kick-off only


def test_the_api_lists_sessions(learner, trainer, enrolled, sessions, course_tree):
    api = APIClient()
    api.force_authenticate(learner)
    mine = api.get("/api/v1/me/sessions").json()
    titles = [row["title"] for row in mine["results"]]
    assert titles == ["Pond survey", "Night walk"]
    survey = mine["results"][0]
    assert survey["uid"] == str(sessions["next"].uid)
    assert survey["counts_toward_certificate"] is True
    assert survey["calendar_url"].endswith(f"/calendar/sessions/{survey['uid']}.ics")
    assert mine["results"][1]["cancelled"] is True
    course = api.get(f"/api/v1/courses/{course_tree['course'].pk}").json()
    assert [row["title"] for row in course["sessions"]] == titles
    api.force_authenticate(trainer)
    cohort = api.get(f"/api/v1/cohorts/{enrolled.cohort.code}").json()
    assert [row["title"] for row in cohort["sessions"]] == [
        "Kick-off",
        "Pond survey",
        "Night walk",
    ]
    api.force_authenticate(None)
    assert api.get("/api/v1/me/sessions").status_code in (401, 403)


def test_the_course_list_reads_sessions_in_one_query(
    course_tree, cohort, sessions, django_assert_max_num_queries
):
    api = APIClient()
    api.get("/api/v1/courses")  # warm the settings
    for number in range(3):
        make_cohort(
            course_tree["course"], name=f"Extra {number}", sessions=[in_days(4)]
        )
    with django_assert_max_num_queries(12):
        response = api.get("/api/v1/courses")
    assert len(response.json()["results"][0]["sessions"]) == 5
