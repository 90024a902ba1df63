"""Admin for the competency framework and partners, grouped under one menu."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import Cohort, Competency, CompetencyDomain, PartnerOrganisation


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


class CohortViewSet(ModelViewSet):
    """Cohorts are managed in the admin; trainers work with them on /trainer/."""

    model = Cohort
    icon = "group"
    menu_label = _("Cohorts")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["name", "course", "starts_on", "location", "capacity", "is_open"]
    list_filter = ["is_open", "starts_on"]
    search_fields = ["name", "location"]
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_cohort_viewset():
    return CohortViewSet("cohorts")
