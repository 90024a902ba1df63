"""Admin views of the site shell."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms import jobs


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
