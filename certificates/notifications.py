"""E-mails about a learner's own certificate, in the learner's language."""

from accounts.selectors import profile_for
from certificates.models import Certificate, CertificateEvent
from certificates.selectors import verify_url
from courses.notifications import absolute_url, email_send

# Which e-mail each event sends; the template is certificates/email/<kind>_*.txt.
NOTIFIED_EVENTS = (
    CertificateEvent.Kind.ISSUED,
    CertificateEvent.Kind.REVOKED,
    CertificateEvent.Kind.REISSUED,
)


def certificate_notification_send(*, certificate: Certificate, kind: str) -> None:
    """Tell the learner their certificate was issued, revoked (why) or replaced."""
    if kind not in NOTIFIED_EVENTS:
        raise ValueError(kind)
    learner = certificate.learner
    email_send(
        user=learner,
        template=f"certificates/email/{kind}",
        context={
            "name": profile_for(user=learner).printed_name,
            "certificate": certificate,
            "course_title": certificate.snapshot["course"]["title"],
            "verify_url": verify_url(certificate.code),
            "learn_url": absolute_url("/learn/"),
        },
    )
