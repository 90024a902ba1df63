"""Notifications about a learner's own certificate, in the learner's language."""

import datetime

from django.utils import timezone

from accounts.models import Notification
from accounts.selectors import profile_for
from certificates.models import Certificate, CertificateEvent
from certificates.selectors import verify_url
from courses.notifications import absolute_url, notify, page_url

# The notification each event sends; the template is
# certificates/email/<event kind>_*.txt.
NOTIFIED_EVENTS = {
    CertificateEvent.Kind.ISSUED: Notification.Kind.CERTIFICATE_ISSUED,
    CertificateEvent.Kind.REVOKED: Notification.Kind.CERTIFICATE_REVOKED,
    CertificateEvent.Kind.REISSUED: Notification.Kind.CERTIFICATE_REISSUED,
}


def certificate_notification_send(*, certificate: Certificate, kind: str) -> None:
    """Tell the learner their certificate was issued, revoked (why) or replaced."""
    if kind not in NOTIFIED_EVENTS:
        raise ValueError(kind)
    learner = certificate.learner
    notify(
        user=learner,
        kind=NOTIFIED_EVENTS[kind],
        template=f"certificates/email/{kind}",
        context={
            "name": profile_for(user=learner).printed_name,
            "certificate": certificate,
            "course_title": certificate.snapshot["course"]["title"],
            "verify_url": verify_url(certificate.code),
            "learn_url": absolute_url("/learn/"),
        },
        url=verify_url(certificate.code),
        key=f"certificate:{certificate.code}:{kind}",
    )


# Days before expiry when the holder is told, each once.
EXPIRY_NOTICES = (60, 14)


def expiry_notices_send(*, today=None) -> int:
    """Tell holders their certificate expires in 60 and in 14 days, with how to
    renew it; once each (a missed day is caught up). Idempotent."""
    today = today or timezone.localdate()
    sent = 0
    for days in EXPIRY_NOTICES:
        certificates = (
            Certificate.objects.current()
            .filter(
                learner__is_active=True,
                expires_on__gt=today,
                expires_on__lte=today + datetime.timedelta(days=days),
            )
            .select_related("learner", "course")
        )
        for certificate in certificates:
            left = (certificate.expires_on - today).days
            if days == EXPIRY_NOTICES[0] and left <= EXPIRY_NOTICES[1]:
                continue  # the later notice says it
            notify(
                user=certificate.learner,
                kind=Notification.Kind.CERTIFICATE_EXPIRING,
                template="certificates/email/expiring",
                context={
                    "name": profile_for(user=certificate.learner).printed_name,
                    "certificate": certificate,
                    "course_title": certificate.snapshot["course"]["title"],
                    "days": left,
                    "course_url": absolute_url(
                        page_url(certificate.course, user=certificate.learner)
                    ),
                    "verify_url": verify_url(certificate.code),
                },
                url=verify_url(certificate.code),
                key=f"certificate-expiring:{certificate.code}:{days}",
            )
            sent += 1
    return sent
