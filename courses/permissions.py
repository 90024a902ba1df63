"""Who may manage which cohort: the one rule (decision 0026).

A user manages the cohorts they train, and every cohort if they hold
``courses.manage_all_cohorts`` (Editors, and superusers, who hold every
permission). Managing a cohort is everything the trainer area, the API and the
admin offer for it: its learners, progress, enrolment, attendance, the review
of its learners' evidence and its certificates (``certificates/permissions.py``).
Site views, services, the API permission class and the Wagtail permission
policy below ask these functions; querysets use ``Cohort.objects.managed_by``.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission
from wagtail.permission_policies import ModelPermissionPolicy

from courses.models import Cohort, Enrolment
from courses.selectors.announcements import announcement_audience

MANAGE_ALL_COHORTS = "courses.manage_all_cohorts"


def manages_every_cohort(user) -> bool:
    return user.has_perm(MANAGE_ALL_COHORTS)


def manages_a_cohort(user) -> bool:
    return user.is_authenticated and (
        manages_every_cohort(user) or Cohort.objects.managed_by(user).exists()
    )


def may_manage_cohort(user, cohort) -> bool:
    """``cohort`` may be None (a learner in no cohort): only for those who
    manage every cohort."""
    if manages_every_cohort(user):
        return True
    return cohort is not None and (
        type(cohort).objects.managed_by(user).filter(pk=cohort.pk).exists()
    )


def may_review(user, submission) -> bool:
    """Evidence is reviewed by whoever manages the cohort of the learner's
    active enrolment in its course."""
    return (
        Enrolment.objects.managed_by(user)
        .active()
        .filter(
            learner_id=submission.learner_id, cohort__course_id=submission.course_id
        )
        .exists()
    )


def may_see_evidence(user, submission) -> bool:
    """A submission's files and their previews: its learner, and whoever may
    review it."""
    return user.is_authenticated and (
        submission.learner_id == user.id or may_review(user, submission)
    )


class ManagesACohort(BasePermission):
    """API views for cohorts: signed in and managing at least one cohort; each
    view then loads objects through ``managed_by``, so others answer 404."""

    message = _("This is for trainers of a cohort.")

    def has_permission(self, request, view):
        return bool(request.user) and manages_a_cohort(request.user)


class CohortPermissionPolicy(ModelPermissionPolicy):
    """The admin: model permissions (add, change, delete, view), narrowed to the
    cohorts the user manages."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return self.user_has_any_permission(user, actions) and may_manage_cohort(
            user, instance
        )

    def instances_user_has_any_permission_for(self, user, actions) -> QuerySet:
        cohorts = self.model._default_manager
        if not self.user_has_any_permission(user, actions):
            return cohorts.none()
        return cohorts.managed_by(user)

    def users_with_any_permission_for_instance(self, actions, instance) -> QuerySet:
        everything = self._get_users_with_any_permission_codenames_filter(
            ["manage_all_cohorts"]
        )
        return self.users_with_any_permission(actions).filter(
            everything | Q(pk__in=instance.trainers.values("pk"))
        )


cohort_permission_policy = CohortPermissionPolicy("courses.Cohort")


def may_read_announcement(user, announcement) -> bool:
    """An announcement (and its attachment): its audience, the learners enrolled
    now, and whoever manages its cohort."""
    if may_manage_cohort(user, announcement.cohort):
        return True
    return (
        announcement_audience(announcement=announcement).filter(learner=user).exists()
    )
