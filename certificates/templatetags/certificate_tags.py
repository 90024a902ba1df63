from django import template

from certificates.selectors import learner_certificates, verify_url
from certificates.selectors.record import snapshot_number
from certificates.selectors.report import number
from certificates.sharing import linkedin_add_url
from cms.models import AcademySettings

register = template.Library()


@register.simple_tag(takes_context=True)
def my_certificates(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    certificates = learner_certificates(learner=request.user)
    organization_id = (
        AcademySettings.for_request(request).linkedin_organization_id
        if certificates
        else ""
    )
    for certificate in certificates:
        certificate.share_url = verify_url(certificate.code)
        certificate.linkedin_url = linkedin_add_url(
            certificate, organization_id=organization_id
        )
    return certificates


@register.filter
def report_number(value):
    """A figure of the academy report as its table shows it."""
    return number(value)


@register.filter
def written_number(text):
    """Hours or credits from a certificate's snapshot, written the reader's way
    (0,5 in French and Greek); the text as it is if it is not a number."""
    value = snapshot_number(text)
    return text if value is None else value
