from django.apps import AppConfig
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from cms.templatetags.academy_csp import current_nonce


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        # Our REST API accepts JSON only (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]),
        # but wagtail-localize's translation editor saves each segment as form
        # data through two DRF views; give them DRF's usual parsers back, or
        # translators' work is refused (415) and silently lost.
        # See docs/decisions/0014-json-only-api-and-admin-form-views.md.
        from wagtail_localize.views import (  # noqa: PLC0415 (imports models)
            edit_translation,
        )

        from cms import receivers  # noqa: F401, PLC0415 (imports models)

        for view in (
            edit_translation.edit_string_translation,
            edit_translation.edit_override,
        ):
            view.cls.parser_classes = [JSONParser, FormParser, MultiPartParser]

        _chooser_scripts_carry_the_csp_nonce()


def _chooser_scripts_carry_the_csp_nonce():
    """Wagtail's chooser widgets (page, image, document, snippet, task) write
    their start-up code as an inline ``<script>`` from Python, where no template
    can add the Content-Security-Policy nonce; add it here (decision 0022).
    Templates with inline scripts are overridden in templates/ instead."""
    from wagtail.admin.widgets.chooser import (  # noqa: PLC0415 (imports models)
        BaseChooser,
    )

    if getattr(BaseChooser.render, "carries_csp_nonce", False):
        return
    original = BaseChooser.render

    def render(self, name, value, attrs=None, renderer=None):
        html = original(self, name, value, attrs=attrs, renderer=renderer)
        nonce = current_nonce.get()
        if nonce is None:  # lazy: a nonce not yet used is falsy
            return html
        opening = format_html('<script nonce="{}">', str(nonce))
        return mark_safe(html.replace("<script>", opening))  # noqa: S308

    render.carries_csp_nonce = True
    BaseChooser.render = render
