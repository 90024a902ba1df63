"""Writes for certificates: issue (idempotent), render, revoke, re-issue, withdraw,
the ZIP of a cohort's PDFs, and the learner's record (its links and its PDF)."""

import csv
import hashlib
import io
import logging
import re
import tempfile
import zipfile
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import storages
from django.db import IntegrityError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates import openbadges, tasks
from certificates.caching import verification_changed
from certificates.keys import development_keys_ensure
from certificates.models import Certificate, CertificateEvent, RecordLink
from certificates.permissions import may_manage_certificate
from certificates.rendering import render_pdf, render_record_pdf
from certificates.sealing import seal_pdf
from certificates.selectors import (
    ASSET_PREFIX,
    badge_alignments,
    certificate_design,
    certificate_document,
    certificate_snapshot,
    certificate_template_sample,
    issuer_identity,
)
from certificates.selectors.record import (
    RECORD_PDF_PREFIX,
    learner_record,
    record_document,
    record_pdf_name,
    record_storage,
)
from certificates.status_lists import status_entry_allocate
from common.spreadsheets import spreadsheet_safe
from courses.choices import EnrolmentStatus
from courses.models import Cohort, CoursePage, Enrolment
from courses.permissions import may_manage_cohort
from courses.selectors import (
    cohort_progress,
    course_competencies,
    learner_course_progress,
)

logger = logging.getLogger(__name__)

NOT_ELIGIBLE = _(
    "This learner has not met the certificate rule yet. Give a reason to issue the "
    "certificate anyway."
)
NOT_YOUR_COHORT = _("You can only issue certificates to learners in your own cohorts.")
ALREADY_REVOKED = _("This certificate has already been revoked.")
REVOKE_REASON_REQUIRED = _(
    "Give the reason for revoking; it is shown to anyone who checks."
)
NOT_REVOKED = _("Only a revoked certificate can be re-issued.")
WITHDRAWN = _("This certificate was withdrawn and cannot be changed.")


def _add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=candidate)
        except ValueError:
            continue
    raise ValueError(day)


def _enrolment(learner, course: CoursePage) -> Enrolment | None:
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .active_for(course)
        .filter(learner=learner)
        .select_related("cohort__course", "cohort__partner")
        .first()
    )


def _certified_competency_ids(*, course: CoursePage, progress) -> set[int]:
    """The competencies a certificate names.

    Issued on the rule, those the learner demonstrated (passed quizzes,
    approved activities). Issued by override, the trainer attests that the
    learner met the course by other means, so the certificate names what
    the course develops: the competencies of its modules and every one its
    quizzes and activities evidence (what completing it would list), plus
    any already demonstrated.
    """
    demonstrated = set(progress.competency_ids) if progress else set()
    if progress is not None and progress.complete:
        return demonstrated
    developed = {competency.id for competency in course_competencies(course=course)}
    if progress is not None:
        for lesson in progress.outline.lessons:
            for block in (*lesson.quizzes, *lesson.activities):
                developed.update(block.competency_ids)
    return demonstrated | developed


def certificate_assets_store(blobs: dict[str, bytes]) -> None:
    """Copy a design's images to private storage under their SHA-256, once
    (idempotent: the name is the content). Nothing ever deletes them: issued
    certificates refer to them (decision 0035)."""
    storage = storages["private"]
    for digest, data in blobs.items():
        name = f"{ASSET_PREFIX}{digest}"
        if not storage.exists(name):
            storage.save(name, ContentFile(data))


def _design_freeze(*, course: CoursePage, language: str) -> dict:
    """The course's certificate design (its template or the academy's), with
    copies of its images, for the snapshot."""
    design, blobs = certificate_design(
        template=course.certificate_template, language=language
    )
    certificate_assets_store(blobs)
    return design


@transaction.atomic
def certificate_issue(
    *,
    learner,
    course: CoursePage,
    by=None,
    reason: str = "",
    replaces=None,
    for_cohort: bool = False,
) -> Certificate:
    """Issue a learner's certificate for a course. Idempotent.

    Returns the learner's valid certificate if there is one. Otherwise checks
    the certificate rule; a trainer of the learner's cohort may issue anyway
    with a reason, which is kept. The partial unique constraint (one valid
    certificate per learner and course) makes concurrent calls and duplicate
    task runs safe. The PDF is rendered after commit, in a background task.
    The history records who issued it (``by``; nobody for an automatic issue)
    and how: re-issue, issue for a whole cohort, or single issue (with the
    override reason when the rule was not met).
    """
    enrolment = _enrolment(learner, course)
    course = enrolment.cohort.course if enrolment else course
    existing = (
        Certificate.objects.current().filter(learner=learner, course=course).first()
    )
    if existing:
        return existing
    cohort = enrolment.cohort if enrolment else None
    if by is not None and not may_manage_cohort(by, cohort):
        raise PermissionDenied(NOT_YOUR_COHORT)
    progress = learner_course_progress(
        learner=learner, course=course, enrolment=enrolment
    )
    reason = (reason or "").strip()
    if (progress is None or not progress.complete) and not (by and reason):
        raise ValidationError({"reason": NOT_ELIGIBLE}, code="not_eligible")
    snapshot, language = certificate_snapshot(
        learner=learner,
        course=course,
        cohort=cohort,
        competency_ids=_certified_competency_ids(course=course, progress=progress),
    )
    grade = progress.quiz_grade if progress and progress.complete else None
    if grade is not None and snapshot.get("micro_credential") is not None:
        snapshot["micro_credential"]["grade"] = str(grade)  # an optional element
    design = snapshot["design"] = _design_freeze(course=course, language=language)
    snapshot["signatories"] = [
        {"name": s["name"], "role": s["role"]} for s in design["signatories"]
    ]
    issued_at = timezone.now()
    months = course.certificate_validity_months
    try:
        with transaction.atomic():
            status_list, status_index = status_entry_allocate()
            certificate = Certificate.objects.create(
                status_list=status_list,
                status_index=status_index,
                learner=learner,
                course=course,
                cohort=cohort,
                snapshot=snapshot,
                language=language,
                issued_at=issued_at,
                expires_on=_add_months(timezone.localdate(issued_at), months)
                if months
                else None,
                issued_by=by,
                override_reason=reason if not (progress and progress.complete) else "",
                replaces=replaces,
            )
    except IntegrityError:
        existing = (
            Certificate.objects.current().filter(learner=learner, course=course).first()
        )
        if existing is None:
            raise  # another constraint failed; it is not a duplicate certificate
        return existing
    CertificateEvent.objects.create(
        certificate=certificate,
        kind=CertificateEvent.Kind.REISSUED
        if replaces
        else CertificateEvent.Kind.COHORT_ISSUED
        if for_cohort
        else CertificateEvent.Kind.ISSUED,
        actor=by,
        note=reason,
    )
    transaction.on_commit(lambda: tasks.render_certificate.enqueue(certificate.pk))
    return certificate


def certificate_render(*, certificate_id: int) -> Certificate:
    """Render, seal and store the PDF once, and sign the badge. Idempotent.

    Safe to run twice or after a crash: whatever is missing is made.
    The row is locked while rendering, so a second worker waits and then finds
    the stored PDF; a PDF whose hash does not match (a crash mid-write) is
    rendered again and replaced.
    """
    development_keys_ensure()

    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate_id)
        if (
            certificate.pdf_sha256
            and certificate.pdf
            and _stored_hash(certificate) == (certificate.pdf_sha256)
        ):
            if not certificate.open_badge:  # the PDF is fine; only sign the badge
                certificate.open_badge = open_badge_sign(certificate=certificate)
                certificate.save(update_fields=["open_badge"])
                verification_changed(certificate.code)  # the page links the badge
            return certificate
        rendered_before = certificate.rendered_at is not None
        pdf = seal_pdf(render_pdf(certificate_document(certificate=certificate)))
        name = f"certificates/{certificate.code}.pdf"
        storage = certificate.pdf.storage
        if storage.exists(name):
            storage.delete(name)
        certificate.pdf.save(name.split("/")[-1], ContentFile(pdf), save=False)
        certificate.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
        certificate.rendered_at = timezone.now()
        badge_is_new = not certificate.open_badge
        if badge_is_new:
            certificate.open_badge = open_badge_sign(certificate=certificate)
        certificate.save(
            update_fields=["pdf", "pdf_sha256", "rendered_at", "open_badge"]
        )
        if badge_is_new:
            verification_changed(certificate.code)  # the page links the badge
        CertificateEvent.objects.create(
            certificate=certificate, kind=CertificateEvent.Kind.RENDERED
        )
        if not rendered_before:
            kind = (
                CertificateEvent.Kind.REISSUED
                if certificate.replaces_id
                else CertificateEvent.Kind.ISSUED
            )
            transaction.on_commit(
                lambda: tasks.send_certificate_notification.enqueue(
                    certificate.pk, kind
                )
            )
        return certificate


def worker_warm_up() -> None:
    """Before a task worker forks a process per job (decision 0023): render,
    seal and sign one certificate, storing nothing, so that every job starts
    with the caches a first certificate fills (text shaped at the certificate's
    sizes, the seal's signer and signature space, the JSON-LD contexts): a cold
    job costs about half as much again. Never keeps a worker from starting, and
    leaves no database connection open for the jobs to share."""
    try:
        development_keys_ensure()
        certificate = (
            Certificate.objects.current().exclude(pdf="").order_by("-issued_at").first()
        )
        document = (
            certificate_document(certificate=certificate)
            if certificate
            else certificate_template_sample(
                template=None, language=settings.LANGUAGE_CODE
            )
        )
        seal_pdf(render_pdf(document))
        if certificate:
            open_badge_sign(certificate=certificate)
    except Exception:
        logger.warning("Worker warm-up failed; the first jobs start cold.", exc_info=1)
    finally:
        connections.close_all()


def open_badge_sign(*, certificate: Certificate) -> dict:
    """The certificate as an OpenBadgeCredential, signed (eddsa-rdfc-2022) with
    the current key. Made when the certificate is rendered and stored; the
    credential's page serves the stored one."""
    credential = openbadges.build_credential(
        certificate=certificate,
        issuer=issuer_identity(),
        alignments=badge_alignments(certificate),
    )
    return openbadges.sign(
        credential,
        openbadges.issuer_key(),
        verification_method=openbadges.verification_method(),
        proof_set=True,
    )


def _stored_hash(certificate: Certificate) -> str:
    storage = certificate.pdf.storage
    if not storage.exists(certificate.pdf.name):
        return ""
    digest = hashlib.sha256()
    with storage.open(certificate.pdf.name, "rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _ensure_can_manage(user, certificate: Certificate) -> None:
    if not may_manage_certificate(user, certificate):
        raise PermissionDenied(NOT_YOUR_COHORT)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Revoke with a reason; the certificate stays and verifies as revoked.

    The learner is e-mailed the reason after commit.
    """
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    _ensure_can_manage(by, certificate)
    if certificate.withdrawn_at:
        raise ValidationError(WITHDRAWN, code="withdrawn")
    if certificate.revoked_at:
        raise ValidationError(ALREADY_REVOKED, code="revoked")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": REVOKE_REASON_REQUIRED}, code="reason")
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason
    certificate.revoked_by = by
    certificate.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
    CertificateEvent.objects.create(
        certificate=certificate,
        kind=CertificateEvent.Kind.REVOKED,
        actor=by,
        note=reason,
    )
    verification_changed(certificate.code)
    transaction.on_commit(
        lambda: tasks.send_certificate_notification.enqueue(
            certificate.pk, CertificateEvent.Kind.REVOKED
        )
    )
    return certificate


@transaction.atomic
def certificate_reissue(
    *, certificate: Certificate, by, reason: str = ""
) -> Certificate:
    """Issue a new certificate in place of a revoked one (new code, fresh snapshot)."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    _ensure_can_manage(by, certificate)
    if certificate.withdrawn_at or certificate.learner is None:
        raise ValidationError(WITHDRAWN, code="withdrawn")
    if not certificate.revoked_at:
        raise ValidationError(NOT_REVOKED, code="not_revoked")
    verification_changed(certificate.code)  # its page points to the new one
    # Without a new reason, an override carries over: the learner may still not
    # meet the rule, and the original justification must stay on record.
    return certificate_issue(
        learner=certificate.learner,
        course=certificate.course,
        by=by,
        reason=(reason or "").strip()
        or certificate.override_reason
        or str(_("Re-issued after revocation")),
        replaces=certificate,
    )


def certificate_withdraw_for_erasure(*, learner) -> int:
    """Erasure: remove personal data from a learner's certificates.

    The name in the snapshot is removed, the PDF (which prints the name) is
    deleted, and the certificates verify as "withdrawn" from now on.
    """
    now = timezone.now()
    count = 0
    for certificate in Certificate.objects.select_for_update().filter(learner=learner):
        snapshot = dict(certificate.snapshot)
        snapshot["name"] = ""
        certificate.snapshot = snapshot
        certificate.open_badge = None  # it carries a salted hash of the name
        certificate.withdrawn_at = certificate.withdrawn_at or now
        certificate.learner = None
        if certificate.pdf:
            name, storage = certificate.pdf.name, certificate.pdf.storage
            transaction.on_commit(
                lambda n=name, s=storage: s.delete(n) if s.exists(n) else None
            )
            certificate.pdf = ""
        certificate.save()
        CertificateEvent.objects.create(
            certificate=certificate, kind=CertificateEvent.Kind.WITHDRAWN
        )
        verification_changed(certificate.code)
        count += 1
    return count


def cohort_issue_eligible(*, cohort: Cohort, by, report=None) -> dict:
    """Issue certificates to every eligible learner of a cohort; returns a summary.

    Each learner is issued in their own transaction, so one failure does not
    undo the others; ``report(done, total)`` is called as it goes. A learner
    whose certificate was revoked is skipped: a revocation is undone only by
    an explicit re-issue, which links the new certificate to the old one.
    """
    if not may_manage_cohort(by, cohort):
        raise PermissionDenied(NOT_YOUR_COHORT)
    rows = cohort_progress(cohort=cohort)["rows"]
    summary = {"issued": 0, "already": 0, "revoked": 0, "not_eligible": 0, "failed": 0}
    certified = set()  # learners with a valid certificate
    revoked = set()  # learners whose certificate was revoked: re-issue, one by one
    for learner_id, revoked_at, withdrawn_at in Certificate.objects.filter(
        course=cohort.course
    ).values_list("learner_id", "revoked_at", "withdrawn_at"):
        if withdrawn_at is None:
            (revoked if revoked_at else certified).add(learner_id)
    for done, row in enumerate(rows, start=1):
        learner = row.enrolment.learner
        if learner.pk in certified:
            summary["already"] += 1
        elif learner.pk in revoked:
            summary["revoked"] += 1
        elif not row.progress.complete:
            summary["not_eligible"] += 1
        else:
            try:
                certificate_issue(
                    learner=learner,
                    course=cohort.course,
                    by=by,
                    for_cohort=True,
                )
                summary["issued"] += 1
            except (ValidationError, PermissionDenied):
                summary["failed"] += 1
        if report:
            report(done, len(rows))
    return summary


def certificates_reconcile(*, render_after: timedelta = timedelta(minutes=10)) -> dict:
    """Issue what is due and render what lacks a PDF or badge. Idempotent.

    The safety net behind the signals and the task queue (run periodically by
    the workers' scheduler, or by hand with ``manage.py reconcile_certificates``):

    1. On courses that issue automatically, every active learner who meets the
       rule and never had a certificate for the course gets one. A revoked or
       withdrawn certificate was someone's decision; it is never undone here.
    2. Every valid certificate issued more than ``render_after`` ago that has
       no PDF or no signed badge is queued for rendering again (rendering is
       idempotent, so a render still in the queue is harmless).
    """
    summary = {"issued": 0, "rendered": 0}
    cohorts = Cohort.objects.filter(
        course__certificate_auto_issue=True, course__live=True
    ).select_related("course")
    for cohort in cohorts:
        waiting = (
            Enrolment.objects.filter(
                cohort=cohort, status=EnrolmentStatus.ACTIVE, learner__is_active=True
            )
            .exclude(learner__certificates__course=cohort.course)
            .exists()
        )
        if not waiting:
            continue
        certified = set(
            Certificate.objects.filter(course=cohort.course).values_list(
                "learner_id", flat=True
            )
        )
        for row in cohort_progress(cohort=cohort)["rows"]:
            learner = row.enrolment.learner
            if (
                learner.pk in certified
                or not learner.is_active
                or not row.progress.complete
            ):
                continue
            certificate = certificate_issue(learner=learner, course=cohort.course)
            logger.info(
                "Reconciliation issued certificate %s (learner %s, course %s)",
                certificate.code,
                learner.pk,
                cohort.course_id,
            )
            summary["issued"] += 1
    unrendered = (
        Certificate.objects.current()
        .filter(issued_at__lte=timezone.now() - render_after)
        .filter(Q(pdf_sha256="") | Q(open_badge__isnull=True))
        .values_list("pk", "code")
    )
    for pk, code in unrendered:
        logger.info("Reconciliation queued certificate %s for rendering", code)
        tasks.render_certificate.enqueue(pk)
        summary["rendered"] += 1
    logger.info(
        "Reconciliation: %(issued)s issued, %(rendered)s queued for rendering",
        summary,
    )
    return summary


def job_key(job_id: str) -> str:
    return f"certificates:cohort-job:{job_id}"


# ---------------------------------------------------------------------------
# A ZIP of a cohort's certificate PDFs (decision 0031)
# ---------------------------------------------------------------------------
ZIP_FOLDER = "certificate-zips"
ZIP_KEEP = timedelta(days=1)
ZIP_MANIFEST = "certificates.csv"
ZIP_NOT_RENDERED = "not yet rendered"
ZIP_MANIFEST_HEADER = [
    "code",
    "name",
    "course",
    "issued_on",
    "expires_on",
    "sha256",
    "status",
    "file",
]


def zip_job_key(job_id: str) -> str:
    return f"certificates:cohort-zip:{job_id}"


def cohort_zip_name(job_id: str) -> str:
    """Where a job's ZIP is kept in the private storage: named by the job."""
    return f"{ZIP_FOLDER}/{job_id}.zip"


def zip_member_name(certificate: Certificate) -> str:
    """``<printed name>-<code>.pdf`` in letters, digits and dashes: readable,
    and unique because the code is."""
    name = re.sub(r"[^\w]+", "-", certificate.snapshot.get("name") or "")
    name = name.strip("-_")[:60].strip("-_") or "certificate"
    return f"{name}-{certificate.display_code}.pdf"


def cohort_zip_build(*, cohort: Cohort, by, job_id: str, report=None) -> dict:
    """Store a ZIP of every current certificate of ``cohort``: each stored PDF
    byte for byte, and a ``certificates.csv`` manifest. Idempotent.

    Current means neither revoked nor withdrawn (expired ones are included, the
    manifest says so). A certificate without a PDF yet, or whose stored PDF
    does not match its hash (a render cut short), is listed in the manifest as
    not yet rendered. The ZIP is written to a temporary file on the worker,
    then stored under the job's name in the private storage, replacing what an
    earlier run of the same job stored. ZIPs older than ``ZIP_KEEP`` are
    deleted first. ``report(done, total)`` is called as it goes.
    """
    if not may_manage_cohort(by, cohort):
        raise PermissionDenied(NOT_YOUR_COHORT)
    cohort_zips_expire()
    certificates = sorted(
        Certificate.objects.current().filter(cohort=cohort).select_related("course"),
        key=lambda c: ((c.snapshot.get("name") or "").casefold(), c.issued_at),
    )
    manifest = io.StringIO()
    writer = csv.writer(manifest)
    writer.writerow(ZIP_MANIFEST_HEADER)
    files, not_rendered = 0, []
    with tempfile.TemporaryFile() as spool:
        with zipfile.ZipFile(spool, "w") as archive:
            for done, certificate in enumerate(certificates, start=1):
                member = zip_member_name(certificate)
                digest = _zip_add_pdf(archive, certificate, member)
                if digest:
                    files += 1
                else:
                    not_rendered.append(
                        {
                            "code": certificate.display_code,
                            "name": certificate.snapshot.get("name") or "",
                        }
                    )
                writer.writerow(
                    spreadsheet_safe(
                        [
                            certificate.display_code,
                            certificate.snapshot.get("name") or "",
                            (certificate.snapshot.get("course") or {}).get("title")
                            or certificate.course.title,
                            timezone.localdate(certificate.issued_at).isoformat(),
                            certificate.expires_on.isoformat()
                            if certificate.expires_on
                            else "",
                            digest,
                            certificate.status,
                            member if digest else ZIP_NOT_RENDERED,
                        ]
                    )
                )
                if report:
                    report(done, len(certificates))
            archive.writestr(
                ZIP_MANIFEST,
                "\ufeff" + manifest.getvalue(),  # spreadsheets then read UTF-8
                compress_type=zipfile.ZIP_DEFLATED,
            )
        size = spool.tell()
        spool.seek(0)
        storage = Certificate.pdf.field.storage
        name = cohort_zip_name(job_id)
        if storage.exists(name):  # an earlier run of this job: replace it
            storage.delete(name)
        stored = storage.save(name, File(spool, name=name))
    return {
        "name": stored,
        "files": files,
        "not_rendered": not_rendered,
        "size": size,
    }


def _zip_add_pdf(archive: zipfile.ZipFile, certificate: Certificate, member) -> str:
    """Copy the stored PDF into the archive; its SHA-256, or "" when there is no
    PDF (yet) or the stored one is not the one recorded."""
    if not (certificate.pdf and certificate.pdf_sha256):
        return ""
    storage = certificate.pdf.storage
    if not storage.exists(certificate.pdf.name):
        return ""
    with storage.open(certificate.pdf.name, "rb") as handle:
        data = handle.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != certificate.pdf_sha256:
        return ""
    issued = timezone.localtime(certificate.issued_at)
    info = zipfile.ZipInfo(member, date_time=issued.timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED  # PDFs are compressed already
    archive.writestr(info, data)
    return digest


def cohort_zips_expire(*, keep: timedelta = ZIP_KEEP) -> int:
    """Delete the cohort ZIPs stored more than ``keep`` ago; returns how many."""
    storage = Certificate.pdf.field.storage
    try:
        _folders, names = storage.listdir(ZIP_FOLDER)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - keep
    deleted = 0
    for filename in names:
        name = f"{ZIP_FOLDER}/{filename}"
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
                deleted += 1
        except FileNotFoundError:  # another worker deleted it first
            continue
    return deleted


# The learner's record (decision 0042).

RECORD_LINKS_MAX = 20
RECORD_LINKS_TOO_MANY = _(
    "You already have %(max)d active links. Withdraw one you no longer need first."
)
RECORD_LINK_WITHDRAWN = _("This link has already been withdrawn.")
RECORD_PDF_KEEP = timedelta(days=2)


@transaction.atomic
def record_link_create(*, learner, label: str = "") -> RecordLink:
    """A new link to the learner's record, which anyone holding it may open."""
    # Lock the learner's row so that two requests at once cannot pass the limit.
    get_user_model().objects.select_for_update().filter(pk=learner.pk).first()
    if RecordLink.objects.active().filter(learner=learner).count() >= RECORD_LINKS_MAX:
        raise ValidationError(
            RECORD_LINKS_TOO_MANY, code="too_many", params={"max": RECORD_LINKS_MAX}
        )
    return RecordLink.objects.create(learner=learner, label=(label or "").strip())


@transaction.atomic
def record_link_revoke(*, link: RecordLink, by) -> RecordLink:
    """Withdraw a link: from now on it answers "withdrawn". Only its learner may."""
    link = RecordLink.objects.select_for_update().get(pk=link.pk)
    if link.learner_id != by.pk:
        raise PermissionDenied
    if link.revoked_at:
        raise ValidationError(RECORD_LINK_WITHDRAWN, code="withdrawn")
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    return link


def record_link_viewed(*, link: RecordLink) -> None:
    """Count an opening of a link (shown to its learner); one UPDATE."""
    RecordLink.objects.filter(pk=link.pk).update(
        views=F("views") + 1, last_viewed_at=timezone.now()
    )


def record_pdf_render(*, learner_id: int, language: str, link_code: str = "") -> str:
    """Render, seal and store the PDF of the learner's record as it is now, in
    ``language`` (with the link's address and QR code when made for a link),
    and return its storage name. Idempotent: a version already stored is kept;
    versions older than two days are removed."""
    development_keys_ensure()
    learner = get_user_model().objects.get(pk=learner_id)
    link = (
        RecordLink.objects.filter(code=link_code, learner=learner).first()
        if link_code
        else None
    )
    record = learner_record(learner=learner, link=link)
    name = record_pdf_name(record=record, learner_id=learner_id, language=language)
    storage = record_storage()
    if storage.exists(name):
        return name
    pdf = seal_pdf(
        render_record_pdf(record_document(record=record, language=language)),
        reason="Learner record issued by the academy",
    )
    if not storage.exists(name):  # another worker may have stored it meanwhile
        storage.save(name, ContentFile(pdf))
    _record_pdfs_expire(learner_id=learner_id, keep=name)
    return name


def _record_pdfs_expire(*, learner_id: int, keep: str) -> None:
    storage = record_storage()
    folder = f"{RECORD_PDF_PREFIX}{learner_id}"
    try:
        _dirs, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - RECORD_PDF_KEEP
    for filename in files:
        name = f"{folder}/{filename}"
        if name == keep:
            continue
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
        except (FileNotFoundError, NotImplementedError):
            continue


def record_data_erase(*, learner) -> None:
    """Erasure: the learner's links and every stored PDF of their record go."""
    RecordLink.objects.filter(learner=learner).delete()
    storage = record_storage()
    folder = f"{RECORD_PDF_PREFIX}{learner.pk}"

    def delete_files():
        try:
            _dirs, files = storage.listdir(folder)
        except (FileNotFoundError, NotImplementedError):
            return
        for filename in files:
            storage.delete(f"{folder}/{filename}")

    transaction.on_commit(delete_files)
