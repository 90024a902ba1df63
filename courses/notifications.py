"""Notifications: stored for the notifications page and e-mailed, each in the
recipient's language (``notify``); the senders of each kind below and in
``certificates.notifications``. They run in tasks (``courses/tasks.py``)."""

import datetime

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Site

from accounts.models import Notification
from accounts.selectors import profile_for, wants_email
from accounts.services import notification_create, notification_emailed
from cms.i18n import addresses_in
from cms.models import AcademySettings
from courses.choices import EnrolmentStatus
from courses.models import CohortSession
from courses.selectors.announcements import announcement_audience


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.ACADEMY_PUBLIC_BASE_URL.rstrip("/") + path


def page_url(page, *, user) -> str:
    """The page's address in the recipient's interface language (decision
    0033), whatever language the request or task sending it runs in."""
    with addresses_in(profile_for(user=user).preferred_language):
        return page.url or "/"


def notify(*, user, kind: str, template: str, context: dict, url: str, key: str):
    """Tell ``user`` something: store a notification (once per ``key``, however
    often a task runs) in their language, and e-mail it unless they opted out
    of the kind. ``template``: ``<template>_subject.txt`` and ``_body.txt``.

    Raises if the mail server refuses, so the task engine retries the task; the
    retry finds the notification stored and sends the e-mail that is missing.
    Returns the notification, or None for an account that is closed.
    """
    if not user.is_active:
        return None
    language = profile_for(user=user).preferred_language
    with translation.override(language):
        title = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context).strip()
    notification = notification_create(
        user=user, kind=kind, title=title, text=text, url=url, key=key
    )
    if notification.emailed_at is None and wants_email(user=user, kind=kind):
        notification_email_send(notification=notification, language=language)
        notification_emailed(notification=notification)
    return notification


def notification_email_send(*, notification, language: str) -> None:
    """The notification as an e-mail with a plain-text and an HTML part, in the
    academy's name and colours; every link is absolute."""
    academy = AcademySettings.for_site(Site.objects.get(is_default_site=True))
    with translation.override(language):
        context = {
            "academy": academy,
            "notification": notification,
            "url": absolute_url(notification.url) if notification.url else "",
            "preferences_url": absolute_url(reverse("account_profile"))
            + "#email-preferences",
            "always": notification.kind in Notification.ALWAYS_EMAILED,
            "language": language,
        }
        text = render_to_string("email/notification.txt", context)
        html = render_to_string("email/notification.html", context)
    message = EmailMultiAlternatives(
        subject=notification.title,
        body=text,
        to=[notification.user.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()


def invitation_send(*, user, cohort) -> None:
    """Invite a person a trainer enrolled: a link to set their password and start."""
    with translation.override(profile_for(user=user).preferred_language):
        path = reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": default_token_generator.make_token(user),
            },
        )
    notify(
        user=user,
        kind=Notification.Kind.INVITATION,
        template="courses/email/invitation",
        context={
            "name": profile_for(user=user).printed_name,
            "cohort": cohort,
            "course": cohort.course,
            "set_password_url": absolute_url(path),
            "course_url": absolute_url(page_url(cohort.course, user=user)),
        },
        url=page_url(cohort.course, user=user),
        key=f"invitation:{cohort.code}:{timezone.localdate().isoformat()}",
    )


def review_notification_send(*, review) -> None:
    submission = review.submission
    notify(
        user=submission.learner,
        kind=Notification.Kind.REVIEW,
        template="courses/email/review",
        context={
            "name": profile_for(user=submission.learner).printed_name,
            "review": review,
            "lesson": submission.lesson,
            "lesson_url": absolute_url(
                page_url(submission.lesson, user=submission.learner)
            ),
        },
        url=page_url(submission.lesson, user=submission.learner),
        key=f"review:{review.pk}",
    )


def _learn_url() -> str:
    return absolute_url(reverse("learner_dashboard"))


def enrolment_notification_send(*, enrolment) -> None:
    """Welcome a learner to a cohort: when it starts, their first session. Not
    for a new account a trainer made: its invitation says the same."""
    learner, cohort = enrolment.learner, enrolment.cohort
    if not learner.has_usable_password():
        return
    notify(
        user=learner,
        kind=Notification.Kind.ENROLMENT,
        template="courses/email/enrolment",
        context={
            "name": profile_for(user=learner).printed_name,
            "cohort": cohort,
            "course": cohort.course,
            "next_session": cohort.sessions.upcoming()
            .filter(cancelled=False)
            .order_by("starts_at")
            .first(),
            "learn_url": _learn_url(),
        },
        url=reverse("learner_dashboard"),
        key=f"enrolment:{enrolment.pk}:{timezone.localdate().isoformat()}",
    )


def waitlist_promotion_send(*, enrolment) -> None:
    """Tell the first person waiting that a place came free and is theirs
    (once per time they joined the waiting list)."""
    learner, cohort = enrolment.learner, enrolment.cohort
    notify(
        user=learner,
        kind=Notification.Kind.ENROLMENT,
        template="courses/email/waitlist_promoted",
        context={
            "name": profile_for(user=learner).printed_name,
            "cohort": cohort,
            "course": cohort.course,
            "learn_url": _learn_url(),
        },
        url=reverse("learner_dashboard"),
        key=f"waitlist-promoted:{enrolment.pk}:{enrolment.requested_at.isoformat()}",
    )


def request_decision_send(*, enrolment) -> None:
    """Tell a learner a trainer accepted (enrolled or on the waiting list) or
    declined their request to join, with the trainer's message."""
    learner, cohort = enrolment.learner, enrolment.cohort
    notify(
        user=learner,
        kind=Notification.Kind.ENROLMENT,
        template="courses/email/request_decided",
        context={
            "name": profile_for(user=learner).printed_name,
            "cohort": cohort,
            "course": cohort.course,
            "accepted": enrolment.status != EnrolmentStatus.DECLINED,
            "waiting": enrolment.status == EnrolmentStatus.WAITING,
            "response": enrolment.response,
            "learn_url": _learn_url(),
        },
        url=reverse("learner_dashboard"),
        key=f"request-decided:{enrolment.pk}:{enrolment.decided_at.isoformat()}",
    )


def _notify_each(enrolments, *, kind: str, template: str, context: dict, url, key):
    """Notify the learner of each enrolment (``context`` plus their name);
    returns how many were told."""
    learners = [e.learner for e in enrolments.select_related("learner__profile")]
    for learner in learners:
        notify(
            user=learner,
            kind=kind,
            template=template,
            context={"name": profile_for(user=learner).printed_name, **context},
            url=url,
            key=key,
        )
    return len(learners)


def _session_notify(*, session, kind: str, template: str, key: str) -> int:
    """Notify every active learner of the session's cohort; returns how many."""
    return _notify_each(
        session.cohort.enrolments.active(),
        kind=kind,
        template=template,
        context={
            "session": session,
            "course": session.cohort.course,
            "learn_url": _learn_url(),
        },
        url=reverse("learner_dashboard") + "#sessions",
        key=key,
    )


def session_changed_send(*, session) -> int:
    """Tell the cohort a session moved or was cancelled (once per revision)."""
    if session.finishes_at < timezone.now():
        return 0  # a correction of the past: nothing to plan for
    return _session_notify(
        session=session,
        kind=Notification.Kind.SESSION_CHANGED,
        template="courses/email/session_changed",
        key=f"session-changed:{session.uid}:{session.sequence}",
    )


# Sessions starting within this time get their reminder (the job runs hourly).
REMINDER_AHEAD = datetime.timedelta(hours=24)


def session_reminders_send(*, now=None) -> int:
    """Remind learners of their sessions in the next day, once per session and
    time (a session moved after its reminder gets a new one). Idempotent."""
    now = now or timezone.now()
    sessions = CohortSession.objects.filter(
        cancelled=False, starts_at__gt=now, starts_at__lte=now + REMINDER_AHEAD
    ).select_related("cohort__course")
    return sum(
        _session_notify(
            session=session,
            kind=Notification.Kind.SESSION_REMINDER,
            template="courses/email/session_reminder",
            key=f"session-reminder:{session.uid}:{session.sequence}",
        )
        for session in sessions
    )


def announcement_send(*, announcement) -> int:
    """Notify every learner the announcement is for (once each)."""
    cohort = announcement.cohort
    return _notify_each(
        announcement_audience(announcement=announcement),
        kind=Notification.Kind.ANNOUNCEMENT,
        template="courses/email/announcement",
        context={
            "announcement": announcement,
            "course": cohort.course,
            "cohort": cohort,
            "learn_url": _learn_url() + "#announcements",
        },
        url=reverse("learner_dashboard") + "#announcements",
        key=f"announcement:{announcement.public_id}",
    )
