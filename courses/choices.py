from django.conf import global_settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DomainKind(models.TextChoices):
    CORE = "core", _("Core (shared by every programme)")
    COURSE = "course", _("Course-specific")


class DeliveryMode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    BLENDED = "blended", _("Blended")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice (one correct answer)")
    MULTIPLE = "multiple", _("Multiple choice (one or more correct answers)")


class QuizFeedback(models.TextChoices):
    ALWAYS = (
        "always",
        _("After every attempt: which questions were right, with the feedback"),
    )
    AFTER_PASS = (
        "after_pass",
        _("Only the score until the learner passes or has no attempts left"),
    )


class ActivityKind(models.TextChoices):
    FIELDWORK = "fieldwork", _("Fieldwork")
    DATA_COLLECTION = "data_collection", _("Data collection")
    REFLECTION = "reflection", _("Reflection")


class EvidenceKind(models.TextChoices):
    TEXT = "text", _("Written answer")
    FILE = "file", _("File (PDF or document)")
    PHOTO = "photo", _("Photo")
    DATA = "data", _("Data (CSV or spreadsheet)")


# Any language a course may be taught in, including community languages that the
# interface itself is not translated into.
COURSE_LANGUAGE_CHOICES = [(code, _(name)) for code, name in global_settings.LANGUAGES]


class EnrolmentStatus(models.TextChoices):
    ACTIVE = "active", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Enrolled themselves")
    TRAINER = "trainer", _("Enrolled by a trainer")
    CSV = "csv", _("Imported from a list")


class EvidenceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approve")
    CHANGES_REQUESTED = "changes_requested", _("Ask for changes")
