"""The certificate template snippet in the admin (issue 17): editors and
superusers create and edit templates, with clear errors; the preview is a
sample certificate in every interface language; trainers may only choose a
template on a course."""

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from cms.models import (
    WRONG_IMAGE_TYPE,
    CertificateTemplate,
    CertificateTemplateSignatory,
)
from tests.certificates.test_certificate_templates import pdf_text

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_cms_certificatetemplate:add"
EDIT = "wagtailsnippets_cms_certificatetemplate:edit"
LIST = "wagtailsnippets_cms_certificatetemplate:list"
PREVIEW_ADD = "wagtailsnippets_cms_certificatetemplate:preview_on_add"
PREVIEW_EDIT = "wagtailsnippets_cms_certificatetemplate:preview_on_edit"


def _image(name="sig.png"):
    return get_image_model().objects.create(
        title=name, file=get_test_image_file(filename=name, size=(40, 20))
    )


def form(signatories=1, titles=(), **fields):
    values = {
        "name": "Partner programmes",
        "layout": "modern",
        "primary_colour": "#0b3d2e",
        "accent_colour": "#8a4b08",
        "title": "Certificate of achievement",
        "logo": "",
        "partner_logo": "",
        "background_image": "",
        "titles": inline_formset(
            [{"language": lang, "text": text} for lang, text in titles]
        ),
        "signatories": inline_formset(
            [
                {"name": f"Signatory {n} Ελένη", "role": "Director", "signature": ""}
                for n in range(1, signatories + 1)
            ]
        ),
    }
    values.update(fields)
    return nested_form_data(values)


@pytest.fixture(params=["superuser", "editor"])
def manager(request):
    return request.getfixturevalue(request.param)


def test_editors_and_superusers_create_and_edit_templates(client, manager):
    client.force_login(manager)
    assert client.get(reverse(ADD)).status_code == 200
    response = client.post(
        reverse(ADD),
        form(signatories=5, titles=[("fr", "Certificat de réussite")]),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    template = CertificateTemplate.objects.get()
    assert template.layout == "modern"
    assert template.signatories.count() == 5
    assert template.title_in("fr") == "Certificat de réussite"
    assert template.title_in("el") == "Certificate of achievement"

    edit = reverse(EDIT, args=[template.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, form(signatories=2, layout="formal", name="New"))
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.name == "New" and template.layout == "formal"
    assert client.get(reverse(LIST)).status_code == 200


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"primary_colour": "blue"}, "primary_colour", "six hexadecimal digits"),
        ({"accent_colour": "#ffff66"}, "accent_colour", "This colour is too light"),
        ({"layout": "baroque"}, "layout", "Select a valid choice"),
    ],
)
def test_invalid_input_is_explained_and_nothing_is_saved(
    client, superuser, fields, field, message
):
    client.force_login(superuser)
    response = client.post(reverse(ADD), form(**fields))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert not CertificateTemplate.objects.exists()


def test_more_than_five_signatories_are_refused(client, superuser):
    client.force_login(superuser)
    response = client.post(reverse(ADD), form(signatories=6))
    assert response.status_code == 200
    errors = response.context["form"].formsets["signatories"].non_form_errors()
    assert "5" in str(errors)
    assert not CertificateTemplate.objects.exists()
    assert not CertificateTemplateSignatory.objects.exists()


def test_an_image_the_certificate_cannot_print_is_refused(client, superuser):
    client.force_login(superuser)
    svg = get_image_model().objects.create(
        title="logo", file=get_test_image_file(filename="logo.gif")
    )
    response = client.post(reverse(ADD), form(logo=svg.pk))
    assert response.status_code == 200
    assert str(WRONG_IMAGE_TYPE) in str(response.context["form"].errors["logo"])
    assert not CertificateTemplate.objects.exists()


def test_a_signature_the_certificate_cannot_print_is_refused(client, superuser):
    client.force_login(superuser)
    gif = _image("signature.gif")
    data = form(signatories=1)
    data["signatories-0-signature"] = gif.pk
    response = client.post(reverse(ADD), data)
    assert response.status_code == 200
    assert str(WRONG_IMAGE_TYPE) in response.content.decode()
    assert not CertificateTemplate.objects.exists()


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_preview_is_a_sample_certificate_in_every_language(
    client, superuser, language
):
    client.force_login(superuser)
    template = CertificateTemplate.objects.create(name="T", layout="formal")
    CertificateTemplateSignatory.objects.create(
        template=template, name="Жанна Петрова", role="Director"
    )
    url = reverse(PREVIEW_EDIT, args=[template.pk])
    data = form(signatories=1, titles=[(language, f"Title {language}")])
    data["signatories-0-signature"] = _image().pk
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.json()["is_valid"] is True
    response = client.get(url, {"mode": language})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    # the preview modes are named in their own language
    edit = client.get(reverse(EDIT, args=[template.pk])).content.decode()
    for name in ("English", "Français", "Ελληνικά"):
        assert name in edit


@pytest.mark.pdf
def test_the_real_preview_prints_the_sample_in_greek(client, superuser):
    client.force_login(superuser)
    url = reverse(PREVIEW_ADD)
    data = form(titles=[("el", "Πιστοποιητικό ολοκλήρωσης")], layout="classic")
    assert client.post(url, data).json()["is_valid"] is True
    response = client.get(url, {"mode": "el"})
    text = pdf_text(response.content)
    assert "Ελένη Παπαδοπούλου" in text  # the Greek sample holder
    assert "Πιστοποιητικό ολοκλήρωσης" in text
    assert "Signatory 1 Ελένη" in text


def test_an_invalid_form_has_no_preview_and_no_error(client, superuser):
    client.force_login(superuser)
    url = reverse(PREVIEW_ADD)
    response = client.post(url, form(primary_colour="nope"))
    assert response.status_code == 200
    assert response.json()["is_valid"] is False


def test_trainers_cannot_manage_templates(client, trainer):
    template = CertificateTemplate.objects.create(name="T")
    client.force_login(trainer)
    for url in (
        reverse(LIST),
        reverse(ADD),
        reverse(EDIT, args=[template.pk]),
        reverse(PREVIEW_EDIT, args=[template.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert response.status_code == 403 or response["Location"] == "/admin/"
    response = client.post(reverse(ADD), form(name="Mine"))
    assert response.status_code in (302, 403)
    assert CertificateTemplate.objects.filter(name="Mine").count() == 0
    assert reverse(LIST) not in client.get("/admin/").content.decode()


def test_trainers_choose_a_template_on_a_course(client, trainer, course_tree):
    CertificateTemplate.objects.create(name="Partner programmes")
    client.force_login(trainer)
    course = course_tree["course"]
    page = client.get(reverse("wagtailadmin_pages:edit", args=[course.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="certificate_template"' in html
    assert "Partner programmes" in html
