"""Writes for enrolment, cohorts and progress.

Every service is atomic and raises ``ValidationError`` (or ``PermissionDenied``)
with a module-level message that tests reuse. Progress writes lock the
learner's enrolment row, so that concurrent requests for one learner run one
after the other and the course-completed announcement is made exactly once.
"""

import csv
import datetime
import io
import uuid
from dataclasses import asdict, dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.services import profile_save
from cms.caching import site_content_changed
from common.cache import personal_content_changed
from courses.choices import (
    QUEUED_STATUSES,
    EnrolmentSource,
    EnrolmentStatus,
    EvidenceKind,
    EvidenceStatus,
    PreviewStatus,
    ReviewDecision,
)
from courses.grading import QuizResult, grade_quiz
from courses.models import (
    Announcement,
    Attendance,
    Cohort,
    CohortSession,
    CourseCompletion,
    CoursePage,
    Enrolment,
    EvidenceFile,
    EvidenceReview,
    EvidenceSubmission,
    LessonCompletion,
    LessonPage,
    ModulePage,
    QuizAttempt,
)
from courses.permissions import manages_every_cohort, may_manage_cohort, may_review
from courses.selectors import learner_course_progress
from courses.selectors.enrolment import missing_prerequisites
from courses.signals import course_completed
from courses.tasks import (
    make_evidence_previews,
    send_announcement,
    send_enrolment_notification,
    send_invitation,
    send_request_decision,
    send_review_notification,
    send_session_changed,
    send_waitlist_promotion,
)
from courses.uploads import (
    FILES_DEFAULT,
    check_upload,
    check_uploads,
    has_preview,
    preview_image,
    sha256_of,
    without_metadata,
)

# -- messages ------------
ENROLMENT_CLOSED = _(
    "This cohort is not open for enrolment. Ask a trainer to enrol you."
)
COHORT_FULL = _("This cohort is full. Choose another cohort or ask a trainer.")
WAITLIST_NOT_FULL = _("This cohort still has places: enrol instead.")
APPROVAL_REQUIRED = _(
    "A trainer approves who joins this cohort. Ask to join, with a message if you like."
)
APPROVAL_NOT_NEEDED = _("This cohort needs no approval: enrol directly.")
REQUEST_NOT_PENDING = _("This request has already been answered or taken back.")
REQUEST_MESSAGE_MAX = 1000
REQUEST_MESSAGE_TOO_LONG = _("Keep the message to %(max)s characters.")
PREREQUISITES_MISSING = _(
    "This course requires a valid certificate of %(courses)s. Earn it first."
)
ALREADY_IN_COURSE = _(
    "You are already enrolled in another cohort of this course. Withdraw from it first."
)
NOT_ENROLLED = _("Enrol in this course to record your progress.")
NOT_A_LESSON_OF_COURSE = _("This lesson is not part of a published course.")
QUIZ_NOT_IN_LESSON = _("This quiz is not part of this lesson.")
QUIZ_NO_ATTEMPTS_LEFT = _(
    "You have used every attempt this quiz allows. Your trainer can tell you "
    "what to do next."
)
QUIZ_WAIT = _("You can try this quiz again from %(time)s.")
ACTIVITY_NOT_IN_LESSON = _("This activity is not part of this lesson.")
EVIDENCE_EMPTY = _("Write an answer or attach a file before submitting.")
EVIDENCE_TEXT_NOT_EXPECTED = _("This activity asks for a file; please attach one.")
EVIDENCE_FILE_NOT_EXPECTED = _("This activity asks for a written answer, not a file.")
EVIDENCE_WAITING = _(
    "Your evidence is waiting for review. You can submit again if the trainer asks "
    "for changes."
)
EVIDENCE_ALREADY_APPROVED = _("This activity has already been approved.")
REVIEW_NOT_WAITING = _("This evidence has already been reviewed.")
FEEDBACK_REQUIRED = _("Tell the learner what to change.")
NOT_YOUR_LEARNER = _("You can only review learners in your own cohorts.")
NOT_YOUR_COHORT = _("You can only manage your own cohorts.")
NOT_IN_COHORT = _("Some of these people are not enrolled in this cohort.")
SESSION_CANCELLED = _(
    "This session was cancelled, so it has no register. Undo the cancellation "
    "in the cohort's settings if it took place after all."
)
SESSION_NOT_STARTED = _(
    "This session has not started yet. You can take attendance once it begins "
    "(%(starts_at)s)."
)
CSV_NOT_UTF8 = _(
    "The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again."
)
CSV_NO_COLUMNS = _(
    "The first row must name the columns “name” and “email” (in any order)."
)
CSV_EMPTY = _("The file has no rows to import.")
CSV_NUL = _(
    "Line %(line)s contains a character that is not allowed (NUL). Open the file "
    "in a spreadsheet, save it again as “CSV UTF-8” and upload it again."
)
# The longest e-mail address a user account (and allauth) can store.
EMAIL_MAX_LENGTH = 254
CSV_TOO_BIG = _("A list can have at most %(max)s rows; split it into smaller files.")
CSV_MAX_ROWS = 1000


# -- enrolment ------------
def _lock_cohort(cohort: Cohort) -> Cohort:
    """Lock the cohort row: every change to who holds or waits for a place in
    it runs one after the other (decision 0036)."""
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


def _active_count(cohort: Cohort) -> int:
    return cohort.enrolments.filter(status=EnrolmentStatus.ACTIVE).count()


def _has_place(cohort: Cohort) -> bool:
    return cohort.capacity is None or _active_count(cohort) < cohort.capacity


def _check_not_elsewhere(*, cohort: Cohort, learner) -> None:
    other = (
        Enrolment.objects.active_for(cohort.course)
        .filter(learner=learner)
        .exclude(cohort=cohort)
    )
    if other.exists():
        raise ValidationError(ALREADY_IN_COURSE, code="already_in_course")


def _check_prerequisites(*, cohort: Cohort, learner) -> None:
    missing = missing_prerequisites(learner=learner, course=cohort.course)
    if missing:
        raise ValidationError(
            PREREQUISITES_MISSING
            % {"courses": ", ".join(f"“{course.title}”" for course in missing)},
            code="prerequisites_missing",
        )


def _queue_changed(cohort: Cohort) -> None:
    """The course page shows places and people waiting; each person waiting
    sees their position on their own pages."""
    site_content_changed()
    personal_content_changed(
        *cohort.enrolments.filter(status__in=QUEUED_STATUSES).values_list(
            "learner_id", flat=True
        )
    )


def _activate(enrolment: Enrolment, *, source=None, by=None) -> Enrolment:
    """Give the enrolment a place (the cohort is locked by the caller) and
    drop the learner's places in the queues of the course's other cohorts."""
    enrolment.status = EnrolmentStatus.ACTIVE
    enrolment.withdrawn_at = None
    enrolment.enrolled_at = timezone.now()
    fields = ["status", "withdrawn_at", "enrolled_at"]
    if source is not None:
        enrolment.source = source
        enrolment.enrolled_by = by
        fields += ["source", "enrolled_by"]
    enrolment.save(update_fields=fields)
    for other in (
        Enrolment.objects.filter(
            learner_id=enrolment.learner_id,
            status__in=QUEUED_STATUSES,
            cohort__course__translation_key=enrolment.cohort.course.translation_key,
        )
        .exclude(pk=enrolment.pk)
        .select_related("cohort")
        .select_for_update(of=("self",))
    ):
        other.status = EnrolmentStatus.CANCELLED
        other.save(update_fields=["status"])
        _queue_changed(other.cohort)  # the people behind them move up
    return enrolment


@transaction.atomic
def enrolment_create(
    *, cohort: Cohort, learner, by=None, source: str = EnrolmentSource.SELF
) -> Enrolment:
    """Enrol a learner in a cohort. Idempotent: enrolling twice returns the same row.

    Learners enrol themselves only in open cohorts that need no approval,
    holding a valid certificate of each required course, while places remain
    and nobody waits for one; trainers may enrol anyone while places remain
    (someone on the waiting list or asking to join included). A learner has
    one active enrolment per course.
    """
    cohort = _lock_cohort(cohort)
    existing = Enrolment.objects.filter(cohort=cohort, learner=learner).first()
    if existing and existing.status == EnrolmentStatus.ACTIVE:
        return existing
    mine = source == EnrolmentSource.SELF
    if mine and not cohort.is_open:
        raise ValidationError(ENROLMENT_CLOSED, code="closed")
    if mine and cohort.requires_approval:
        raise ValidationError(APPROVAL_REQUIRED, code="approval_required")
    _check_not_elsewhere(cohort=cohort, learner=learner)
    if mine:
        _check_prerequisites(cohort=cohort, learner=learner)
    full = not _has_place(cohort)
    if full or (mine and cohort.enrolments.waiting().exists()):
        raise ValidationError(COHORT_FULL, code="full")
    if existing is None:
        existing = Enrolment(cohort=cohort, learner=learner)
        existing.save()
    enrolment = _activate(existing, source=source, by=by)
    _queue_changed(cohort)
    transaction.on_commit(lambda: send_enrolment_notification.enqueue(enrolment.pk))
    return enrolment


@transaction.atomic
def waitlist_join(*, cohort: Cohort, learner) -> Enrolment:
    """Join the waiting list of a full, open cohort, behind everyone already
    on it. Idempotent. An enrolled learner stays enrolled."""
    cohort = _lock_cohort(cohort)
    existing = Enrolment.objects.filter(cohort=cohort, learner=learner).first()
    if existing and existing.status in (
        EnrolmentStatus.ACTIVE,
        EnrolmentStatus.WAITING,
    ):
        return existing
    if not cohort.is_open:
        raise ValidationError(ENROLMENT_CLOSED, code="closed")
    if cohort.requires_approval:
        raise ValidationError(APPROVAL_REQUIRED, code="approval_required")
    _check_not_elsewhere(cohort=cohort, learner=learner)
    _check_prerequisites(cohort=cohort, learner=learner)
    if _has_place(cohort) and not cohort.enrolments.waiting().exists():
        raise ValidationError(WAITLIST_NOT_FULL, code="not_full")
    return _enqueue(existing, cohort=cohort, learner=learner)


def _enqueue(existing, *, cohort, learner, message: str = "", status=None):
    enrolment = existing or Enrolment(cohort=cohort, learner=learner)
    enrolment.status = status or EnrolmentStatus.WAITING
    enrolment.requested_at = timezone.now()
    enrolment.withdrawn_at = None
    enrolment.source = EnrolmentSource.SELF
    enrolment.enrolled_by = None
    if status == EnrolmentStatus.PENDING:
        enrolment.message = message
        enrolment.response = ""
        enrolment.decided_by = None
        enrolment.decided_at = None
    enrolment.save()
    _queue_changed(cohort)
    return enrolment


@transaction.atomic
def enrolment_request(*, cohort: Cohort, learner, message: str = "") -> Enrolment:
    """Ask to join a cohort that requires a trainer's approval, optionally
    with a short message. A request holds no place. Idempotent while pending."""
    message = (message or "").strip()
    if len(message) > REQUEST_MESSAGE_MAX:
        raise ValidationError(
            REQUEST_MESSAGE_TOO_LONG % {"max": REQUEST_MESSAGE_MAX},
            code="message_too_long",
        )
    cohort = _lock_cohort(cohort)
    existing = Enrolment.objects.filter(cohort=cohort, learner=learner).first()
    if existing and existing.status in (
        EnrolmentStatus.ACTIVE,
        EnrolmentStatus.WAITING,
        EnrolmentStatus.PENDING,
    ):
        return existing
    if not cohort.is_open:
        raise ValidationError(ENROLMENT_CLOSED, code="closed")
    if not cohort.requires_approval:
        raise ValidationError(APPROVAL_NOT_NEEDED, code="approval_not_required")
    _check_not_elsewhere(cohort=cohort, learner=learner)
    _check_prerequisites(cohort=cohort, learner=learner)
    enrolment = _enqueue(
        existing,
        cohort=cohort,
        learner=learner,
        message=message,
        status=EnrolmentStatus.PENDING,
    )
    return enrolment


@transaction.atomic
def enrolment_request_decide(
    *, enrolment: Enrolment, by, accept: bool, response: str = ""
) -> Enrolment:
    """A trainer of the cohort accepts or declines a request to join, with an
    optional message; the learner is told either way. Accepted into a full
    cohort, the learner joins the end of its waiting list (decision 0036)."""
    _ensure_manages(enrolment.cohort, by)
    cohort = _lock_cohort(enrolment.cohort)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.PENDING:
        raise ValidationError(REQUEST_NOT_PENDING, code="not_pending")
    if accept:
        _check_not_elsewhere(cohort=cohort, learner=enrolment.learner)
    enrolment.response = (response or "").strip()
    enrolment.decided_by = by
    enrolment.decided_at = timezone.now()
    if not accept:
        enrolment.status = EnrolmentStatus.DECLINED
        enrolment.save()
    elif _has_place(cohort) and not cohort.enrolments.waiting().exists():
        enrolment.save()
        _activate(enrolment)
    else:
        enrolment.status = EnrolmentStatus.WAITING
        enrolment.requested_at = enrolment.decided_at
        enrolment.save()
    _queue_changed(cohort)
    transaction.on_commit(lambda: send_request_decision.enqueue(enrolment.pk))
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment) -> Enrolment:
    """Withdraw from a cohort (progress records are kept in case they
    re-enrol), leave its waiting list or take a request back. A place that
    frees goes to the first person waiting (``waitlist_promote``)."""
    cohort = _lock_cohort(enrolment.cohort)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status == EnrolmentStatus.ACTIVE:
        enrolment.status = EnrolmentStatus.WITHDRAWN
        enrolment.withdrawn_at = timezone.now()
        enrolment.save(update_fields=["status", "withdrawn_at"])
        waitlist_promote(cohort=cohort)
        _queue_changed(cohort)
    elif enrolment.status in QUEUED_STATUSES:
        enrolment.status = EnrolmentStatus.CANCELLED
        enrolment.save(update_fields=["status"])
        _queue_changed(cohort)
    return enrolment


@transaction.atomic
def waitlist_promote(*, cohort: Cohort) -> list[Enrolment]:
    """Give every free place to the people waiting, first come first served,
    and tell each of them (after commit). Call it whenever a place may have
    freed: a withdrawal, a trainer's removal, a larger capacity. Idempotent:
    it locks the cohort, so two callers never give one place twice."""
    cohort = _lock_cohort(cohort)
    promoted = []
    while _has_place(cohort):
        first = (
            cohort.enrolments.waiting()
            .select_for_update(of=("self",))
            .select_related("cohort__course")
            .first()
        )
        if first is None:
            break
        if (
            Enrolment.objects.active_for(cohort.course)
            .filter(learner_id=first.learner_id)
            .exclude(pk=first.pk)
            .exists()
        ):
            first.status = EnrolmentStatus.CANCELLED  # enrolled elsewhere since
            first.save(update_fields=["status"])
            continue
        promoted.append(_activate(first))
    if promoted:
        _queue_changed(cohort)
        for enrolment in promoted:
            transaction.on_commit(
                lambda pk=enrolment.pk: send_waitlist_promotion.enqueue(pk)
            )
    return promoted


def _ensure_manages(cohort: Cohort, user) -> None:
    if not may_manage_cohort(user, cohort):
        raise PermissionDenied(NOT_YOUR_COHORT)


# -- progress context ------------
@dataclass(frozen=True)
class ProgressContext:
    enrolment: Enrolment
    course: CoursePage
    module: ModulePage
    lesson: LessonPage


def _progress_context(*, learner, lesson: LessonPage) -> ProgressContext:
    """Resolve the learner's enrolment and lock it for this transaction.

    Progress is recorded against the language version of the course the learner
    is enrolled in, whichever translation of the lesson they used.
    """
    module, course = lesson.module_and_course()
    if course is None or module is None:
        raise ValidationError(NOT_A_LESSON_OF_COURSE, code="not_in_course")
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .active_for(course)
        .filter(learner=learner)
        .select_related("cohort__course")
        .first()
    )
    if enrolment is None:
        raise ValidationError(NOT_ENROLLED, code="not_enrolled")
    enrolled_course = enrolment.cohort.course
    if enrolled_course.locale_id != course.locale_id:
        module = module.get_translation(enrolled_course.locale)
        lesson = lesson.get_translation(enrolled_course.locale).specific
    return ProgressContext(
        enrolment=enrolment, course=enrolled_course, module=module, lesson=lesson
    )


def course_completion_check(
    *, learner, enrolment: Enrolment
) -> CourseCompletion | None:
    """Record and announce the course's completion if the rule is now met.

    Idempotent: the unique (learner, course) constraint and the enrolment lock
    taken by the caller mean one row and one ``course_completed`` signal, sent
    after commit, however many requests race.
    """
    progress = learner_course_progress(
        learner=learner, course=enrolment.cohort.course, enrolment=enrolment
    )
    if progress is None or not progress.complete:
        return None
    try:
        with transaction.atomic():
            completion, created = CourseCompletion.objects.get_or_create(
                learner=learner,
                course=enrolment.cohort.course,
                defaults={"cohort": enrolment.cohort},
            )
    except IntegrityError:
        return CourseCompletion.objects.get(
            learner=learner, course=enrolment.cohort.course
        )
    if created:
        transaction.on_commit(
            lambda: course_completed.send(
                sender=CourseCompletion, completion=completion
            )
        )
    return completion


def _complete(
    ctx: ProgressContext, *, learner, source
) -> tuple[LessonCompletion, bool]:
    try:
        with transaction.atomic():
            return LessonCompletion.objects.get_or_create(
                learner=learner,
                lesson=ctx.lesson,
                defaults={"course": ctx.course, "module": ctx.module, "source": source},
            )
    except IntegrityError:
        return LessonCompletion.objects.get(learner=learner, lesson=ctx.lesson), False


@transaction.atomic
def lesson_complete(
    *, learner, lesson: LessonPage, source: str = LessonCompletion.Source.MARKED
) -> LessonCompletion:
    """Mark a lesson complete for an enrolled learner. Idempotent."""
    ctx = _progress_context(learner=learner, lesson=lesson)
    completion, created = _complete(ctx, learner=learner, source=source)
    if created:
        course_completion_check(learner=learner, enrolment=ctx.enrolment)
    return completion


@transaction.atomic
def quiz_attempt_submit(
    *, learner, lesson: LessonPage, block_id: str, data
) -> tuple[QuizAttempt, QuizResult]:
    """Grade and keep a quiz attempt; a passing attempt completes the lesson.

    Invalid or tampered answers raise ``ValidationError`` and store nothing.
    """
    block = lesson.block("quiz", block_id)
    if block is None:
        raise ValidationError(QUIZ_NOT_IN_LESSON, code="unknown_quiz")
    ctx = _progress_context(learner=learner, lesson=lesson)  # locks the enrolment
    _check_quiz_allows_attempt(learner=learner, ctx=ctx, block=block)
    result = grade_quiz(
        block.value, data, default_pass_mark=ctx.course.certificate_pass_mark
    )
    if result.errors:
        raise ValidationError(list(result.errors), code="invalid_answers")
    attempt = QuizAttempt.objects.create(
        learner=learner,
        course=ctx.course,
        module=ctx.module,
        lesson=ctx.lesson,
        block_id=block_id,
        answers={qid: sorted(chosen) for qid, chosen in result.answers.items()},
        score=result.score,
        pass_mark=result.pass_mark,
        passed=result.passed,
    )
    if result.passed:
        _complete(ctx, learner=learner, source=LessonCompletion.Source.QUIZ)
        course_completion_check(learner=learner, enrolment=ctx.enrolment)
    return attempt, result


def _check_quiz_allows_attempt(*, learner, ctx, block) -> None:
    """The quiz's attempt limit and wait between attempts (counted on the
    language version the learner is enrolled in, where attempts are kept)."""
    limit = block.value.get("max_attempts")
    wait = block.value.get("wait_minutes")
    if not limit and not wait:
        return
    attempts = QuizAttempt.objects.filter(
        learner=learner, lesson=ctx.lesson, block_id=block.id
    )
    if limit and attempts.count() >= limit:
        raise ValidationError(QUIZ_NO_ATTEMPTS_LEFT, code="no_attempts_left")
    last = attempts.order_by("-created_at").values_list("created_at", flat=True)
    if wait and last:
        allowed_from = last[0] + datetime.timedelta(minutes=wait)
        if timezone.now() < allowed_from:
            time = date_format(timezone.localtime(allowed_from), "DATETIME_FORMAT")
            raise ValidationError(QUIZ_WAIT % {"time": time}, code="wait")


@transaction.atomic
def evidence_submit(
    *, learner, lesson: LessonPage, block_id: str, text: str = "", uploads=()
) -> EvidenceSubmission:
    """Hand in evidence for a practical activity: a written answer and/or up
    to the activity's ``max_files`` checked files.

    Every file is checked before any is stored; if one fails, nothing is
    written (no row, no stored file) and the error names the file. Photos are
    stored without their metadata; previews are made after commit by a task.
    A learner may submit again only after a trainer asks for changes; every
    submission is kept.
    """
    block = lesson.block("activity", block_id)
    if block is None:
        raise ValidationError(ACTIVITY_NOT_IN_LESSON, code="unknown_activity")
    ctx = _progress_context(learner=learner, lesson=lesson)
    kinds = set(block.value["evidence_kinds"] or [])
    text = (text or "").strip()
    uploads = [upload for upload in uploads or () if upload]
    # "Text or at least one file": the rule the database checked while a
    # submission had a single file column.
    if not text and not uploads:
        raise ValidationError(EVIDENCE_EMPTY, code="empty")
    if uploads and kinds <= {EvidenceKind.TEXT}:
        raise ValidationError(EVIDENCE_FILE_NOT_EXPECTED, code="file_not_expected")
    if not uploads and EvidenceKind.TEXT not in kinds:
        raise ValidationError(EVIDENCE_TEXT_NOT_EXPECTED, code="file_required")
    latest = (
        EvidenceSubmission.objects.filter(
            learner=learner, lesson=ctx.lesson, activity_block_id=block_id
        )
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if latest and latest.status == EvidenceStatus.SUBMITTED:
        raise ValidationError(EVIDENCE_WAITING, code="waiting")
    if latest and latest.status == EvidenceStatus.APPROVED:
        raise ValidationError(EVIDENCE_ALREADY_APPROVED, code="approved")
    checked = check_uploads(
        uploads, kinds=kinds, max_files=block.value.get("max_files") or FILES_DEFAULT
    )
    submission = EvidenceSubmission(
        learner=learner,
        course=ctx.course,
        module=ctx.module,
        lesson=ctx.lesson,
        activity_block_id=block_id,
        text=text,
    )
    keep_location = bool(block.value.get("keep_location"))
    stored: list = []  # (storage, name) of every file saved so far
    try:
        with transaction.atomic():
            submission.save()
            for position, (upload, one) in enumerate(
                zip(uploads, checked, strict=True)
            ):
                content, size = without_metadata(
                    upload, one, keep_location=keep_location
                )
                evidence_file = EvidenceFile(
                    submission=submission,
                    position=position,
                    original_filename=one.name,
                    content_type=one.content_type,
                    size=size,
                    sha256=sha256_of(content),
                    preview_status=PreviewStatus.PENDING
                    if has_preview(one.content_type)
                    else PreviewStatus.NONE,
                )
                evidence_file.file.save(one.name, content, save=False)
                stored.append((evidence_file.file.storage, evidence_file.file.name))
                evidence_file.save()
    except Exception:
        for storage, name in stored:
            storage.delete(name)
        raise
    if any(has_preview(one.content_type) for one in checked):
        transaction.on_commit(lambda: make_evidence_previews.enqueue(submission.pk))
    return submission


def evidence_preview_make(*, evidence_file: EvidenceFile) -> EvidenceFile:
    """Make and store the preview of an evidence file whose preview is
    pending: a photo made small, a PDF's first page. A file that cannot be
    drawn (damaged, encrypted) gets none and stays downloadable.

    Idempotent and safe to run twice at once: the drawing happens outside any
    transaction (it may take seconds), then the row is locked and written only
    if its preview is still pending; a preview made in vain is deleted.
    """
    if evidence_file.preview_status != PreviewStatus.PENDING:
        return evidence_file
    try:
        with evidence_file.file.open("rb") as file:
            image = preview_image(file, evidence_file.content_type)
    except FileNotFoundError:
        image = None
    saved = None
    try:
        with transaction.atomic():
            locked = (
                EvidenceFile.objects.select_for_update()
                .filter(pk=evidence_file.pk, preview_status=PreviewStatus.PENDING)
                .first()
            )
            if locked is None:  # done by another run, or erased meanwhile
                return evidence_file
            if image:
                locked.preview.save("preview.jpg", ContentFile(image), save=False)
                saved = locked.preview.name
                locked.preview_status = PreviewStatus.READY
            else:
                locked.preview_status = PreviewStatus.NONE
            locked.save(update_fields=["preview", "preview_status"])
    except Exception:
        if saved:
            evidence_file.preview.storage.delete(saved)
        raise
    learner_id = locked.submission.learner_id
    transaction.on_commit(lambda: personal_content_changed(learner_id))
    return locked


@transaction.atomic
def evidence_review(
    *, submission: EvidenceSubmission, reviewer, decision: str, feedback: str = ""
) -> EvidenceReview:
    """A trainer approves evidence or asks for changes (with feedback)."""
    submission = EvidenceSubmission.objects.select_for_update().get(pk=submission.pk)
    if not may_review(reviewer, submission):
        raise PermissionDenied(NOT_YOUR_LEARNER)
    if submission.status != EvidenceStatus.SUBMITTED:
        raise ValidationError(REVIEW_NOT_WAITING, code="reviewed")
    feedback = (feedback or "").strip()
    if decision == ReviewDecision.CHANGES_REQUESTED and not feedback:
        raise ValidationError({"feedback": FEEDBACK_REQUIRED}, code="feedback")
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": _("Choose approve or ask for changes.")})
    review = EvidenceReview.objects.create(
        submission=submission, reviewer=reviewer, decision=decision, feedback=feedback
    )
    submission.status = (
        EvidenceStatus.APPROVED
        if decision == ReviewDecision.APPROVED
        else EvidenceStatus.CHANGES_REQUESTED
    )
    submission.save(update_fields=["status"])
    transaction.on_commit(lambda: send_review_notification.enqueue(review.pk))
    if submission.status == EvidenceStatus.APPROVED:
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .filter(
                learner_id=submission.learner_id,
                status=EnrolmentStatus.ACTIVE,
                cohort__course_id=submission.course_id,
            )
            .select_related("cohort__course")
            .first()
        )
        if enrolment:
            course_completion_check(learner=submission.learner, enrolment=enrolment)
    return review


@transaction.atomic
def attendance_mark(*, session: CohortSession, present_ids, by) -> list[Attendance]:
    """Record the register of a session: who was present among active learners.

    Only a session that has started can have a register: attendance of a future
    session would count toward the certificate rule before it happened.
    """
    cohort = session.cohort
    _ensure_manages(cohort, by)
    if session.cancelled:
        raise ValidationError(SESSION_CANCELLED, code="session_cancelled")
    if not session.has_started:
        raise ValidationError(
            SESSION_NOT_STARTED,
            code="session_not_started",
            params={
                "starts_at": date_format(
                    timezone.localtime(session.starts_at), "DATETIME_FORMAT"
                )
            },
        )
    enrolments = {
        e.learner_id: e
        for e in Enrolment.objects.select_for_update(of=("self",))
        .filter(cohort=cohort, status=EnrolmentStatus.ACTIVE)
        .select_related("learner", "cohort__course")
    }
    try:
        present_ids = {int(i) for i in present_ids}
    except (TypeError, ValueError) as error:
        raise ValidationError(NOT_IN_COHORT, code="not_in_cohort") from error
    if not present_ids <= enrolments.keys():
        raise ValidationError(NOT_IN_COHORT, code="not_in_cohort")
    records = []
    for learner_id in enrolments:
        record, _created = Attendance.objects.update_or_create(
            session=session,
            learner_id=learner_id,
            defaults={"present": learner_id in present_ids, "marked_by": by},
        )
        records.append(record)
    if cohort.course.certificate_requires_attendance:
        for learner_id in present_ids:
            enrolment = enrolments[learner_id]
            course_completion_check(learner=enrolment.learner, enrolment=enrolment)
    return records


# -- CSV import --------------------------------------------------------------------
class ImportOutcome:
    CREATE = "create"
    ENROL = "enrol"
    ALREADY = "already_enrolled"
    INVALID_EMAIL = "invalid_email"
    MISSING_NAME = "missing_name"
    DUPLICATE = "duplicate_row"
    FULL = "over_capacity"
    OTHER_COHORT = "other_cohort"
    UNKNOWN_LANGUAGE = "unknown_language"

    LABELS = {
        CREATE: _("New account, will be invited"),
        ENROL: _("Existing account, will be enrolled"),
        ALREADY: _("Already enrolled"),
        INVALID_EMAIL: _("Invalid e-mail address"),
        MISSING_NAME: _("Name missing"),
        DUPLICATE: _("Duplicate row"),
        FULL: _("Over capacity"),
        OTHER_COHORT: _("Enrolled in another cohort of this course"),
        UNKNOWN_LANGUAGE: _("Unknown language"),
    }
    # The report after the import ran says what happened, in the past tense.
    DONE_LABELS = {
        CREATE: _("New account created and invited"),
        ENROL: _("Existing account enrolled"),
        ALREADY: _("Already enrolled, nothing changed"),
        INVALID_EMAIL: _("Not imported: invalid e-mail address"),
        MISSING_NAME: _("Not imported: name missing"),
        DUPLICATE: _("Not imported: duplicate row"),
        FULL: _("Not imported: over capacity"),
        OTHER_COHORT: _("Not imported: enrolled in another cohort of this course"),
        UNKNOWN_LANGUAGE: _("Not imported: unknown language"),
    }
    IMPORTED = {CREATE, ENROL}


@dataclass
class ImportRow:
    line: int
    name: str
    email: str
    outcome: str
    done: bool = False  # True in the report of an import that ran
    language: str = ""  # the file's language cell, as typed
    invite_language: str = ""  # a new account's preferred language (a code)

    @property
    def invite_language_name(self):
        names = dict(settings.LANGUAGES)
        return names.get(self.invite_language, "")

    @property
    def label(self):
        labels = ImportOutcome.DONE_LABELS if self.done else ImportOutcome.LABELS
        return labels[self.outcome]

    @property
    def imported(self) -> bool:
        return self.outcome in ImportOutcome.IMPORTED


def _language_code(text: str) -> str | None:
    """A language cell as one of settings.LANGUAGES ("FR", "fr-BE" -> "fr"),
    "" when empty, None when it is not a language the academy offers."""
    text = (text or "").strip().lower().replace("_", "-")
    if not text:
        return ""
    codes = {code.lower(): code for code, _name in settings.LANGUAGES}
    return codes.get(text) or codes.get(text.split("-")[0])


def _read_csv(file) -> list[tuple[int, str, str, str]]:
    raw = file.read()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(CSV_NOT_UTF8, code="encoding") from error
    if "\x00" in raw:
        raise ValidationError(
            CSV_NUL,
            code="nul",
            params={"line": raw[: raw.index("\x00")].count("\n") + 1},
        )
    try:
        dialect = csv.Sniffer().sniff(raw[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(raw), dialect=dialect)
    columns = {(c or "").strip().lower(): c for c in reader.fieldnames or []}
    name_col = columns.get("name") or columns.get("full name")
    email_col = columns.get("email") or columns.get("e-mail")
    language_col = columns.get("language")
    if not name_col or not email_col:
        raise ValidationError(CSV_NO_COLUMNS, code="columns")
    rows = []
    try:
        for row in reader:
            if len(rows) >= CSV_MAX_ROWS:
                raise ValidationError(
                    CSV_TOO_BIG, code="too_big", params={"max": CSV_MAX_ROWS}
                )
            name = " ".join((row.get(name_col) or "").split())
            email = (row.get(email_col) or "").strip()
            language = (row.get(language_col) or "").strip() if language_col else ""
            if name or email:
                rows.append((reader.line_num, name, email, language))
    except csv.Error as error:
        raise ValidationError(
            _("Line %(line)s cannot be read: %(error)s"),
            code="malformed",
            params={"line": reader.line_num, "error": error},
        ) from error
    if not rows:
        raise ValidationError(CSV_EMPTY, code="empty")
    return rows


def cohort_import_preview(*, cohort: Cohort, file) -> list[ImportRow]:
    """Check a CSV of people (name, email, optionally language) against a
    cohort. Writes nothing."""
    return _classify(cohort=cohort, rows=_read_csv(file))


def _classify(*, cohort: Cohort, rows) -> list[ImportRow]:
    """What importing each (line, name, email, language) would do, in four
    queries. A new account gets the row's language, or the course's when the
    cell is empty; a language the academy does not offer is a row error (the
    trainer corrects the file rather than inviting someone in the wrong
    language). Existing accounts keep their own language."""
    User = get_user_model()
    emails = {row[2].lower() for row in rows if _valid_email(row[2])}
    users = {
        u.email_lower: u
        for u in User.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .only("id", "email")
    }
    enrolled = set(
        cohort.enrolments.filter(status=EnrolmentStatus.ACTIVE).values_list(
            "learner_id", flat=True
        )
    )
    elsewhere = set(
        Enrolment.objects.active_for(cohort.course)
        .exclude(cohort=cohort)
        .values_list("learner_id", flat=True)
    )
    places = None if cohort.capacity is None else cohort.capacity - len(enrolled)
    seen: set[str] = set()
    preview = []
    for line, name, email, language in rows:
        key = email.lower()
        code = _language_code(language)
        user = users.get(key)
        valid = _valid_email(email)
        if not valid:
            outcome = ImportOutcome.INVALID_EMAIL
        elif key in seen:
            outcome = ImportOutcome.DUPLICATE
        elif user and user.id in enrolled:
            outcome = ImportOutcome.ALREADY
        elif user and user.id in elsewhere:
            outcome = ImportOutcome.OTHER_COHORT
        elif not name and user is None:
            outcome = ImportOutcome.MISSING_NAME
        elif user is None and code is None:
            outcome = ImportOutcome.UNKNOWN_LANGUAGE
        elif places is not None and places <= 0:
            outcome = ImportOutcome.FULL
        else:
            outcome = ImportOutcome.ENROL if user else ImportOutcome.CREATE
            if places is not None:
                places -= 1
        if valid:
            seen.add(key)
        preview.append(
            ImportRow(
                line=line,
                name=name,
                email=email,
                outcome=outcome,
                language=language,
                invite_language=(code or cohort.course.locale.language_code)
                if outcome == ImportOutcome.CREATE
                else "",
            )
        )
    return preview


def _valid_email(email: str) -> bool:
    if not email or len(email) > EMAIL_MAX_LENGTH:
        return False
    try:
        validate_email(email)
    except ValidationError:
        return False
    return True


def import_rows_to_session(rows: list[ImportRow]) -> list[dict]:
    return [asdict(row) for row in rows]


def import_rows_from_session(data) -> list[ImportRow]:
    return [ImportRow(**row) for row in data]


@transaction.atomic
def cohort_import_confirm(
    *, cohort: Cohort, rows: list[ImportRow], by
) -> list[ImportRow]:
    """Apply a previewed import: create accounts, enrol, invite. All or nothing.

    The rows are checked again inside the transaction (capacity or accounts may
    have changed since the preview); the returned report says what happened to
    each row. Invitations are sent only after the transaction commits.
    """
    _ensure_manages(cohort, by)
    cohort = _lock_cohort(cohort)
    fresh = _classify(
        cohort=cohort, rows=[(r.line, r.name, r.email, r.language) for r in rows]
    )
    User = get_user_model()
    for row in fresh:
        if not row.imported:
            continue
        if row.outcome == ImportOutcome.CREATE:
            user = User.objects.create_user(
                username=_username_for(row.email), email=row.email, password=None
            )
            profile_save(
                user=user,
                printed_name=row.name,
                preferred_language=row.invite_language,
            )
            _email_address(user)
            transaction.on_commit(
                lambda pk=user.pk: send_invitation.enqueue(pk, cohort.pk)
            )
        else:
            user = User.objects.get(email__iexact=row.email)
        enrolment_create(cohort=cohort, learner=user, by=by, source=EnrolmentSource.CSV)
    for row in fresh:
        row.done = True
    return fresh


def _username_for(email: str) -> str:
    return f"{email.split('@')[0][:20]}-{uuid.uuid4().hex[:8]}"


def _email_address(user) -> None:
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"primary": True, "verified": False}
    )


@transaction.atomic
def cohort_enrol_by_email(*, cohort: Cohort, name: str, email: str, by) -> ImportRow:
    """A trainer enrols one person; a new account is created and invited if needed."""
    _ensure_manages(cohort, by)
    report = cohort_import_confirm(
        cohort=cohort,
        rows=[ImportRow(line=1, name=name, email=email, outcome="")],
        by=by,
    )
    return report[0]


# -- erasure ------------
def learner_progress_erase(*, learner) -> None:
    """Delete every progress record of a learner, and their evidence files."""
    for evidence_file in EvidenceFile.objects.filter(submission__learner=learner):
        for stored in (evidence_file.file, evidence_file.preview):
            if stored:
                transaction.on_commit(
                    lambda n=stored.name, s=stored.storage: (
                        s.delete(n) if s.exists(n) else None
                    )
                )
    EvidenceReview.objects.filter(submission__learner=learner).delete()
    EvidenceFile.objects.filter(submission__learner=learner).delete()
    EvidenceSubmission.objects.filter(learner=learner).delete()
    QuizAttempt.objects.filter(learner=learner).delete()
    LessonCompletion.objects.filter(learner=learner).delete()
    Attendance.objects.filter(learner=learner).delete()
    CourseCompletion.objects.filter(learner=learner).delete()
    freed = list(
        Cohort.objects.filter(
            enrolments__learner=learner,
            enrolments__status__in=(EnrolmentStatus.ACTIVE, *QUEUED_STATUSES),
        ).distinct()
    )
    if Enrolment.objects.filter(learner=learner).delete()[0]:
        site_content_changed()  # course pages show the places left
    for cohort in freed:  # their places go to the people waiting
        waitlist_promote(cohort=cohort)
        _queue_changed(cohort)


def sessions_rescheduled(*, sessions) -> None:
    """Sessions whose time, place or cancellation an editor just changed (in the
    cohort form, before it saves them): each is a new revision of its calendar
    event (SEQUENCE), and its learners are told once the change is saved."""
    for session in sessions:
        session.sequence += 1
        transaction.on_commit(lambda pk=session.pk: send_session_changed.enqueue(pk))


ANNOUNCEMENT_TITLE_REQUIRED = _("Give the announcement a title.")
ANNOUNCEMENT_TEXT_REQUIRED = _("Write the message learners will read.")
ANNOUNCEMENT_NUL = _(
    "The message contains a character that is not allowed (NUL). Please type it again."
)
ANNOUNCEMENT_WHOLE_COURSE_EDITORS = _(
    "Only editors can write to every learner of a course; this message can go to "
    "your cohort."
)


@transaction.atomic
def announcement_post(
    *, cohort: Cohort, by, title: str, text: str, attachment=None, whole_course=False
) -> Announcement:
    """A trainer's message to their cohort, or an editor's to every learner of
    the cohort's course. Learners are notified after commit (one notification
    each, however often the task runs)."""
    _ensure_manages(cohort, by)
    if whole_course and not manages_every_cohort(by):
        raise PermissionDenied(ANNOUNCEMENT_WHOLE_COURSE_EDITORS)
    title = " ".join((title or "").split())
    text = (text or "").strip()
    errors = {}
    if not title:
        errors["title"] = [ANNOUNCEMENT_TITLE_REQUIRED]
    if not text:
        errors["text"] = [ANNOUNCEMENT_TEXT_REQUIRED]
    if "\x00" in title + text:
        errors.setdefault("text", []).append(ANNOUNCEMENT_NUL)
    checked = None
    if attachment is not None:
        try:
            checked = check_upload(attachment, kinds=[EvidenceKind.FILE])
        except ValidationError as error:
            errors["attachment"] = error.messages
    if errors:
        raise ValidationError(errors)
    announcement = Announcement(
        cohort=cohort,
        whole_course=whole_course,
        title=title[:200],
        text=text[:5000],
        author=by,
    )
    if checked is not None:
        stored, _size = without_metadata(attachment, checked)
        announcement.attachment_name = checked.name
        announcement.attachment.save(checked.name, stored, save=False)
    announcement.save()
    transaction.on_commit(lambda: send_announcement.enqueue(announcement.pk))
    return announcement
