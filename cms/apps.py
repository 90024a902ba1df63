from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Site")

    def ready(self):
        # Our REST API accepts JSON only (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]),
        # but wagtail-localize's translation editor saves each segment as form
        # data through two DRF views; give them DRF's usual parsers back, or
        # translators' work is refused (415) and silently lost.
        # See docs/decisions/0014-json-only-api-and-admin-form-views.md.
        from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
        from wagtail_localize.views import edit_translation

        from cms import receivers  # noqa: F401

        for view in (
            edit_translation.edit_string_translation,
            edit_translation.edit_override,
        ):
            view.cls.parser_classes = [JSONParser, FormParser, MultiPartParser]
