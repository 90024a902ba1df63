"""Sharing a certificate: LinkedIn's "Add to profile" address and the link
preview (Open Graph) of its verification page.

LinkedIn documents a plain address for adding a certification to a member's
profile (no API key, no call from us): the member opens it signed in to
LinkedIn and confirms. Its parameters: ``startTask=CERTIFICATION_NAME``,
``name``, ``organizationId`` (the issuer's LinkedIn page) or
``organizationName``, ``issueYear``/``issueMonth``,
``expirationYear``/``expirationMonth``, ``certUrl`` and ``certId``.
"""

from urllib.parse import urlencode

from django.utils.translation import gettext as _

from certificates.models import Certificate, CertificateStatus
from certificates.selectors import verify_url

LINKEDIN_ADD_URL = "https://www.linkedin.com/profile/add"


def linkedin_add_url(certificate: Certificate, *, organization_id: str = "") -> str:
    """The address that adds ``certificate`` to its holder's LinkedIn profile:
    the course as the certification's name, the issuer, the dates, the code and
    the public verification page."""
    snapshot = certificate.snapshot
    issued = certificate.issued_at
    params = {
        "startTask": "CERTIFICATION_NAME",
        "name": snapshot["course"]["title"],
    }
    if organization_id:
        params["organizationId"] = organization_id
    else:
        params["organizationName"] = snapshot["issuer"]["name"]
    params.update(issueYear=issued.year, issueMonth=issued.month)
    if certificate.expires_on:
        params.update(
            expirationYear=certificate.expires_on.year,
            expirationMonth=certificate.expires_on.month,
        )
    params.update(certUrl=verify_url(certificate.code), certId=certificate.display_code)
    return f"{LINKEDIN_ADD_URL}?{urlencode(params)}"


def link_preview(result) -> dict | None:
    """Open Graph title and description of a verification page: what it says
    about the certificate, with the holder's name only if they made it public;
    None for an unknown or withdrawn code (nothing to preview)."""
    if not result.found or result.status == CertificateStatus.WITHDRAWN:
        return None
    certificate = result.certificate
    snapshot = certificate.snapshot
    course = snapshot["course"]["title"]
    if result.name:
        title = _("%(name)s: %(course)s") % {"name": result.name, "course": course}
    else:
        title = _("Certificate: %(course)s") % {"course": course}
    status = {
        CertificateStatus.VALID: _("Valid certificate"),
        CertificateStatus.EXPIRED: _("Expired certificate"),
        CertificateStatus.REVOKED: _("Revoked certificate"),
    }.get(result.status, "")
    description = _("%(status)s issued by %(issuer)s. Check it here.") % {
        "status": status,
        "issuer": snapshot["issuer"]["name"],
    }
    return {
        "title": title,
        "description": description,
        "url": verify_url(certificate.code),
    }
