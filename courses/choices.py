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
    """An enrolment holds a place only while ``ACTIVE``. ``WAITING`` (on the
    waiting list of a full cohort) and ``PENDING`` (asked to join a cohort that
    needs a trainer's approval) hold none; nor do ``DECLINED`` and
    ``CANCELLED`` (left the waiting list or took the request back). Decision
    0036."""

    ACTIVE = "active", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    WAITING = "waiting", _("On the waiting list")
    PENDING = "pending", _("Waiting for a trainer's approval")
    DECLINED = "declined", _("Request declined")
    CANCELLED = "cancelled", _("Left the waiting list or took the request back")


# Statuses of people who were learners of the cohort at some point: what
# reports count as enrolments.
ENROLLED_STATUSES = (EnrolmentStatus.ACTIVE, EnrolmentStatus.WITHDRAWN)
# Statuses that are a place in a queue: the waiting list or a request.
QUEUED_STATUSES = (EnrolmentStatus.WAITING, EnrolmentStatus.PENDING)


class EnrolmentSource(models.TextChoices):
    SELF = "self", _("Enrolled themselves")
    TRAINER = "trainer", _("Enrolled by a trainer")
    CSV = "csv", _("Imported from a list")


class EvidenceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")


class PreviewStatus(models.TextChoices):
    """An evidence file's preview (a small JPEG: a photo, a PDF's first page)."""

    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready")
    NONE = "none", _("No preview")


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", _("Approve")
    CHANGES_REQUESTED = "changes_requested", _("Ask for changes")


# -- European micro-credential elements (Council Recommendation 2022/C 243/02) --
class EQFLevel(models.TextChoices):
    """The European Qualifications Framework level, or none referenced."""

    NOT_REFERENCED = "none", _("Not referenced to the EQF")
    LEVEL_1 = "1", _("EQF level 1")
    LEVEL_2 = "2", _("EQF level 2")
    LEVEL_3 = "3", _("EQF level 3")
    LEVEL_4 = "4", _("EQF level 4")
    LEVEL_5 = "5", _("EQF level 5")
    LEVEL_6 = "6", _("EQF level 6")
    LEVEL_7 = "7", _("EQF level 7")
    LEVEL_8 = "8", _("EQF level 8")


class AssessmentType(models.TextChoices):
    """How learners' achievement is assessed."""

    QUIZZES_AND_PRACTICAL = (
        "quizzes_and_practical",
        _("Quizzes and practical work reviewed by a trainer"),
    )
    QUIZZES = "quizzes", _("Quizzes")
    PRACTICAL = "practical", _("Practical work reviewed by a trainer")
    EXAMINATION = "examination", _("Written or oral examination")
    PORTFOLIO = "portfolio", _("Portfolio of evidence")
    PARTICIPATION = "participation", _("Participation only (no assessment)")


class AssessmentSupervision(models.TextChoices):
    """Whether someone supervises the assessment, and how."""

    NONE = "none", _("Not supervised")
    SUPERVISED_ONLINE = "supervised_online", _("Supervised online")
    SUPERVISED_ON_SITE = "supervised_on_site", _("Supervised on site")
