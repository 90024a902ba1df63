"""The trainer's area: cohorts, progress table, enrolment, attendance, reviews.

Each person sees the cohorts they manage (courses/permissions.py; 404
otherwise); the services check again.
"""

import csv
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from courses.calendar import sessions_calendar
from courses.choices import EnrolmentStatus, ReviewDecision
from courses.forms import (
    AnnouncementForm,
    EnrolPersonForm,
    ImportUploadForm,
    RequestDecisionForm,
    ReviewForm,
)
from courses.models import Cohort, CohortSession, Enrolment, EvidenceSubmission
from courses.permissions import manages_every_cohort, may_review
from courses.selectors import cohort_progress, review_queue
from courses.selectors.announcements import announcement_audience
from courses.selectors.enrolment import cohort_queues, queue_counts
from courses.selectors.gradebook import cohort_gradebook as cohort_gradebook_data
from courses.selectors.schedule import cohort_sessions
from courses.services import (
    announcement_post,
    attendance_mark,
    cohort_enrol_by_email,
    cohort_import_confirm,
    cohort_import_preview,
    enrolment_request_decide,
    evidence_review,
    import_rows_from_session,
    import_rows_to_session,
)
from courses.views.calendar import calendar_response

IMPORT_SESSION_KEY = "cohort-import"


def _my_cohort(request, code) -> Cohort:
    return get_object_or_404(
        Cohort.objects.managed_by(request.user).select_related("course", "partner"),
        code=code,
    )


@login_required
@require_safe
def cohorts(request):
    mine = (
        Cohort.objects.managed_by(request.user)
        .select_related("course")
        .annotate(**queue_counts())
        .order_by("-starts_on")
    )
    return render(
        request,
        "courses/trainer/cohort_list.html",
        {"cohorts": mine, "waiting": review_queue(trainer=request.user).count()},
    )


@login_required
@require_safe
def cohort_detail(request, code):
    cohort = _my_cohort(request, code)
    context = cohort_progress(cohort=cohort)
    context.update(
        cohort=cohort,
        sessions=cohort.sessions.all(),
        waiting=review_queue(trainer=request.user, cohort=cohort).count(),
        now=timezone.now(),
        **cohort_queues(cohort=cohort),
    )
    return render(request, "courses/trainer/cohort_detail.html", context)


@login_required
@require_http_methods(["POST"])
def cohort_requests(request, code):
    """Accept or decline a request to join the cohort, with a message."""
    cohort = _my_cohort(request, code)
    form = RequestDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(reverse("trainer_cohort", args=[cohort.code]) + "#requests")
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("learner__profile"),
        pk=form.cleaned_data["enrolment"],
        cohort=cohort,
    )
    name = enrolment.learner.profile.printed_name or enrolment.learner.email
    try:
        enrolment = enrolment_request_decide(
            enrolment=enrolment,
            by=request.user,
            accept=form.cleaned_data["accept"],
            response=form.cleaned_data["response"],
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if enrolment.status == EnrolmentStatus.DECLINED:
            text = _("You declined the request of %(name)s. They have been told.")
        elif enrolment.status == EnrolmentStatus.WAITING:
            text = _(
                "You accepted %(name)s. The cohort is full, so they are on its waiting "
                "list and will be enrolled when a place comes free."
            )
        else:
            text = _("You accepted %(name)s: they are enrolled and have been told.")
        messages.success(request, text % {"name": name})
    return redirect(reverse("trainer_cohort", args=[cohort.code]) + "#requests")


@login_required
@require_safe
def cohort_calendar(request, code):
    """Every session of the cohort as a calendar file."""
    cohort = _my_cohort(request, code)
    content = sessions_calendar(
        cohort_sessions(cohort=cohort),
        name=f"{cohort.course.title}: {cohort.name}",
        language=get_language(),
    )
    return calendar_response(
        content, filename=f"cohort-{cohort.code}.ics", attachment=True
    )


@login_required
@require_safe
def cohort_export(request, code):
    """Progress of every learner in the cohort as CSV (one row per learner)."""
    cohort = _my_cohort(request, code)
    data = cohort_progress(cohort=cohort)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="{cohort.code}-progress-{stamp}.csv"'
    )
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 names correctly
    writer = csv.writer(response)
    modules = data["outline"].modules
    writer.writerow(
        [
            _("Name"),
            _("E-mail"),
            _("Percent complete"),
            *[m.title for m in modules],
            _("Sessions attended"),
            _("Certificate rule met"),
        ]
    )
    for row in data["rows"]:
        learner = row.enrolment.learner
        progress = row.progress
        writer.writerow(
            [
                _csv_safe(
                    getattr(getattr(learner, "profile", None), "printed_name", "")
                ),
                _csv_safe(learner.email),
                progress.percent,
                *[f"{mp.completed}/{mp.total}" for mp in progress.modules],
                f"{progress.records.sessions_attended}/{progress.sessions_held}",
                _("yes") if progress.complete else _("no"),
            ]
        )
    return response


@login_required
@require_safe
def cohort_gradebook(request, code):
    """Best and last score of every learner on every quiz of the course."""
    cohort = _my_cohort(request, code)
    context = cohort_gradebook_data(cohort=cohort)
    context["cohort"] = cohort
    return render(request, "courses/trainer/cohort_gradebook.html", context)


@login_required
@require_safe
def cohort_gradebook_export(request, code):
    """The gradebook as CSV: per quiz, the best score, the last and the number
    of attempts (empty where a learner has not tried it)."""
    cohort = _my_cohort(request, code)
    data = cohort_gradebook_data(cohort=cohort)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="{cohort.code}-gradebook-{stamp}.csv"'
    )
    response.write("\ufeff")  # so spreadsheet programs read UTF-8 names correctly
    writer = csv.writer(response)
    header = [_("Name"), _("E-mail")]
    for quiz in data["quizzes"]:
        where = f"{quiz.lesson}: {quiz.title}"
        header += [
            _csv_safe(_("%(quiz)s, best (%%)") % {"quiz": where}),
            _csv_safe(_("%(quiz)s, last (%%)") % {"quiz": where}),
            _csv_safe(_("%(quiz)s, attempts") % {"quiz": where}),
        ]
    writer.writerow(header)
    for row in data["rows"]:
        learner = row.enrolment.learner
        cells = [
            _csv_safe(getattr(getattr(learner, "profile", None), "printed_name", "")),
            _csv_safe(learner.email),
        ]
        for grade in row.grades:
            cells += [grade.best, grade.last, grade.attempts] if grade else ["", "", 0]
        writer.writerow(cells)
    return response


def _csv_safe(value: str) -> str:
    """Neutralise spreadsheet formulas in text a learner typed (CSV injection)."""
    value = value or ""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
@require_http_methods(["GET", "POST"])
def cohort_enrol(request, code):
    cohort = _my_cohort(request, code)
    form = EnrolPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = cohort_enrol_by_email(
                cohort=cohort, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if row.imported:
                messages.success(
                    request,
                    _("%(email)s: %(outcome)s.")
                    % {"email": row.email, "outcome": row.label},
                )
                return redirect("trainer_cohort", code=cohort.code)
            form.add_error(None, str(row.label))
    return render(
        request,
        "courses/trainer/cohort_enrol.html",
        {"cohort": cohort, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_announce(request, code):
    """Write to the cohort (editors: to every learner of the course); the
    announcements written so far."""
    cohort = _my_cohort(request, code)
    may_write_course = manages_every_cohort(request.user)
    form = AnnouncementForm(
        request.POST or None,
        request.FILES or None,
        may_write_course=may_write_course,
    )
    if request.method == "POST" and form.is_valid():
        try:
            announcement = announcement_post(
                cohort=cohort, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            reach = announcement_audience(announcement=announcement).count()
            messages.success(
                request,
                ngettext(
                    "Your announcement was sent to %(count)s learner.",
                    "Your announcement was sent to %(count)s learners.",
                    reach,
                )
                % {"count": reach},
            )
            return redirect("trainer_cohort_announce", code=cohort.code)
    return render(
        request,
        "courses/trainer/cohort_announce.html",
        {
            "cohort": cohort,
            "form": form,
            "announcements": cohort.announcements.select_related("author__profile")[
                :20
            ],
        },
        status=400 if form.errors else 200,
    )


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_import(request, code):
    """Upload a CSV, see what would happen to each row, then confirm."""
    cohort = _my_cohort(request, code)
    key = f"{IMPORT_SESSION_KEY}:{cohort.code}"
    form = ImportUploadForm()
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(key)
        if not stored or stored.get("token") != request.POST.get("token"):
            messages.error(
                request, _("This preview has expired. Please upload the file again.")
            )
            return redirect("trainer_cohort_import", code=cohort.code)
        report = cohort_import_confirm(
            cohort=cohort,
            rows=import_rows_from_session(stored["rows"]),
            by=request.user,
        )
        del request.session[key]
        return render(
            request,
            "courses/trainer/cohort_import_report.html",
            {"cohort": cohort, "rows": report, "counts": _counts(report)},
        )
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                rows = cohort_import_preview(
                    cohort=cohort, file=form.cleaned_data["file"]
                )
            except ValidationError as error:
                form.add_error("file", error)
            else:
                token = uuid.uuid4().hex
                request.session[key] = {
                    "token": token,
                    "rows": import_rows_to_session(rows),
                }
                return render(
                    request,
                    "courses/trainer/cohort_import_preview.html",
                    {
                        "cohort": cohort,
                        "rows": rows,
                        "token": token,
                        "counts": _counts(rows),
                        "importable": sum(1 for r in rows if r.imported),
                    },
                )
    return render(
        request,
        "courses/trainer/cohort_import.html",
        {
            "cohort": cohort,
            "form": form,
            "languages": ", ".join(code for code, _name in settings.LANGUAGES),
        },
        status=400 if form.errors else 200,
    )


def _counts(rows):
    """(label, count) per outcome, in the rows' tense (preview or report)."""
    counts = {}
    for row in rows:
        label, count = counts.get(row.outcome, (row.label, 0))
        counts[row.outcome] = (label, count + 1)
    return list(counts.values())


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request, code, session_id):
    cohort = _my_cohort(request, code)
    session = get_object_or_404(CohortSession, pk=session_id, cohort=cohort)
    enrolments = (
        Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.ACTIVE)
        .select_related("learner__profile")
        .order_by("learner__profile__printed_name", "learner__email")
    )
    if request.method == "POST":
        try:
            attendance_mark(
                session=session,
                present_ids=request.POST.getlist("present"),
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("Attendance saved for %(session)s.") % {"session": session.title},
            )
            return redirect("trainer_cohort", code=cohort.code)
    present = set(
        session.attendance.filter(present=True).values_list("learner_id", flat=True)
    )
    return render(
        request,
        "courses/trainer/attendance.html",
        {
            "cohort": cohort,
            "session": session,
            "enrolments": enrolments,
            "present": present,
        },
    )


@login_required
@require_safe
def reviews(request):
    cohort = None
    if code := request.GET.get("cohort"):
        cohort = _my_cohort(request, code)
    queue = review_queue(trainer=request.user, cohort=cohort)
    page = Paginator(queue, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "courses/trainer/review_queue.html",
        {"page_obj": page, "submissions": page.object_list, "cohort": cohort},
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request, public_id):
    submission = get_object_or_404(
        EvidenceSubmission.objects.select_related(
            "learner__profile", "lesson", "course"
        ),
        public_id=public_id,
    )
    if not may_review(request.user, submission):
        raise Http404
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evidence_review(
                submission=submission, reviewer=request.user, **form.cleaned_data
            )
        except PermissionDenied as error:
            raise Http404 from error
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if form.cleaned_data["decision"] == ReviewDecision.APPROVED:
                messages.success(request, _("Evidence approved."))
            else:
                messages.success(
                    request, _("Your feedback has been sent to the learner.")
                )
            return redirect("trainer_reviews")
    history = (
        EvidenceSubmission.objects.filter(
            learner=submission.learner,
            lesson=submission.lesson,
            activity_block_id=submission.activity_block_id,
        )
        .prefetch_related("reviews__reviewer", "files")
        .order_by("-submitted_at")
    )
    block = submission.lesson.specific.block("activity", submission.activity_block_id)
    activity = block.value if block else None
    return render(
        request,
        "courses/trainer/review_detail.html",
        {
            "submission": submission,
            "history": history,
            "form": form,
            "activity": activity,
        },
    )
