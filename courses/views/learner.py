"""The learner's own pages: dashboard, enrolment, their evidence files."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from accounts.services import calendar_token_for
from cms.caching import mark_personal
from common.downloads import private_attachment
from courses.choices import QUEUED_STATUSES, EnrolmentStatus, PreviewStatus
from courses.forms import JoinRequestForm
from courses.models import Announcement, Cohort, Enrolment, EvidenceFile
from courses.notifications import absolute_url
from courses.permissions import (
    manages_a_cohort,
    may_read_announcement,
    may_see_evidence,
)
from courses.selectors import learner_dashboard
from courses.selectors.announcements import announcements_for
from courses.selectors.enrolment import learner_queues, waitlist_position
from courses.selectors.schedule import upcoming_sessions
from courses.services import (
    enrolment_create,
    enrolment_request,
    enrolment_withdraw,
    waitlist_join,
)
from courses.uploads import preview_image


@login_required
@require_safe
def dashboard(request):
    context = learner_dashboard(learner=request.user)
    context["sessions"] = upcoming_sessions(learner=request.user, limit=10)
    context["announcements"] = announcements_for(learner=request.user)
    context["queues"] = learner_queues(learner=request.user)
    # The feed's address has no language prefix: the feed speaks the learner's
    # preferred language whatever page it was copied from.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("learner_calendar", args=[calendar_token_for(user=request.user)])
    context["calendar_url"] = absolute_url(path)
    context["webcal_url"] = "webcal://" + context["calendar_url"].split("://", 1)[1]
    return mark_personal(render(request, "courses/learner_dashboard.html", context))


@login_required
@require_safe
def signed_in(request):
    """Where signing in leads (``LOGIN_REDIRECT_URL``) when no page asked for
    it: the trainer area for those who run cohorts, the dashboard otherwise."""
    if manages_a_cohort(request.user):
        return redirect("trainer_cohorts")
    return redirect("learner_dashboard")


@login_required
@require_POST
def cohort_enrol(request, code):
    cohort = get_object_or_404(Cohort.objects.select_related("course"), code=code)
    try:
        enrolment_create(cohort=cohort, learner=request.user)
    except ValidationError as error:
        return _refused(request, cohort, error)
    messages.success(
        request, _("You are enrolled in %(cohort)s.") % {"cohort": cohort.name}
    )
    return redirect(cohort.course.url)


def _refused(request, cohort, error: ValidationError):
    for message in error.messages:
        messages.error(request, message)
    return redirect(cohort.course.url + "#cohorts")


@login_required
@require_POST
def cohort_waitlist(request, code):
    """Join the waiting list of a full cohort."""
    cohort = get_object_or_404(Cohort.objects.select_related("course"), code=code)
    try:
        enrolment = waitlist_join(cohort=cohort, learner=request.user)
    except ValidationError as error:
        return _refused(request, cohort, error)
    if enrolment.status == EnrolmentStatus.ACTIVE:
        return redirect(cohort.course.url)
    messages.success(
        request,
        _(
            "You are number %(position)s on the waiting list of %(cohort)s. We will "
            "enrol you and tell you as soon as a place comes free."
        )
        % {"position": waitlist_position(enrolment=enrolment), "cohort": cohort.name},
    )
    return redirect(cohort.course.url + "#cohorts")


@login_required
@require_POST
def cohort_request(request, code):
    """Ask to join a cohort that requires a trainer's approval."""
    cohort = get_object_or_404(Cohort.objects.select_related("course"), code=code)
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(cohort.course.url + "#cohorts")
    try:
        enrolment_request(
            cohort=cohort, learner=request.user, message=form.cleaned_data["message"]
        )
    except ValidationError as error:
        return _refused(request, cohort, error)
    messages.success(
        request,
        _(
            "Your request to join %(cohort)s is with its trainers. You will be told "
            "when they answer."
        )
        % {"cohort": cohort.name},
    )
    return redirect(cohort.course.url + "#cohorts")


@login_required
@require_POST
def cohort_leave(request, code):
    """Leave a waiting list or take a request to join back."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("cohort__course"),
        cohort__code=code,
        learner=request.user,
        status__in=QUEUED_STATUSES,
    )
    was_waiting = enrolment.status == EnrolmentStatus.WAITING
    enrolment_withdraw(enrolment=enrolment)
    if was_waiting:
        text = _("You have left the waiting list of %(cohort)s.")
    else:
        text = _("You have taken back your request to join %(cohort)s.")
    messages.success(request, text % {"cohort": enrolment.cohort.name})
    if request.POST.get("next") == "dashboard":
        return redirect("learner_dashboard")
    return redirect(enrolment.cohort.course.url + "#cohorts")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cohort_withdraw(request, code):
    """GET asks for confirmation (withdrawing is one tap away from "Continue"
    on the dashboard); POST withdraws."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("cohort__course"),
        cohort__code=code,
        learner=request.user,
        status=EnrolmentStatus.ACTIVE,
    )
    if request.method != "POST":
        return render(request, "courses/cohort_withdraw.html", {"enrolment": enrolment})
    enrolment_withdraw(enrolment=enrolment)
    messages.success(
        request,
        _("You have withdrawn from %(cohort)s. Your progress is kept if you come back.")
        % {"cohort": enrolment.cohort.name},
    )
    return redirect("learner_dashboard")


@login_required
@require_safe
def announcement_attachment(request, public_id):
    """An announcement's attachment, for its readers, as a download."""
    announcement = get_object_or_404(
        Announcement.objects.select_related("cohort__course"), public_id=public_id
    )
    if not announcement.attachment or not may_read_announcement(
        request.user, announcement
    ):
        raise Http404
    return _private_download(
        announcement.attachment, announcement.attachment_name or "attachment"
    )


def _evidence_file(request, public_id) -> EvidenceFile:
    """An evidence file its learner or a reviewer may see; 404 for anyone else."""
    evidence_file = get_object_or_404(
        EvidenceFile.objects.select_related("submission"), public_id=public_id
    )
    if not may_see_evidence(request.user, evidence_file.submission):
        raise Http404
    return evidence_file


@login_required
@require_safe
def evidence_file(request, public_id):
    """Serve an evidence file to its learner or its reviewers, as a download.

    Never served inline: a file is always an attachment with a neutral type, so
    an uploaded HTML or SVG file cannot run in the academy's origin.
    """
    evidence_file = _evidence_file(request, public_id)
    return _private_download(
        evidence_file.file, evidence_file.original_filename or "evidence"
    )


@login_required
@require_safe
def evidence_preview(request, public_id):
    """The preview of an evidence file (a photo made small, a PDF's first
    page), for its learner and its reviewers. Written by us as a JPEG from
    decoded pixels, so it is safe to show inline. A photo whose stored preview
    is not made yet is made small now; 404 for files without a preview."""
    evidence_file = _evidence_file(request, public_id)
    if evidence_file.preview_status == PreviewStatus.READY and evidence_file.preview:
        with evidence_file.preview.open("rb") as file:
            preview = file.read()
    elif evidence_file.shows_preview:
        with evidence_file.file.open("rb") as file:
            preview = preview_image(file, evidence_file.content_type)
    else:
        preview = None
    if not preview:
        raise Http404
    response = HttpResponse(preview, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _private_download(file, filename: str):
    """Never served inline: an attachment with a neutral type, so an uploaded
    HTML or SVG file cannot run in the academy's origin."""
    response = private_attachment(
        file.open("rb"), filename=filename, content_type="application/octet-stream"
    )
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
