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
