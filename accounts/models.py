"""A person's profile: the name printed on certificates and privacy choices."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """One per user, created at sign-up (or on first access for older accounts)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    printed_name = models.CharField(
        _("name as printed on certificates"),
        max_length=150,
        help_text=_(
            "Exactly as it should appear on your certificates, in any script, "
            "e.g. Ελένη Παπαδοπούλου or Jonas Kazlauskas."
        ),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    name_public = models.BooleanField(
        _("show my name on public verification pages"),
        default=False,
        help_text=_(
            "When someone checks one of your certificates online, they see your "
            "name only if you allow it."
        ),
    )
    # Kinds of notification (Notification.Kind) not to send by e-mail; those
    # in Notification.ALWAYS_EMAILED are e-mailed whatever this says.
    email_opt_outs = models.JSONField(default=list, blank=True)
    # The secret in the address of the learner's calendar feed (calendar apps
    # subscribe without signing in); made on first use, replaced on request.
    calendar_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")

    def __str__(self):
        return self.printed_name


class ErasureRequest(models.Model):
    """A learner's request to erase their account (right to erasure, GDPR art. 17).

    Kept without personal data so that the academy can show it honoured the request.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        COMPLETED = "completed", _("Completed")

    reference = models.UUIDField(_("reference"), unique=True, editable=False)
    user_id_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices)
    requested_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("erasure request")
        ordering = ["-requested_at"]

    def __str__(self):
        return str(self.reference)


class Notification(models.Model):
    """Something that happened to a person (their review, certificate, session,
    a cohort announcement), shown on their notifications page and, unless they
    opted out of the kind, e-mailed. Written in their language when made."""

    class Kind(models.TextChoices):
        ENROLMENT = "enrolment", _("Enrolment in a cohort")
        INVITATION = "invitation", _("Invitation to a cohort")
        REVIEW = "review", _("Feedback on your practical work")
        CERTIFICATE_ISSUED = "certificate_issued", _("Certificate issued")
        CERTIFICATE_REVOKED = "certificate_revoked", _("Certificate revoked")
        CERTIFICATE_REISSUED = "certificate_reissued", _("Certificate re-issued")
        CERTIFICATE_EXPIRING = "certificate_expiring", _("Certificate expiring")
        SESSION_REMINDER = "session_reminder", _("Reminder the day before a session")
        SESSION_CHANGED = "session_changed", _("A session moved or was cancelled")
        ANNOUNCEMENT = "announcement", _("Announcements from your trainers")

    # Service messages about a person's own account and certificates.
    ALWAYS_EMAILED = frozenset(
        {
            Kind.INVITATION,
            Kind.CERTIFICATE_ISSUED,
            Kind.CERTIFICATE_REVOKED,
            Kind.CERTIFICATE_REISSUED,
            Kind.CERTIFICATE_EXPIRING,
        }
    )

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(max_length=32, choices=Kind.choices)
    title = models.CharField(max_length=300)
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    # What the notification is about (e.g. ``session-reminder:<uid>``): a
    # notification with a key is made once per person, however often the job
    # that makes it runs.
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=~models.Q(key=""),
                name="one_notification_per_key",
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title
