"""Admin-wide additions: accessibility fixes for third-party widgets."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


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
