"""Sign-in lockouts in the Wagtail admin: staff see who is locked out and unlock
(delete the record). Superusers, or staff given "Can delete access attempt"."""

from axes.models import AccessAttempt
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


class LockoutPermissionPolicy(ModelPermissionPolicy):
    """See and delete (unlock) only: attempts are recorded by django-axes."""

    def user_has_permission(self, user, action) -> bool:
        if action not in ("view", "delete"):
            return False
        return super().user_has_permission(user, "delete")


register_permission_policy(AccessAttempt, LockoutPermissionPolicy(AccessAttempt))


class LockoutViewSet(ModelViewSet):
    """Failed sign-ins per address and account; deleting one unlocks it."""

    model = AccessAttempt
    icon = "lock-open"
    menu_label = _("Sign-in lockouts")
    add_to_settings_menu = True
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    list_filter = ["attempt_time"]
    ordering = ["-attempt_time"]
    # Wagtail builds add and edit views for every model viewset; the permission
    # policy refuses them, so this form is never shown.
    form_fields = ["username"]


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    return LockoutViewSet("lockouts")
