"""Admin for the competency framework and partners, grouped under one menu."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.forms import CohortAdminForm
from courses.models import Cohort, Competency, CompetencyDomain, PartnerOrganisation
from courses.permissions import cohort_permission_policy
from courses.selectors import home_page_highlights
from courses.selectors.enrolment import cohort_queues
from courses.services import waitlist_promote


class CompetencyFilterSet(WagtailFilterSet):
    class Meta:
        model = Competency
        fields = ["domain", "locale"]


class CompetencyDomainViewSet(SnippetViewSet):
    model = CompetencyDomain
    icon = "folder-open-1"
    menu_label = _("Competency domains")
    list_display = ["name", "kind", "sort_order"]
    list_filter = ["kind", "locale"]
    search_fields = ["name", "description"]
    ordering = ["sort_order", "name"]


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "success"
    menu_label = _("Competencies")
    list_display = ["code", "name", "domain"]
    filterset_class = CompetencyFilterSet
    search_fields = ["code", "name", "description"]
    list_per_page = 50


class PartnerOrganisationViewSet(SnippetViewSet):
    model = PartnerOrganisation
    icon = "group"
    menu_label = _("Partner organisations")
    list_display = ["name", "website"]
    search_fields = ["name"]


class CompetencyFrameworkGroup(SnippetViewSetGroup):
    menu_label = _("Competency framework")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (CompetencyDomainViewSet, CompetencyViewSet, PartnerOrganisationViewSet)


register_snippet(CompetencyFrameworkGroup)


register_permission_policy(Cohort, cohort_permission_policy)


class OwnCohortsMixin:
    """Load cohorts through the cohort permission policy: a trainer's own
    cohorts only, unless they may manage every cohort. Another trainer's cohort
    answers 404, as it does in the trainer area."""

    def get_object(self, *args, **kwargs):
        try:
            cohort = super().get_object(*args, **kwargs)
        except PermissionDenied as denied:  # the copy view asks the policy itself
            raise Http404 from denied
        if not cohort_permission_policy.user_has_any_permission_for_instance(
            self.request.user, ["change", "delete", "view"], cohort
        ):
            raise Http404
        return cohort


class CohortIndexView(generic.IndexView):
    def get_base_queryset(self):
        return cohort_permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["add", "change", "delete", "view"]
        )


class CohortEditView(OwnCohortsMixin, generic.EditView):
    def save_instance(self):
        """A larger capacity gives the new places to the people waiting."""
        cohort = super().save_instance()
        waitlist_promote(cohort=cohort)
        return cohort


class CohortDeleteView(OwnCohortsMixin, generic.DeleteView):
    pass


class CohortInspectView(OwnCohortsMixin, generic.InspectView):
    """The cohort's fields, then its waiting list and requests to join
    (read-only: trainers answer requests in the trainer area)."""

    def get_fields_context(self):
        queues = cohort_queues(cohort=self.object)
        return [
            *super().get_fields_context(),
            {
                "label": _("Waiting list"),
                "value": render_to_string(
                    "courses/admin/cohort_queue.html",
                    {"entries": queues["waitlist"], "numbered": True},
                ),
                "component": None,
            },
            {
                "label": _("Requests to join"),
                "value": render_to_string(
                    "courses/admin/cohort_queue.html",
                    {"entries": queues["requests"], "numbered": False},
                ),
                "component": None,
            },
        ]


class CohortCopyView(OwnCohortsMixin, generic.CopyView):
    pass


class CohortHistoryView(OwnCohortsMixin, history.HistoryView):
    pass


class CohortUsageView(OwnCohortsMixin, usage.UsageView):
    pass


class CohortViewSet(ModelViewSet):
    """Cohorts are managed in the admin; trainers work with them on /trainer/.

    Trainers see and change the cohorts they run; editors every cohort
    (``courses/permissions.py``).
    """

    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    menu_order = 260
    add_to_admin_menu = True
    list_display = [
        "name",
        "course",
        "starts_on",
        "location",
        "capacity",
        "is_open",
        "requires_approval",
    ]
    list_filter = ["is_open", "starts_on"]
    search_fields = ["name", "location"]
    inspect_view_enabled = True
    index_view_class = CohortIndexView
    edit_view_class = CohortEditView
    delete_view_class = CohortDeleteView
    inspect_view_class = CohortInspectView
    copy_view_class = CohortCopyView
    history_view_class = CohortHistoryView
    usage_view_class = CohortUsageView
    edit_handler = ObjectList(Cohort.panels, base_form_class=CohortAdminForm)


@hooks.register("register_admin_viewset")
def register_cohort_viewset():
    return CohortViewSet("cohorts")


@hooks.register("home_page_context")
def home_page_context(*, home):
    """Featured courses and core domains for ``cms.HomePage`` (which cannot import
    courses)."""
    return home_page_highlights(home=home)
