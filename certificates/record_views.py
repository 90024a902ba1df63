"""The learner's record: their own page, the links they share it by, and its
sealed PDF (decision 0042)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from certificates.forms import RecordLinkForm
from certificates.models import RecordLink
from certificates.selectors.record import (
    certificates_left_off,
    learner_record,
    record_link_lookup,
    record_link_url,
    record_links,
    record_pdf_name,
    record_storage,
)
from certificates.services import (
    RECORD_LINK_WITHDRAWN,
    RECORD_LINKS_MAX,
    record_link_create,
    record_link_revoke,
    record_link_viewed,
)
from certificates.tasks import render_learner_record
from certificates.throttling import rate_limited
from certificates.views import _task_failed
from common.downloads import private_attachment

RECORD_PDF_TASK_SECONDS = 120  # after this, a PDF still missing is asked for again


def _own_page(request, form, status=200):
    links = record_links(learner=request.user)
    record = learner_record(learner=request.user)
    return render(
        request,
        "certificates/learner_record.html",
        {
            "record": record,
            "left_off": certificates_left_off(learner=request.user),
            "links": links,
            "active_links": sum(1 for link in links if not link.revoked_at),
            "links_max": RECORD_LINKS_MAX,
            "form": form,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def learner_record_page(request):
    """The learner's record and their links; a POST makes a new link (on the
    same address, so a form error can be reloaded or read in another language)."""
    if request.method != "POST":
        return _own_page(request, RecordLinkForm())
    form = RecordLinkForm(request.POST)
    if form.is_valid():
        try:
            link = record_link_create(
                learner=request.user, label=form.cleaned_data["label"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "Your new link is ready. Copy it and give it to whoever should "
                    "see your record."
                ),
            )
            return redirect(f"{reverse('learner_record')}#link-{link.code}")
    messages.error(request, _("The link was not made: see the form below."))
    return _own_page(request, form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_link_withdraw(request, code):
    """Ask, then withdraw one of the learner's links (it cannot be undone)."""
    link = get_object_or_404(RecordLink, code=code, learner=request.user)
    if link.revoked_at:
        messages.info(request, RECORD_LINK_WITHDRAWN)
        return redirect(f"{reverse('learner_record')}#links-title")
    if request.method != "POST":
        return render(
            request,
            "certificates/record_link_withdraw.html",
            {"link": link, "url": record_link_url(link.code)},
        )
    try:
        record_link_revoke(link=link, by=request.user)
    except ValidationError as error:
        messages.info(request, error.messages[0])
    else:
        messages.success(
            request,
            _(
                "The link was withdrawn. Anyone who opens it now is told that you "
                "withdrew it."
            ),
        )
    return redirect(f"{reverse('learner_record')}#links-title")


@login_required
@require_safe
def learner_record_pdf(request):
    return _record_pdf(request, learner=request.user, link=None)


def _shared_link(request, code):
    """The link for ``code`` and the response to give instead of the record
    (unknown: 404; withdrawn: 410), or a redirect to its canonical address."""
    link = record_link_lookup(code)
    if link is None or link.revoked_at:
        response = render(
            request,
            "certificates/record_shared.html",
            {"state": "withdrawn" if link else "unknown"},
            status=410 if link else 404,
        )
        response["X-Robots-Tag"] = "noindex"
        return link, response
    return link, None


@require_safe
@rate_limited
def record_shared(request, code):
    """A learner's record, for whoever holds the link they made."""
    link, refusal = _shared_link(request, code)
    if refusal:
        return refusal
    if link.code != code:
        return redirect("record_shared", code=link.code)
    if request.user.pk != link.learner_id:
        record_link_viewed(link=link)
    response = render(
        request,
        "certificates/record_shared.html",
        {
            "state": "shared",
            "link": link,
            "record": learner_record(learner=link.learner, link=link),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    response["Cache-Control"] = "private, no-cache"
    return response


@require_safe
@rate_limited
def record_shared_pdf(request, code):
    link, refusal = _shared_link(request, code)
    if refusal:
        return refusal
    return _record_pdf(request, learner=link.learner, link=link)


def _record_pdf(request, *, learner, link):
    """The sealed PDF of the record as it is now, in the interface language.
    Rendering is a background task; until it is stored, a page that refreshes
    by itself says so (with the in-process engine it is stored at once)."""
    language = get_language()
    record = learner_record(learner=learner, link=link)
    name = record_pdf_name(record=record, learner_id=learner.pk, language=language)
    storage = record_storage()
    if not storage.exists(name):
        key = f"record-pdf:{name}"
        task_id = cache.get(key)
        failed = bool(task_id) and _task_failed(render_learner_record, task_id)
        if failed:
            cache.delete(key)  # the next visit asks again
        elif task_id is None:
            result = render_learner_record.enqueue(
                learner.pk, language, link.code if link else ""
            )
            cache.set(key, result.id, timeout=RECORD_PDF_TASK_SECONDS)
        if failed or not storage.exists(name):
            return render(
                request,
                "certificates/record_pdf_wait.html",
                {
                    "failed": failed,
                    "back_url": reverse("record_shared", args=[link.code])
                    if link
                    else reverse("learner_record"),
                },
                status=503 if failed else 202,
            )
    return private_attachment(
        storage.open(name, "rb"),
        filename=f"learner-record-{record.as_of.isoformat()}.pdf",
        content_type="application/pdf",
    )
