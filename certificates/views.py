"""Public verification, the certificate download, and trainers' actions."""

import csv
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from django_tasks import default_task_backend
from django_tasks.base import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from certificates import caching, codes
from certificates.badges import badge_png, badge_svg, baked_png, baked_svg
from certificates.forms import (
    BulkVerifyForm,
    CheckPdfForm,
    IssueForm,
    ReissueForm,
    RevokeForm,
    VerifyForm,
)
from certificates.models import Certificate
from certificates.openbadges import OB_CONTEXT, micro_credential_context
from certificates.permissions import may_download
from certificates.selectors import (
    bulk_status,
    certificate_badge_design,
    cohort_certificate_rows,
    course_achievement,
    course_badge_design,
    issuer_profile,
    pdf_verdict,
    revocation_status_list,
    verification_facts,
    verify,
    verify_many,
)
from certificates.services import (
    NOT_REVOKED,
    certificate_issue,
    certificate_reissue,
    certificate_revoke,
    job_key,
    zip_job_key,
)
from certificates.sharing import link_preview
from certificates.tasks import (
    ZIP_JOB_SECONDS,
    build_cohort_zip,
    issue_cohort_certificates,
)
from certificates.throttling import (
    count_request,
    rate_limited,
    too_many_requests,
)
from cms.caching import SITE_VERSION_KEY, seconds_to_keep, site_version
from common.downloads import private_attachment
from common.spreadsheets import spreadsheet_safe
from courses.models import Cohort, Enrolment
from courses.selectors import group_by_domain, learner_course_progress


@require_safe
@rate_limited
def verify_form(request):
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        code = codes.normalise(form.cleaned_data["code"])
        return redirect("verify_detail", code=code or "-")
    return render(
        request,
        "certificates/verify_form.html",
        {"form": form, "check_form": CheckPdfForm()},
    )


@require_safe
@rate_limited
def verify_detail(request, code):
    """The public answer for a code. For anonymous visitors (employers scanning
    codes) the page comes from the shared cache, which never serves a stale
    status (certificates/middleware.py)."""
    result = verify(code)
    if result.found and result.code != code:
        return redirect("verify_detail", code=result.code)  # one canonical address
    response = render(
        request,
        "certificates/verify_detail.html",
        {
            "result": result,
            "c": result.certificate.snapshot if result.found else None,
            "preview": link_preview(result),
        },
        status=200 if result.found else 404,
    )
    if result.found and not request.user.is_authenticated:
        caching.mark_shareable(request, response)
    return _verify_page(response)


def _verify_page(response):
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "no-cache"  # revalidate: a 304 while unchanged
    return response


@require_http_methods(["GET", "POST"])
@rate_limited
def verify_bulk(request):
    """Many codes at once, for employers checking a group of applicants: a
    table, or the same as CSV. Counts once against the verification limit
    (decision 0018)."""
    form = BulkVerifyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        entries = form.cleaned_data["entries"]
        results = verify_many(entries)
        if request.POST.get("format") == "csv":
            return _bulk_csv(entries, results)
        return render(
            request,
            "certificates/verify_bulk.html",
            {
                "form": form,
                "rows": list(zip(entries, results, strict=True)),
                "entries": "\n".join(entries),
            },
        )
    return render(
        request,
        "certificates/verify_bulk.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _bulk_csv(entries, results) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="certificate-check.csv"'
    response.write("\ufeff")  # a byte order mark, so spreadsheets read UTF-8
    writer = csv.writer(response)
    writer.writerow(
        ["entered", "code", "status", "course", "issued_on", "expires_on", "name"]
        + ["verify_url"]
    )
    for entered, result in zip(entries, results, strict=True):
        facts = verification_facts(result) if result.found else {}
        writer.writerow(
            spreadsheet_safe(
                [
                    entered,
                    result.display_code if result.found else "",
                    result.status if result.found else bulk_status(result),
                    facts.get("course", ""),
                    facts.get("issued_on", ""),
                    facts.get("expires_on") or "",
                    facts.get("name") or "",
                    facts.get("verify_url", ""),
                ]
            )
        )
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limited
def verify_check_pdf(request):
    """Is each uploaded PDF one we issued, is its seal intact, is it still valid?
    (A GET, e.g. an address typed or shared, goes to the form in the address's
    language; the result's language switcher links to the form.)"""
    if request.method in ("GET", "HEAD"):
        return redirect("verify_form")
    form = CheckPdfForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(
            request,
            "certificates/verify_form.html",
            {
                "form": VerifyForm(),
                "check_form": form,
                "language_switch_url_name": "verify_form",
            },
            status=400,
        )
    uploads = form.cleaned_data["pdf"]
    for _extra in uploads[1:]:  # each PDF costs a seal check: each one counts
        (allowed, retry_after), _found = count_request(request)
        if not allowed:
            return too_many_requests(request, retry_after)
    checks = []
    for upload in uploads:
        verdict, result = pdf_verdict(data=upload.read())
        checks.append({"name": upload.name, "verdict": verdict, "result": result})
    return render(
        request,
        "certificates/verify_check.html",
        # The result answers a POST: another language's version of it is the form.
        {"checks": checks, "language_switch_url_name": "verify_form"},
    )


@login_required
@require_safe
def certificate_pdf(request, code):
    certificate = get_object_or_404(
        Certificate.objects.select_related("cohort"), code=code
    )
    if not may_download(request.user, certificate):
        raise Http404
    if certificate.revoked_at and certificate.learner_id == request.user.id:
        messages.error(
            request,
            _("This certificate was revoked, so its PDF can no longer be downloaded."),
        )
        return redirect("learner_dashboard")
    if not certificate.pdf:
        messages.info(
            request, _("The PDF is being prepared. Please try again in a minute.")
        )
        return redirect("learner_dashboard")
    return private_attachment(
        certificate.pdf.open("rb"),
        filename=f"certificate-{certificate.display_code}.pdf",
        content_type="application/pdf",
        cache_control="private, max-age=3600",
    )


def _trainer_cohort(request, code) -> Cohort:
    return get_object_or_404(
        Cohort.objects.managed_by(request.user).select_related("course"), code=code
    )


@login_required
@require_http_methods(["GET", "POST"])
def issue_one(request, code, learner_id):
    cohort = _trainer_cohort(request, code)
    enrolment = get_object_or_404(
        Enrolment.objects.ever_enrolled().select_related("learner__profile"),
        cohort=cohort,
        learner_id=learner_id,
    )
    learner = enrolment.learner
    latest = (
        Certificate.objects.filter(
            learner=learner, course=cohort.course, withdrawn_at__isnull=True
        )
        .order_by("-issued_at")
        .first()
    )
    if latest and latest.revoked_at:
        messages.info(
            request,
            _("This learner's certificate was revoked. Re-issue it to replace it."),
        )
        return redirect("certificate_reissue", code=latest.code)
    if latest:
        messages.info(
            request,
            _("This learner already has a valid certificate (%(code)s).")
            % {"code": latest.display_code},
        )
        return redirect("trainer_cohort_certificates", code=cohort.code)
    progress = learner_course_progress(
        learner=learner, course=cohort.course, enrolment=enrolment
    )
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            certificate = certificate_issue(
                learner=learner,
                course=cohort.course,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Certificate %(code)s issued.") % {"code": certificate.display_code},
            )
            return redirect("trainer_cohort_certificates", code=cohort.code)
    return render(
        request,
        "certificates/trainer/issue.html",
        {"cohort": cohort, "learner": learner, "progress": progress, "form": form},
    )


@login_required
@require_safe
def cohort_certificates(request, code):
    """Every learner of the cohort: eligible or not, and their certificate."""
    cohort = _trainer_cohort(request, code)
    rows = cohort_certificate_rows(cohort=cohort)
    return render(
        request,
        "certificates/trainer/cohort_certificates.html",
        {
            "cohort": cohort,
            "rows": rows,
            "eligible": sum(
                1 for r in rows if r.progress.complete and not r.certificate
            ),
            "current": sum(
                1
                for r in rows
                if r.certificate
                and not r.certificate.revoked_at
                and not r.certificate.withdrawn_at
            ),
        },
    )


@login_required
@require_POST
def issue_cohort(request, code):
    """Start issuing to every eligible learner in the background; show its progress."""
    cohort = _trainer_cohort(request, code)
    job_id = uuid.uuid4().hex
    cache.set(
        job_key(job_id),
        {"cohort_id": cohort.pk, "done": 0, "total": None, "summary": None},
        timeout=3600,
    )
    result = issue_cohort_certificates.enqueue(cohort.pk, request.user.pk, job_id)
    cache.set(f"{job_key(job_id)}:task", result.id, timeout=3600)
    return redirect("trainer_issue_cohort_job", code=cohort.code, job_id=job_id)


@login_required
@require_safe
def issue_cohort_job(request, code, job_id):
    cohort, state = _cohort_job(request, code, job_key(job_id))
    finished = state["summary"] is not None
    failed = not finished and _task_failed(
        issue_cohort_certificates, cache.get(f"{job_key(job_id)}:task")
    )
    return render(
        request,
        "certificates/trainer/cohort_job.html",
        {
            "cohort": cohort,
            "state": state,
            "finished": finished,
            "failed": failed,
        },
    )


def _cohort_job(request, code, key):
    """The cohort (if the user manages it) and the state of one of its
    background jobs (issuing, a ZIP); 404 for no such job or another cohort's."""
    cohort = _trainer_cohort(request, code)
    state = cache.get(key)
    if state is None or state.get("cohort_id") != cohort.pk:
        raise Http404
    return cohort, state


def _task_failed(task, task_id) -> bool:
    """Did the background task give up (every retry failed)? Only engines that
    keep results can tell; the in-process one finishes before the page shows."""
    if not task_id or not default_task_backend.supports_get_result:
        return False
    try:
        result = task.get_result(task_id)
    except TaskResultDoesNotExist:
        return False
    return result.status == TaskResultStatus.FAILED


@login_required
@require_POST
def cohort_zip_start(request, code):
    """Start building a ZIP of the cohort's certificate PDFs; show its progress."""
    cohort = _trainer_cohort(request, code)
    job_id = uuid.uuid4().hex
    key = zip_job_key(job_id)
    cache.set(
        key,
        {"cohort_id": cohort.pk, "done": 0, "total": None, "result": None},
        timeout=ZIP_JOB_SECONDS,
    )
    result = build_cohort_zip.enqueue(cohort.pk, request.user.pk, job_id)
    cache.set(f"{key}:task", result.id, timeout=ZIP_JOB_SECONDS)
    return redirect("trainer_cohort_zip_job", code=cohort.code, job_id=job_id)


@login_required
@require_safe
def cohort_zip_job(request, code, job_id):
    cohort, state = _cohort_job(request, code, zip_job_key(job_id))
    finished = state["result"] is not None
    failed = not finished and _task_failed(
        build_cohort_zip, cache.get(f"{zip_job_key(job_id)}:task")
    )
    return render(
        request,
        "certificates/trainer/cohort_zip.html",
        {
            "cohort": cohort,
            "job_id": job_id,
            "state": state,
            "finished": finished,
            "failed": failed,
        },
    )


@login_required
@require_safe
def cohort_zip_download(request, code, job_id):
    """The finished ZIP, from the private storage, for those who manage the cohort."""
    cohort, state = _cohort_job(request, code, zip_job_key(job_id))
    storage = Certificate.pdf.field.storage
    name = (state["result"] or {}).get("name")
    if not name or not storage.exists(name):
        raise Http404
    return private_attachment(
        storage.open(name, "rb"),
        filename=f"certificates-{cohort.code}.zip",
        content_type="application/zip",
    )


def _back_url(request, certificate) -> str:
    """Where a revoke or re-issue returns: the cohort's certificates for its
    trainers, the admin's certificate register for everyone else allowed."""
    if (
        certificate.cohort_id
        and certificate.cohort.trainers.filter(pk=request.user.pk).exists()
    ):
        return reverse("trainer_cohort_certificates", args=[certificate.cohort.code])
    return reverse("certificates:inspect", args=[certificate.pk])


def _managed_certificate(request, code) -> Certificate:
    return get_object_or_404(
        Certificate.objects.managed_by(request.user).select_related("cohort", "course"),
        code=code,
    )


@login_required
@require_http_methods(["GET", "POST"])
def revoke(request, code):
    certificate = _managed_certificate(request, code)
    if certificate.revoked_at or certificate.withdrawn_at:
        messages.info(
            request,
            _("Certificate %(code)s is no longer valid: there is nothing to revoke.")
            % {"code": certificate.display_code},
        )
        return redirect(_back_url(request, certificate))
    return _confirmed_action(
        request,
        certificate,
        form=RevokeForm(request.POST or None),
        template="certificates/trainer/revoke.html",
        act=lambda reason: certificate_revoke(
            certificate=certificate, by=request.user, reason=reason
        ),
        done=lambda revoked: (
            _("Certificate %(code)s revoked.") % {"code": revoked.display_code}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reissue(request, code):
    """Confirm, then issue a new certificate in place of a revoked one."""
    certificate = _managed_certificate(request, code)
    if not certificate.revoked_at or certificate.withdrawn_at:
        messages.error(request, NOT_REVOKED)
        return redirect(_back_url(request, certificate))
    replacement = certificate.replacement
    if replacement:
        messages.info(
            request,
            _("This certificate was already re-issued as %(code)s.")
            % {"code": replacement.display_code},
        )
        return redirect(_back_url(request, certificate))
    return _confirmed_action(
        request,
        certificate,
        form=ReissueForm(request.POST or None),
        template="certificates/trainer/reissue.html",
        act=lambda reason: certificate_reissue(
            certificate=certificate, by=request.user, reason=reason
        ),
        done=lambda new: (
            _("New certificate %(code)s issued.") % {"code": new.display_code}
        ),
    )


def _confirmed_action(request, certificate, *, form, template, act, done):
    """A trainer's confirmed action on a certificate (revoke, re-issue): the
    form with its reason; on success a message and back where they came from;
    a service's refusal shown on the form."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, done(result))
            return redirect(_back_url(request, certificate))
    return render(
        request,
        template,
        {
            "certificate": certificate,
            "form": form,
            "back_url": _back_url(request, certificate),
        },
    )


def _json_ld(data, *, filename=None, status=200):
    response = JsonResponse(
        data,
        status=status,
        content_type="application/ld+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    response["Access-Control-Allow-Origin"] = "*"  # verifiers fetch it from anywhere
    response["Cache-Control"] = "no-cache"  # revalidate: a 304 while unchanged
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@rate_limited
def openbadge_achievement(request, key):
    """The achievement a credential names (its ``id``): JSON-LD for verifiers,
    a page for a person who follows the link in a browser."""
    facts = course_achievement(key=key, language=get_language())
    wants_page = "text/html" in request.headers.get("Accept", "")
    if facts is None:
        if wants_page:
            raise Http404(_("No course has this achievement."))
        return _json_ld({"error": _("No course has this achievement.")}, status=404)
    if wants_page:
        response = render(
            request,
            "certificates/achievement.html",
            {
                "facts": facts,
                "groups": group_by_domain(facts.competencies),
                "json_url": facts.document["id"],
            },
        )
    else:
        response = _json_ld({"@context": [OB_CONTEXT], **facts.document})
    patch_vary_headers(response, ["Accept"])
    return response


BADGE_TYPES = {"png": "image/png", "svg": "image/svg+xml"}


@require_safe
def openbadge_achievement_image(request, key, image_format):
    """A course's badge image (the ``image`` of its achievement and of every
    credential for it), kept in the shared cache until the site changes."""
    if image_format not in BADGE_TYPES:
        raise Http404(_("Badges are images in PNG or SVG."))
    cache_key = f"badge:{key}:{image_format}"
    found = cache.get_many([SITE_VERSION_KEY, cache_key])
    version, entry = site_version(found), found.get(cache_key)
    if entry is not None and entry[0] == version:
        image = entry[1]
    else:
        design = course_badge_design(key=key)
        if design is None:
            raise Http404(_("No course has this achievement."))
        image = badge_png(design) if image_format == "png" else badge_svg(design)
        if version is not None:
            cache.set(cache_key, (version, image), timeout=seconds_to_keep())
    response = HttpResponse(image, content_type=BADGE_TYPES[image_format])
    response["Cache-Control"] = "public, max-age=3600"
    _inert(response)
    return response


@require_safe
@rate_limited
def openbadge_baked_badge(request, code, image_format):
    """The holder's badge image with their signed credential inside (an Open
    Badges 3.0 baked badge), to keep, upload to a badge backpack or share."""
    if image_format not in BADGE_TYPES:
        raise Http404(_("Badges are images in PNG or SVG."))
    certificate = Certificate.objects.filter(code=codes.normalise(code)).first()
    if certificate is None or certificate.withdrawn_at or not certificate.open_badge:
        raise Http404(_("No credential has this code."))
    design = certificate_badge_design(certificate)
    baker = baked_png if image_format == "png" else baked_svg
    response = HttpResponse(
        baker(design, certificate.open_badge), content_type=BADGE_TYPES[image_format]
    )
    filename = f"open-badge-{certificate.display_code}.{image_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-cache"
    _inert(response)
    return response


def _inert(response):
    """An SVG opened on its own runs no script and loads nothing."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'"
    )


@require_safe
def openbadge_micro_credential_context(request):
    """The JSON-LD context of the micro-credential terms our credentials use
    (decision 0032); verifiers resolve it once and keep it."""
    return _json_ld(micro_credential_context())


@require_safe
@rate_limited
def openbadge_issuer(request):
    """The issuer profile with the public key that verifies our credentials."""
    return _json_ld(issuer_profile())


@require_safe
@rate_limited
def openbadge_credential(request, code):
    """A certificate's signed OpenBadgeCredential (linked from its verify page),
    from the shared cache until the certificate changes (certificates/middleware.py)."""
    certificate = Certificate.objects.filter(code=codes.normalise(code)).first()
    if certificate is None or certificate.withdrawn_at:
        return _json_ld({"error": _("No credential has this code.")}, status=404)
    if not certificate.open_badge:
        return _json_ld(
            {"error": _("The credential is being prepared. Try again in a minute.")},
            status=404,
        )
    download = request.GET.get("download") == "1"
    response = _json_ld(
        certificate.open_badge,
        filename=f"open-badge-{certificate.display_code}.json" if download else None,
    )
    return caching.mark_shareable(request, response)


@require_safe
@rate_limited
def openbadge_status_list(request, number=0):
    """A signed Bitstring Status List of revoked (and withdrawn) credentials."""
    document = revocation_status_list(number)
    if document is None:
        return _json_ld({"error": _("No status list has this number.")}, status=404)
    return _json_ld(document)
