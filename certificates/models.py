"""Certificates: what was certified (a frozen snapshot), its PDF and its history."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from certificates import codes
from courses.models import Cohort
from courses.models.progress import private_storage
from courses.permissions import manages_every_cohort

STATUS_LIST_SIZE = 131_072  # bits in a Bitstring Status List (16 KiB)


def new_status_index() -> int:
    """Kept for migration 0001, which names it; allocation is in status_lists.py."""
    return secrets.randbelow(STATUS_LIST_SIZE)


def new_permutation_key() -> str:
    return secrets.token_hex(32)


class StatusList(models.Model):
    """One Bitstring Status List (revocation): which of its indexes are handed out.

    Indexes are handed out in the order of a secret pseudo-random permutation of
    ``0 … size-1`` (keyed by ``permutation_key``): ``allocated`` counts the
    positions used, so no two certificates get the same index and the next
    index cannot be guessed from the ones published (decision 0020). When a list
    is full the next certificate opens list ``number + 1``.
    """

    number = models.PositiveIntegerField(unique=True)
    size = models.PositiveIntegerField(default=STATUS_LIST_SIZE)
    allocated = models.PositiveIntegerField(default=0)
    permutation_key = models.CharField(
        max_length=64, default=new_permutation_key, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("status list")
        ordering = ["number"]

    def __str__(self):
        return f"{self.number} ({self.allocated}/{self.size})"

    @property
    def full(self) -> bool:
        return self.allocated >= self.size


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CertificateQuerySet(models.QuerySet):
    def current(self):
        """Neither revoked nor withdrawn: the one certificate a learner holds for
        a course (the unique constraint's condition); it may have expired."""
        return self.filter(revoked_at__isnull=True, withdrawn_at__isnull=True)

    def with_status(self, day=None):
        """Annotate ``status_today``: ``Certificate.status_on`` in SQL."""
        day = day or timezone.localdate()
        return self.annotate(
            status_today=models.Case(
                models.When(
                    withdrawn_at__isnull=False, then=Value(CertificateStatus.WITHDRAWN)
                ),
                models.When(
                    revoked_at__isnull=False, then=Value(CertificateStatus.REVOKED)
                ),
                models.When(expires_on__lt=day, then=Value(CertificateStatus.EXPIRED)),
                default=Value(CertificateStatus.VALID),
                output_field=models.CharField(),
            )
        )

    def managed_by(self, user):
        """The certificates of the cohorts ``user`` manages; every certificate
        (those of no cohort too) for those who manage every cohort."""
        if manages_every_cohort(user):
            return self.all()
        return self.filter(cohort__in=Cohort.objects.managed_by(user))


class Certificate(models.Model):
    code = models.CharField(
        max_length=26, unique=True, default=codes.new_code, editable=False
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.PROTECT, related_name="certificates"
    )
    cohort = models.ForeignKey(
        "courses.Cohort",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    snapshot = models.JSONField(
        help_text=_("Everything the certificate states, frozen at issue.")
    )
    language = models.CharField(max_length=10)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    override_reason = models.TextField(blank=True)
    replaces = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    status_list = models.PositiveIntegerField(
        default=0, help_text=_("The number of the status list it is entered in.")
    )
    status_index = models.PositiveIntegerField(
        help_text=_("Its bit in that status list.")
    )
    pdf = models.FileField(
        storage=private_storage, upload_to="certificates/", blank=True
    )
    pdf_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    open_badge = models.JSONField(
        null=True,
        blank=True,
        help_text=_("The signed Open Badges 3.0 credential, made with the PDF."),
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificate")
        ordering = ["-issued_at"]
        # The register lists the newest first, a page at a time. On PostgreSQL a
        # trigram index (migration 0004) serves the search by printed name.
        indexes = [models.Index(fields=["-issued_at"], name="certificate_issued_at")]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "course"],
                condition=Q(revoked_at__isnull=True, withdrawn_at__isnull=True),
                name="one_valid_certificate_per_learner_and_course",
            ),
            models.UniqueConstraint(
                fields=["status_list", "status_index"],
                name="one_certificate_per_status_list_index",
            ),
        ]

    def __str__(self):
        return codes.display(self.code)

    @property
    def display_code(self) -> str:
        return codes.display(self.code)

    def status_on(self, day) -> str:
        """The status on ``day`` (``CertificateQuerySet.with_status`` in SQL)."""
        if self.withdrawn_at:
            return CertificateStatus.WITHDRAWN
        if self.revoked_at:
            return CertificateStatus.REVOKED
        if self.expires_on and day > self.expires_on:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def status(self) -> str:
        return self.status_on(timezone.localdate())

    @cached_property
    def replacement(self) -> "Certificate | None":
        """The valid certificate re-issued in place of this revoked one."""
        return Certificate.objects.current().filter(replaces=self).first()

    @property
    def status_label(self):
        return CertificateStatus(self.status).label


class CertificateEvent(models.Model):
    """The history of a certificate; never edited or deleted."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        COHORT_ISSUED = "cohort_issued", _("Issued for the whole cohort")
        RENDERED = "rendered", _("PDF created")
        REVOKED = "revoked", _("Revoked")
        REISSUED = "reissued", _("Re-issued")
        WITHDRAWN = "withdrawn", _("Withdrawn (learner erased)")

    certificate = models.ForeignKey(
        Certificate, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"


class RecordLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class RecordLink(models.Model):
    """A link a learner made to share their record (every certificate they hold
    and the competencies those certify); they can withdraw it at any time.

    The code is 128 random bits, like a certificate's, so a link cannot be
    guessed; a withdrawn link answers "withdrawn" and never comes back.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="record_links"
    )
    code = models.CharField(
        max_length=26, unique=True, default=codes.new_code, editable=False
    )
    label = models.CharField(
        _("who it is for"),
        max_length=100,
        blank=True,
        help_text=_("Only you see this, e.g. “Museum volunteer application”."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0)
    last_viewed_at = models.DateTimeField(null=True, blank=True)

    objects = RecordLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("record link")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return codes.display(self.code)

    @property
    def public_url(self) -> str:
        """The address to give out (on the academy's public host)."""
        base = settings.ACADEMY_PUBLIC_BASE_URL.rstrip("/")
        return f"{base}/record/{self.code}/"

    @property
    def display_code(self) -> str:
        return codes.display(self.code)
