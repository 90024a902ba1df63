from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        from certificates import receivers  # noqa: PLC0415 (imports models)

        post_migrate.connect(receivers.make_development_keys, sender=self)
