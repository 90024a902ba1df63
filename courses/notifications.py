"""E-mails to learners, rendered in their preferred language."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.selectors import profile_for


def absolute_url(path: str) -> str:
    return settings.ACADEMY_PUBLIC_BASE_URL.rstrip("/") + path


def email_send(*, user, template: str, context: dict) -> None:
    """E-mail ``user`` in their language: ``<template>_subject.txt`` and ``_body.txt``.

    Raises if the mail server refuses, so the task engine retries the task.
    """
    language = profile_for(user=user).preferred_language
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [user.email])


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
    email_send(
        user=user,
        template="courses/email/invitation",
        context={
            "name": profile_for(user=user).printed_name,
            "cohort": cohort,
            "course": cohort.course,
            "set_password_url": absolute_url(path),
            "course_url": absolute_url(cohort.course.url or "/"),
        },
    )


def review_notification_send(*, review) -> None:
    submission = review.submission
    email_send(
        user=submission.learner,
        template="courses/email/review",
        context={
            "name": profile_for(user=submission.learner).printed_name,
            "review": review,
            "lesson": submission.lesson,
            "lesson_url": absolute_url(submission.lesson.url or "/"),
        },
    )
