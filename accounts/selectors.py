from django.contrib.auth import get_user_model

from accounts.models import Profile
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
        },
    }
    for _receiver, response in collect_personal_data.send(
        sender=get_user_model(), user=user
    ):
        if response:
            data.update(response)
    return data
