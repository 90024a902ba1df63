from django.contrib.auth import get_user_model

from accounts.models import Notification, Profile
from accounts.signals import collect_personal_data


def profile_for(*, user) -> Profile:
    """The user's profile. An account without one (made before profiles, or by
    hand) gets an unsaved default from its names; ``profile_save`` stores it."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        name = user.get_full_name() or user.get_username()
        return Profile(user_id=user.pk, printed_name=name)


def user_for_calendar_token(token: str):
    """The active account whose calendar feed address carries ``token``."""
    if not token:
        return None
    profile = (
        Profile.objects.filter(calendar_token=token, user__is_active=True)
        .select_related("user")
        .first()
    )
    return profile.user if profile else None


def wants_email(*, user, kind: str) -> bool:
    """Whether ``user`` gets notifications of ``kind`` by e-mail."""
    if not user.is_active or not user.email:
        return False
    if kind in Notification.ALWAYS_EMAILED:
        return True
    return kind not in (profile_for(user=user).email_opt_outs or [])


def unread_notification_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def user_display_name(user) -> str:
    """How allauth and our pages greet a user: the printed name, else the e-mail."""
    if not user.is_authenticated:
        return ""
    try:
        return user.profile.printed_name
    except Profile.DoesNotExist:
        return user.get_full_name() or user.email or user.get_username()


def personal_data_export(*, user) -> dict:
    """Everything the academy holds about ``user``, as JSON-serialisable data."""
    profile = profile_for(user=user)
    data = {
        "account": {
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": {
            "printed_name": profile.printed_name,
            "preferred_language": profile.preferred_language,
            "name_public": profile.name_public,
            "email_opt_outs": profile.email_opt_outs,
        },
        "notifications": [
            {
                "kind": n.kind,
                "title": n.title,
                "text": n.text,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(user=user)
        ],
    }
    for _receiver, response in collect_personal_data.send(
        sender=get_user_model(), user=user
    ):
        if response:
            data.update(response)
    return data
