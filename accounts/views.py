import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from wagtail.models import APIToken

from accounts.forms import ErasureForm, ProfileForm
from accounts.selectors import personal_data_export, profile_for
from accounts.services import (
    account_erasure_request,
    api_token_create,
    api_token_revoke,
    profile_save,
)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    current = profile_for(user=request.user)
    form = ProfileForm(request.POST or None, instance=current)
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
    return render(request, "accounts/profile.html", {"form": form})


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
