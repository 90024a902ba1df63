"""E-mails about a learner's own certificate, in the learner's language."""

from accounts.models import Notification
from accounts.selectors import profile_for
from certificates.models import Certificate, CertificateEvent
from certificates.selectors import verify_url
from courses.notifications import absolute_url, notify

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
