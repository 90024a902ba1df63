"""Who may see and change which cohorts in the Wagtail admin.

A cohort names its learners, and its trainers read their progress and evidence
in the trainer area, so a trainer sees and edits only the cohorts they run.
Editors and superusers hold ``courses.manage_all_cohorts`` and see every cohort.
The admin views in ``wagtail_hooks.py`` load cohorts through this policy.
"""

from django.db.models import Q, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

MANAGE_ALL_COHORTS = "courses.manage_all_cohorts"


class CohortPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (add, change, delete, view), narrowed to a trainer's own
    cohorts unless the user may manage every cohort."""

    def user_sees_every_cohort(self, user) -> bool:
        return user.is_active and user.has_perm(MANAGE_ALL_COHORTS)

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        if not self.user_has_any_permission(user, actions):
            return False
        return (
            self.user_sees_every_cohort(user)
            or instance.trainers.filter(pk=user.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        cohorts = self.model._default_manager.all()
        if not self.user_has_any_permission(user, actions):
            return cohorts.none()
        if self.user_sees_every_cohort(user):
            return cohorts
        return cohorts.filter(trainers=user)

    def users_with_any_permission_for_instance(self, actions, instance) -> QuerySet:
        everything = self._get_users_with_any_permission_codenames_filter(
            ["manage_all_cohorts"]
        )
        return self.users_with_any_permission(actions).filter(
            everything | Q(pk__in=instance.trainers.values("pk"))
        )


cohort_permission_policy = CohortPermissionPolicy("courses.Cohort")
