"""allauth's e-mails speak as the academy (its name is a site setting) and link
to its public address. Configured by ``ACCOUNT_ADAPTER``."""

from types import SimpleNamespace
from urllib.parse import quote, urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse
from wagtail.models import Site

from cms.models import AcademySettings


def public_url(path: str) -> str:
    return settings.ACADEMY_PUBLIC_BASE_URL.rstrip("/") + path


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Name the academy, not the server ("Hello from 127.0.0.1:8000!")."""
        site = Site.objects.filter(is_default_site=True).first()
        name = AcademySettings.for_site(site).academy_name if site else ""
        context = {
            "current_site": SimpleNamespace(
                name=name or settings.WAGTAIL_SITE_NAME,
                domain=urlsplit(settings.ACADEMY_PUBLIC_BASE_URL).netloc,
            ),
            **context,
        }
        super().send_mail(template_prefix, email, context)

    def get_email_confirmation_url(self, request, emailconfirmation):
        return public_url(
            reverse("account_confirm_email", args=[emailconfirmation.key])
        )

    def get_reset_password_from_key_url(self, key):
        path = reverse(
            "account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"}
        )
        return public_url(path.replace("UID-KEY", quote(key)))
