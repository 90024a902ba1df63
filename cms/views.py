"""Views of the site shell: the academy's stylesheet and icon, and admin views."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from cms import branding, jobs
from cms.caching import mark_public
from cms.models import AcademySettings
from cms.services import translation_submit_for_review


@require_http_methods(["GET", "POST"])
def background_jobs(request):
    """Queues and failed jobs, for superusers; a failed job can be retried."""
    if not request.user.is_superuser:
        raise PermissionDenied
    enabled = jobs.queue_enabled()
    if request.method == "POST" and enabled:
        job_id = request.POST.get("job", "")[:100]
        if jobs.failed_job_retry(job_id=job_id):
            messages.success(request, _("The job is back in its queue."))
        else:
            messages.error(
                request, _("That job is no longer in the failed list; nothing changed.")
            )
        return redirect("cms_background_jobs")
    return TemplateResponse(
        request,
        "cms/background_jobs.html",
        {
            "enabled": enabled,
            "queues": jobs.queue_counts() if enabled else [],
            "failed": jobs.failed_jobs() if enabled else [],
            "page_title": _("Background jobs"),
        },
    )


@require_http_methods(["GET", "HEAD"])
def branding_css(request):
    """The academy's colours as CSS custom properties, after academy.css."""
    academy = AcademySettings.for_request(request)
    css = branding.stylesheet(
        primary=academy.primary_colour, accent=academy.accent_colour
    )
    return mark_public(HttpResponse(css, content_type="text/css; charset=utf-8"))


@require_http_methods(["GET", "HEAD"])
def favicon(request):
    """The site's icon: the academy's colour and initial."""
    academy = AcademySettings.for_request(request)
    svg = branding.icon_svg(
        colour=academy.primary_colour, letter=(academy.academy_name or "A")[:1]
    )
    return mark_public(HttpResponse(svg, content_type="image/svg+xml"))


@require_http_methods(["GET", "POST"])
def translation_review(request, page_id):
    """Confirm, then submit a translated page for review (decision 0038)."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if request.method == "POST":
        try:
            translation_submit_for_review(page=page, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("“%(title)s” is waiting for review; it goes live once approved.")
                % {"title": page.get_admin_display_title()},
            )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(
        request,
        "cms/translation_review.html",
        {
            "page": page,
            "page_title": _("Submit a translation for review"),
            "language": page.locale.get_display_name(),
        },
    )
