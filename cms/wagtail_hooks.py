"""Admin-wide additions: accessibility fixes for third-party widgets, the
background jobs report for superusers, and the certificate templates."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem
from wagtail.admin.ui.tables import Column, UpdatedAtColumn
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import CertificateTemplate
from cms.services import is_translation
from cms.views import background_jobs, translation_review


@hooks.register("insert_global_admin_js")
def accessibility_js():
    return format_html(
        '<script src="{}"></script>', static("js/admin-accessibility.js")
    )


@hooks.register("insert_global_admin_css")
def accessibility_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("css/admin-accessibility.css")
    )


@hooks.register("register_admin_urls")
def background_jobs_urls():
    return [
        path("jobs/", background_jobs, name="cms_background_jobs"),
        path(
            "translations/<int:page_id>/review/",
            translation_review,
            name="cms_translation_review",
        ),
    ]


def _review_button(page, user, priority):
    """ "Submit for review" on a translated page with a draft to review, for
    those who may edit it (wagtail-localize's editor has no such button)."""
    if (
        page.workflow_in_progress
        or (page.live and not page.has_unpublished_changes)
        or not page.permissions_for_user(user).can_edit()
        or page.get_workflow() is None
        or not is_translation(page)
    ):
        return []
    return [
        Button(
            _("Submit translation for review"),
            reverse("cms_translation_review", args=[page.pk]),
            icon_name="resubmit",
            priority=priority,
        )
    ]


@hooks.register("register_page_listing_more_buttons")
def translation_review_listing_button(page, user, next_url=None):
    return _review_button(page, user, priority=5)


@hooks.register("register_page_header_buttons")
def translation_review_header_button(page, user, view_name=None, next_url=None):
    return _review_button(page, user, priority=5)


@hooks.register("register_reports_menu_item")
def background_jobs_menu_item():
    return AdminOnlyMenuItem(
        _("Background jobs"),
        reverse("cms_background_jobs"),
        icon_name="time",
        order=900,
    )


class CertificateTemplateViewSet(SnippetViewSet):
    """Certificate designs that courses choose (issue 17). Editors manage them
    (cms/services.py grants the permissions); trainers only pick one on a
    course. The preview is a sample certificate in each interface language."""

    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = _("Certificate templates")
    menu_order = 300
    add_to_settings_menu = True
    list_display = [
        "name",
        Column("layout", label=_("Layout"), accessor="get_layout_display"),
        UpdatedAtColumn(),
    ]
    search_fields = ["name"]


register_snippet(CertificateTemplateViewSet)
