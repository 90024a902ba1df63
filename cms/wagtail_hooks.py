"""Admin-wide additions: accessibility fixes for third-party widgets, and the
background jobs report for superusers."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import AdminOnlyMenuItem

from cms.views import background_jobs


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
    return [path("jobs/", background_jobs, name="cms_background_jobs")]


@hooks.register("register_reports_menu_item")
def background_jobs_menu_item():
    return AdminOnlyMenuItem(
        _("Background jobs"),
        reverse("cms_background_jobs"),
        icon_name="time",
        order=900,
    )
