"""Notifications: each kind is stored for the notifications page and e-mailed
(plain text and HTML, absolute links, the academy's name) unless the person
opted out of the kind; jobs that run twice notify once; a real SMTP server
receives the mail, and a mail server that is down means a retry, not a loss."""

import datetime
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Notification
from accounts.services import email_preferences_save
from courses.models import Announcement
from courses.notifications import session_reminders_send
from courses.services import announcement_post, enrolment_create, sessions_rescheduled
from courses.tasks import (
    send_announcement,
    send_enrolment_notification,
    send_session_changed,
)
from tests.courses.factories import CohortSessionFactory, make_cohort, make_user

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


def kinds(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user)
        .order_by("pk")
        .values_list("kind", flat=True)
    )


def test_enrolment_is_stored_and_emailed_with_both_parts(
    learner, cohort, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.ACADEMY_PUBLIC_BASE_URL = "https://academy.example.org"
    CohortSessionFactory(
        cohort=cohort,
        title="Kick-off",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        location="Central Library",
    )
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(cohort=cohort, learner=learner)
    assert kinds(learner) == [Kind.ENROLMENT]
    notification = Notification.objects.get(user=learner)
    assert notification.emailed_at is not None
    assert "Kick-off" in notification.text
    (message,) = mailoutbox
    assert message.subject == notification.title
    assert message.subject.startswith("You are enrolled in")
    assert "https://academy.example.org/learn/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Citizen Science Academy" in html
    assert 'href="https://academy.example.org/learn/"' in html
    assert "https://academy.example.org/account/profile/#email-preferences" in html
    # Enrolling again changes nothing and tells nobody twice.
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(cohort=cohort, learner=learner)
    assert len(mailoutbox) == 1


def test_a_reminder_the_day_before_is_sent_once(learner, enrolled, cohort, mailoutbox):
    soon = CohortSessionFactory(
        cohort=cohort,
        title="Pond survey",
        starts_at=timezone.now() + datetime.timedelta(hours=20),
        what_to_bring="Boots",
    )
    CohortSessionFactory(  # too far ahead, and one cancelled
        cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    CohortSessionFactory(
        cohort=cohort,
        starts_at=timezone.now() + datetime.timedelta(hours=5),
        cancelled=True,
    )
    mail.outbox.clear()
    session_reminders_send()
    session_reminders_send()  # the job runs again: nothing new
    reminders = Notification.objects.filter(user=learner, kind=Kind.SESSION_REMINDER)
    assert reminders.count() == 1
    assert reminders.get().key == f"session-reminder:{soon.uid}:0"
    assert [m.subject for m in mailoutbox] == [reminders.get().title]
    assert "Boots" in mailoutbox[0].body


def test_a_moved_session_is_announced_once_per_change(learner, enrolled, cohort):
    session = CohortSessionFactory(
        cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=4)
    )
    for _ in range(2):  # two edits: two notifications; each task run twice
        sessions_rescheduled(sessions=[session])
        session.save()
        send_session_changed.call(session.pk)
        send_session_changed.call(session.pk)
    changed = Notification.objects.filter(user=learner, kind=Kind.SESSION_CHANGED)
    assert changed.count() == 2
    session.cancelled = True
    sessions_rescheduled(sessions=[session])
    session.save()
    send_session_changed.call(session.pk)
    assert changed.count() == 3
    assert changed.first().title.startswith("Cancelled:")


def test_opting_out_keeps_the_notification_but_sends_no_email(
    learner, enrolled, cohort, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    email_preferences_save(user=learner, opt_outs=[Kind.ANNOUNCEMENT])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        announcement_post(cohort=cohort, by=trainer, title="Rain", text="Bring a coat.")
    notification = Notification.objects.get(user=learner, kind=Kind.ANNOUNCEMENT)
    assert notification.emailed_at is None
    assert mailoutbox == []


def test_a_trainer_writes_to_the_cohort_with_an_attachment(
    client,
    trainer,
    other_trainer,
    learner,
    other_learner,
    enrolled,
    cohort,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    client.force_login(trainer)
    url = f"/trainer/cohorts/{cohort.code}/announce/"
    page = client.get(url).content.decode()
    assert "every learner of the course" not in page  # editors only
    mail.outbox.clear()
    pdf = SimpleUploadedFile("route.pdf", b"%PDF-1.4\n%%EOF\n")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": "Meeting point",
                "text": "We meet at the gate.",
                "attachment": pdf,
            },
            follow=True,
        )
    assert "Your announcement was sent to 1 learner." in response.content.decode()
    announcement = Announcement.objects.get()
    assert [m.to for m in mailoutbox] == [[learner.email]]
    assert "We meet at the gate." in mailoutbox[0].body
    client.force_login(learner)
    dashboard = client.get("/learn/").content.decode()
    assert "Meeting point" in dashboard and "Download route.pdf" in dashboard
    download = client.get(f"/learn/announcements/{announcement.public_id}/attachment/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    client.force_login(other_learner)
    assert "Meeting point" not in client.get("/learn/").content.decode()
    other = client.get(f"/learn/announcements/{announcement.public_id}/attachment/")
    assert other.status_code == 404
    client.force_login(other_trainer)
    assert client.get(url).status_code == 404


def test_an_announcement_needs_a_title_and_a_message(client, trainer, cohort):
    client.force_login(trainer)
    response = client.post(
        f"/trainer/cohorts/{cohort.code}/announce/", {"title": " ", "text": ""}
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    bad = SimpleUploadedFile("virus.exe", b"MZ...")
    response = client.post(
        f"/trainer/cohorts/{cohort.code}/announce/",
        {"title": "T", "text": "M", "attachment": bad},
    )
    assert response.status_code == 400
    assert "virus.exe is not one of them" in response.content.decode()
    assert not Announcement.objects.exists()


def test_editors_write_to_every_learner_of_a_course(
    editor, trainer, course_tree, learner, other_learner, cohort, enrolled
):
    spring = make_cohort(course_tree["course"], name="Spring", trainers=[trainer])
    enrolment_create(cohort=spring, learner=other_learner)
    with pytest.raises(PermissionDenied):
        announcement_post(
            cohort=cohort, by=trainer, title="All", text="Hello", whole_course=True
        )
    announcement = announcement_post(
        cohort=cohort, by=editor, title="All", text="Hello", whole_course=True
    )
    send_announcement.call(announcement.pk)
    send_announcement.call(announcement.pk)
    assert Notification.objects.filter(kind=Kind.ANNOUNCEMENT).count() == 2


def note(user, title, kind=Kind.REVIEW):
    return Notification.objects.create(
        user=user, kind=kind, title=title, text="Well done", url="/learn/"
    )


def test_the_notifications_page_and_the_unread_count(client, learner):
    note(learner, "You are enrolled", kind=Kind.ENROLMENT)
    note(learner, "Feedback")
    client.force_login(learner)
    header = client.get("/learn/").content.decode()
    assert '<span class="badge">2<span class="visually-hidden"> unread' in header
    page = client.get("/account/notifications/").content.decode()
    assert "Feedback" in page and "You are enrolled" in page
    first = Notification.objects.get(title="Feedback")
    opened = client.get(f"/account/notifications/{first.pk}/")
    assert opened.status_code == 302 and opened["Location"] == "/learn/"
    first.refresh_from_db()
    assert first.read_at is not None
    client.post("/account/notifications/")
    assert not Notification.objects.filter(user=learner, read_at__isnull=True).exists()
    assert 'class="badge"' not in client.get("/learn/").content.decode()
    stranger = make_user("stranger")
    client.force_login(stranger)
    assert client.get(f"/account/notifications/{first.pk}/").status_code == 404
    assert "Nothing yet" in client.get("/account/notifications/").content.decode()


def test_email_choices_on_the_profile(client, learner):
    client.force_login(learner)
    page = client.get("/account/profile/").content.decode()
    assert "Announcements from your trainers" in page
    assert "Certificate revoked" not in page  # always sent, not offered
    response = client.post(
        "/account/email-preferences/",
        {"email_kinds": [Kind.REVIEW, Kind.SESSION_REMINDER]},
        follow=True,
    )
    assert "Your e-mail choices have been saved." in response.content.decode()
    learner.profile.refresh_from_db()
    assert Kind.ANNOUNCEMENT in learner.profile.email_opt_outs
    assert Kind.REVIEW not in learner.profile.email_opt_outs
    bad = client.post("/account/email-preferences/", {"email_kinds": ["nonsense"]})
    assert bad.status_code == 400


def test_the_api_lists_and_marks_notifications(learner):
    note(learner, "You are enrolled", kind=Kind.ENROLMENT)
    api = APIClient()
    api.force_authenticate(learner)
    listed = api.get("/api/v1/me/notifications?unread=true").json()
    assert [row["kind"] for row in listed["results"]] == ["enrolment"]
    pk = listed["results"][0]["id"]
    marked = api.post(f"/api/v1/me/notifications/{pk}/read").json()
    assert marked["read"] is True
    assert api.get("/api/v1/me/notifications?unread=true").json()["results"] == []
    assert api.post("/api/v1/me/notifications/read").json() == {"marked": 0}
    other = make_user("other-api")
    api.force_authenticate(other)
    assert api.post(f"/api/v1/me/notifications/{pk}/read").status_code == 404


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"


def test_through_a_real_smtp_server_and_a_retry_when_it_is_down(
    learner, cohort, settings, django_capture_on_commit_callbacks
):
    port = _free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    with django_capture_on_commit_callbacks(execute=False):
        enrolment = enrolment_create(cohort=cohort, learner=learner)
    # The mail server is down: the task fails (the engine retries it) and the
    # notification waits, stored, with its e-mail unsent.
    with pytest.raises(OSError):
        send_enrolment_notification.call(enrolment.pk)
    waiting = Notification.objects.get(user=learner)
    assert waiting.emailed_at is None
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        send_enrolment_notification.call(enrolment.pk)  # the retry
        send_enrolment_notification.call(enrolment.pk)  # and a duplicate run
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    (envelope,) = inbox.messages
    assert envelope.rcpt_tos == [learner.email]
    raw = envelope.content.decode()
    assert "multipart/alternative" in raw
    assert "text/plain" in raw and "text/html" in raw
    assert Notification.objects.get(user=learner).emailed_at is not None
