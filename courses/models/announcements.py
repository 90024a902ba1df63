"""Announcements: a trainer writes to a cohort, an editor to every learner of a
course. Learners read them on /learn/ and get them as notifications."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models.progress import Cohort, private_storage


def announcement_upload_path(instance, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"announcements/{instance.public_id.hex}{suffix}"


class Announcement(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="announcements"
    )
    # Written to every learner of the cohort's course (any language version,
    # every cohort), not only to the cohort.
    whole_course = models.BooleanField(_("every learner of the course"), default=False)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("message"), max_length=5000)
    attachment = models.FileField(
        _("attachment"),
        storage=private_storage,
        upload_to=announcement_upload_path,
        blank=True,
    )
    attachment_name = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("announcement")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title
