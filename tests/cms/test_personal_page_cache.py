"""Pages a signed-in person saw before come from the shared cache, and every
change that person could see reads on the very next request."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import notification_create, notifications_mark_read
from certificates.services import certificate_issue, certificate_revoke
from cms.caching import mark_personal
from cms.middleware import PersonalPageCacheMiddleware
from courses.services import evidence_review, evidence_submit, lesson_complete

pytestmark = pytest.mark.django_db


def get(client, url):
    """The page and the queries made for it but the session's (which the tests'
    settings keep in the database, production in Redis)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    made = [query for query in queries if "django_session" not in query["sql"]]
    return response.content.decode(), len(made)


def kept(client, url) -> str:
    """The page, asked for twice: the second answer comes from the cache."""
    first, _ = get(client, url)
    again, queries = get(client, url)
    assert queries == 0, url
    assert again == first
    return again


def sign_in(client, user):
    """Signed in, with the CSRF cookie a browser holds after its first page."""
    client.force_login(user)
    client.get("/learn/")
    return client


@pytest.fixture
def signed_in(client, learner, enrolled):
    return sign_in(client, learner)


def test_a_signed_in_persons_pages_are_kept_for_them(
    signed_in, course_tree, course_index
):
    for url in (
        "/learn/",
        course_index.url,
        course_tree["course"].url,
        course_tree["modules"][0].url,
        course_tree["l1"].url,
    ):
        page = kept(signed_in, url)
        assert "My learning" in page
    response = signed_in.get("/learn/")
    assert response["Cache-Control"] == "private, no-cache"
    assert "Content-Security-Policy" in response


def test_another_person_never_gets_them(signed_in, course_tree, other_learner):
    url = course_tree["l1"].url
    kept(signed_in, url)
    other = sign_in(Client(), other_learner)
    page, queries = get(other, url)
    assert queries > 0
    assert "Mark as complete" not in page  # not enrolled: no progress form


def test_completing_a_lesson_reads_on_the_next_request(
    signed_in, course_tree, learner, django_capture_on_commit_callbacks
):
    url = course_tree["l1"].url
    assert "Mark as complete" in kept(signed_in, url)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(url + "complete/")
    assert response.status_code == 302
    page, queries = get(signed_in, url)
    assert queries > 0
    assert "You have completed this lesson." in page
    assert "Mark as complete" not in page


def test_a_certificate_issued_and_revoked_reads_on_the_next_request(
    signed_in, course_tree, learner, trainer, django_capture_on_commit_callbacks
):
    assert "Your certificates" in kept(signed_in, "/learn/")
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(
            learner=learner, course=course_tree["course"], by=trainer, reason="test"
        )
    page = kept(signed_in, "/learn/")
    assert certificate.display_code in page
    assert "status--approved" in page
    with django_capture_on_commit_callbacks(execute=True):
        certificate_revoke(certificate=certificate, by=trainer, reason="Mistake")
    page, _ = get(signed_in, "/learn/")
    assert "status--revoked" in page


def test_a_review_reads_on_the_next_request(
    signed_in, course_tree, learner, trainer, django_capture_on_commit_callbacks
):
    lesson = course_tree["l3"]
    submission = evidence_submit(
        learner=learner, lesson=lesson, block_id="act1", text="My count sheet"
    )
    before = kept(signed_in, lesson.url)
    with django_capture_on_commit_callbacks(execute=True):
        evidence_review(
            submission=submission,
            reviewer=trainer,
            decision="changes_requested",
            feedback="Add the date of each count",
        )
    page, queries = get(signed_in, lesson.url)
    assert queries > 0 and page != before
    assert "Add the date of each count" in page


def test_notifications_read_on_the_next_request(
    signed_in, learner, django_capture_on_commit_callbacks
):
    assert "unread" not in kept(signed_in, "/learn/")
    with django_capture_on_commit_callbacks(execute=True):
        notification_create(
            user=learner, kind="announcement", title="Bring boots", text="Rain"
        )
    assert '1<span class="visually-hidden"> unread' in kept(signed_in, "/learn/")
    with django_capture_on_commit_callbacks(execute=True):
        notifications_mark_read(user=learner)
    page, _ = get(signed_in, "/learn/")
    assert "unread" not in page


def test_a_new_role_reads_on_the_next_request(
    signed_in, learner, roles, django_capture_on_commit_callbacks
):
    assert 'href="/admin/"' not in kept(signed_in, "/learn/")
    with django_capture_on_commit_callbacks(execute=True):
        learner.groups.add(Group.objects.get(name="Trainers"))
    page, _ = get(signed_in, "/learn/")
    assert 'href="/admin/"' in page  # trainers author in the admin


def test_signing_out_or_a_password_change_elsewhere_ends_the_kept_pages(
    client, learner, enrolled, django_capture_on_commit_callbacks
):
    sign_in(client, learner)
    kept(client, "/learn/")
    with django_capture_on_commit_callbacks(execute=True):
        learner.set_password("a new long passphrase 2026")
        learner.save()
    response = client.get("/learn/")
    assert response.status_code == 302  # the old session was signed out
    sign_in(client, learner)
    kept(client, "/learn/")
    session = client.cookies["sessionid"].value
    assert client.post(reverse("account_logout")).status_code == 302
    client.cookies["sessionid"] = session  # a replayed cookie
    assert client.get("/learn/").status_code == 302


def test_a_message_is_shown_once_and_never_kept(signed_in, course_tree, cohort):
    course_url = course_tree["course"].url
    kept(signed_in, course_url)
    signed_in.post(f"/learn/cohorts/{cohort.code}/withdraw/")
    with_message, _ = get(signed_in, course_url)
    assert 'role="status"' in with_message or "alert" in with_message
    after, queries = get(signed_in, course_url)
    assert queries > 0  # the page with the message was not stored
    assert after != with_message
    assert kept(signed_in, course_url) == after


def test_completing_a_lesson_marks_it_complete_on_every_page(
    signed_in, course_tree, learner, django_capture_on_commit_callbacks
):
    module = course_tree["modules"][0]
    before = kept(signed_in, module.url)
    with django_capture_on_commit_callbacks(execute=True):
        lesson_complete(learner=learner, lesson=course_tree["l1"])
    page, queries = get(signed_in, module.url)
    assert queries > 0 and page != before


def test_pages_not_marked_for_it_are_never_kept(signed_in):
    get(signed_in, "/account/notifications/")
    _, queries = get(signed_in, "/account/notifications/")
    assert queries > 0


def test_nothing_made_for_one_request_is_ever_kept(rf, learner):
    """A CSP nonce, a cookie of the page's own, a changed session: the page
    belongs to that request only."""

    def made(change=None):
        request = rf.get("/learn/")
        request.COOKIES = {"sessionid": "s", "csrftoken": "c"}
        request.session = SessionStore()
        response = mark_personal(HttpResponse("page"))
        if change:
            change(request, response)
        return PersonalPageCacheMiddleware.storable(request, response)

    assert made()  # the control
    assert made(lambda request, response: response.set_cookie("csrftoken", "c"))
    assert not made(lambda request, response: setattr(request, "_csp_nonce", "n"))
    assert not made(lambda request, response: response.set_cookie("csrftoken", "d"))
    assert not made(lambda request, response: response.set_cookie("theme", "dark"))
    assert not made(lambda request, response: request.session.__setitem__("a", 1))
    assert not made(lambda request, response: setattr(response, "status_code", 404))
    assert not made(
        lambda request, response: setattr(response, "personal_cache", False)
    )
