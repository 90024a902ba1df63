"""Writes for accounts: profiles and the right to erasure."""

import hashlib
import secrets
import uuid

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import APIToken

from accounts.models import ErasureRequest, Notification, Profile
from accounts.selectors import profile_for
from accounts.signals import erasure_requested
from common.cache import personal_content_changed

PRINTED_NAME_REQUIRED = _("Enter your name as it should appear on certificates.")


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"printed_name": PRINTED_NAME_REQUIRED})
    return name


@transaction.atomic
def profile_save(
    *, user, printed_name: str, preferred_language: str, name_public: bool = False
) -> Profile:
    """Create or update the user's profile. Whitespace in names is normalised."""
    if preferred_language not in dict(settings.LANGUAGES):
        preferred_language = settings.LANGUAGE_CODE
    profile, _created = Profile.objects.update_or_create(
        user=user,
        defaults={
            "printed_name": _clean_name(printed_name),
            "preferred_language": preferred_language,
            "name_public": name_public,
        },
    )
    return profile


def _saved_profile(user) -> Profile:
    profile = profile_for(user=user)
    if profile.pk is None:
        profile, _created = Profile.objects.get_or_create(
            user=user, defaults={"printed_name": profile.printed_name}
        )
    return profile


@transaction.atomic
def calendar_token_for(*, user) -> str:
    """The secret of ``user``'s calendar feed address, made on first use
    (idempotent: concurrent first uses agree on one token)."""
    profile = _saved_profile(user)
    Profile.objects.filter(pk=profile.pk, calendar_token__isnull=True).update(
        calendar_token=secrets.token_urlsafe(32)
    )
    return Profile.objects.values_list("calendar_token", flat=True).get(pk=profile.pk)


@transaction.atomic
def calendar_token_reset(*, user) -> str:
    """A new secret for ``user``'s calendar feed: the old address stops working
    (for a link shared by mistake)."""
    profile = _saved_profile(user)
    profile.calendar_token = secrets.token_urlsafe(32)
    profile.save(update_fields=["calendar_token", "updated_at"])
    return profile.calendar_token


def _pseudonym(user) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{user.pk}".encode()).hexdigest()


@transaction.atomic
def account_erasure_request(*, user) -> ErasureRequest:
    """Erase a learner's personal data and close the account.

    Every app that holds personal data removes it in an ``erasure_requested``
    receiver, inside this transaction: if one fails, nothing is erased and the
    error surfaces. What remains is an ``ErasureRequest`` with no personal data.
    """
    request = ErasureRequest.objects.create(
        reference=uuid.uuid4(),
        user_id_hash=_pseudonym(user),
        status=ErasureRequest.Status.RECEIVED,
    )
    erasure_requested.send(
        sender=get_user_model(), user=user, reference=request.reference
    )
    Profile.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    APIToken.objects.filter(user=user).delete()
    user.username = f"erased-{request.reference.hex[:16]}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    request.status = ErasureRequest.Status.COMPLETED
    request.completed_at = timezone.now()
    request.save(update_fields=["status", "completed_at"])
    return request


TOKEN_NAME_REQUIRED = _("Give the token a name, e.g. the system that will use it.")
TOKEN_NAME_NUL = _(
    "The name contains a character that is not allowed (NUL). Please type it again."
)
TOKEN_LIMIT = _("You can have at most %(max)s active tokens; revoke one first.")
MAX_ACTIVE_TOKENS = 20


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[APIToken, str]:
    """Create a personal API token (Wagtail's hashed ``APIToken``).

    Returns the token and its plaintext, which is shown once and never stored.
    """
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": TOKEN_NAME_REQUIRED})
    if "\x00" in name:
        raise ValidationError({"name": TOKEN_NAME_NUL}, code="nul")
    if (
        APIToken.objects.filter(user=user, revoked_at__isnull=True).count()
        >= MAX_ACTIVE_TOKENS
    ):
        raise ValidationError(TOKEN_LIMIT, params={"max": MAX_ACTIVE_TOKENS})
    return APIToken.create_token(user=user, name=name[:255])


@transaction.atomic
def api_token_revoke(*, token: APIToken) -> APIToken:
    if token.revoked_at is None:
        token.revoke()
    return token


@transaction.atomic
def notification_create(
    *, user, kind: str, title: str, text: str, url: str = "", key: str = ""
) -> Notification:
    """Store a notification for ``user``. Idempotent with a ``key``: the same key
    returns the notification made the first time."""
    if key:
        notification, _created = Notification.objects.get_or_create(
            user=user,
            key=key,
            defaults={"kind": kind, "title": title[:300], "text": text, "url": url},
        )
        return notification
    return Notification.objects.create(
        user=user, kind=kind, title=title[:300], text=text, url=url
    )


def notification_emailed(*, notification: Notification) -> None:
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark ``user``'s notifications read (all of them, or those in ``ids``);
    another person's ids are ignored. Returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    changed = unread.update(read_at=timezone.now())
    if changed:
        personal_content_changed(user.pk)
    return changed


OPT_OUT_UNKNOWN = _("Choose among the kinds of message listed.")


@transaction.atomic
def email_preferences_save(*, user, opt_outs) -> Profile:
    """The kinds of notification ``user`` does not want by e-mail. Service
    messages about their own certificates cannot be switched off."""
    kinds = set(opt_outs)
    if not kinds <= set(Notification.Kind.values):
        raise ValidationError({"email_opt_outs": OPT_OUT_UNKNOWN})
    profile = _saved_profile(user)
    profile.email_opt_outs = sorted(kinds - Notification.ALWAYS_EMAILED)
    profile.save(update_fields=["email_opt_outs", "updated_at"])
    return profile
