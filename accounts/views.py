import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)
from wagtail.models import APIToken

from accounts.forms import EmailPreferencesForm, ErasureForm, ProfileForm
from accounts.models import Notification
from accounts.selectors import personal_data_export, profile_for
from accounts.services import (
    account_erasure_request,
    api_token_create,
    api_token_revoke,
    email_preferences_save,
    notifications_mark_read,
    profile_save,
)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    current = profile_for(user=request.user)
    form = ProfileForm(request.POST or None, instance=current)
    preferences = EmailPreferencesForm.for_profile(current)
    if request.method == "POST" and form.is_valid():
        profile_save(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        response = redirect("account_profile")
        response.set_cookie(
            "django_language",
            form.cleaned_data["preferred_language"],
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "preferences": preferences},
    )


@login_required
@require_POST
def email_preferences(request):
    current = profile_for(user=request.user)
    form = EmailPreferencesForm.for_profile(current, data=request.POST)
    if form.is_valid():
        email_preferences_save(user=request.user, opt_outs=form.opt_outs())
        messages.success(request, _("Your e-mail choices have been saved."))
        return redirect(reverse("account_profile") + "#email-preferences")
    return render(
        request,
        "accounts/profile.html",
        {"form": ProfileForm(instance=current), "preferences": form},
        status=400,
    )


NOTIFICATIONS_PAGE_SIZE = 20


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notifications(request):
    """The signed-in person's notifications, newest first; POST marks them all
    read."""
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        messages.success(request, _("All notifications are marked as read."))
        return redirect("account_notifications")
    page = Paginator(
        Notification.objects.filter(user=request.user), NOTIFICATIONS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page": page})


@login_required
@require_safe
def notification_open(request, pk):
    """Open a notification: it is read, and its page opens."""
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    notifications_mark_read(user=request.user, ids=[notification.pk])
    return redirect(notification.url or "account_notifications")


@login_required
@require_safe
def data_export(request):
    """Download everything the academy holds about the signed-in person, as JSON."""
    data = personal_data_export(user=request.user)
    stamp = timezone.now().strftime("%Y%m%d")
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False, default=str),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="my-academy-data-{stamp}.json"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request):
    form = ErasureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        erasure = account_erasure_request(user=request.user)
        logout(request)
        messages.success(
            request,
            _(
                "Your account and your learning records have been erased. "
                "Reference: %(reference)s"
            )
            % {"reference": erasure.reference},
        )
        return redirect("/")
    return render(request, "accounts/erase.html", {"form": form})


@login_required
@require_http_methods(["POST"])
def name_visibility(request):
    """Show or hide the learner's name on public verification pages."""
    current = profile_for(user=request.user)
    public = request.POST.get("name_public") == "on"
    profile_save(
        user=request.user,
        printed_name=current.printed_name,
        preferred_language=current.preferred_language,
        name_public=public,
    )
    if public:
        messages.success(
            request, _("Your name is now shown on your verification pages.")
        )
    else:
        messages.success(
            request, _("Your name is now hidden on your verification pages.")
        )
    return redirect("learner_dashboard")


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request):
    """Create, list and revoke personal API tokens; a new secret is shown once."""
    created_secret = None
    error = None
    if request.method == "POST" and "revoke" in request.POST:
        token = APIToken.objects.filter(
            user=request.user, pk=request.POST.get("revoke")
        ).first()
        if token is None:
            raise Http404
        api_token_revoke(token=token)
        messages.success(
            request, _("The token “%(name)s” was revoked.") % {"name": token.name}
        )
        return redirect("account_api_tokens")
    if request.method == "POST":
        try:
            _token, created_secret = api_token_create(
                user=request.user, name=request.POST.get("name", "")
            )
        except ValidationError as exc:
            error = exc.messages[0]
    tokens = APIToken.objects.filter(user=request.user).order_by("-created")
    return render(
        request,
        "accounts/api_tokens.html",
        {"tokens": tokens, "created_secret": created_secret, "error": error},
        status=400 if error else 200,
    )
