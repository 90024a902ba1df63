"""Certificate templates per course (issue 17, decision 0035): three layouts,
a course's choice, the design frozen in the snapshot, and the admin snippet
with a preview in every interface language."""

import copy
import io

import pytest
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file, get_test_image_file_jpeg
from wagtail.models import Site

from certificates.rendering import CertificateDocument, render_html, render_pdf
from certificates.selectors import (
    certificate_badge_design,
    certificate_design,
    certificate_document,
    course_badge_design,
)
from cms.models import (
    AcademySettings,
    CertificateLayout,
    CertificateTemplate,
    CertificateTemplateSignatory,
    CertificateTemplateTitle,
    Signatory,
)
from tests.certificates.test_pdf_layout import _overlaps, _pages
from tests.certificates.test_pdf_layout import _snapshot as longest

pytestmark = pytest.mark.django_db

LAYOUTS = [choice.value for choice in CertificateLayout]

# Holder, course, title line in each language's script; the most signatories a
# template allows (five), in Greek, Cyrillic and Latin with diacritics.
SAMPLES = {
    "fr": {
        "name": "Éloïse Lefèvre-Dąbrowska",
        "course": "Suivi participatif de la qualité de l'eau",
        "title": "Certificat de réussite",
    },
    "lt": {
        "name": "Šarūnė Žemaitytė-Kazlauskienė",
        "course": "Upių vandens kokybės stebėsena",
        "title": "Pažymėjimas apie baigtą kursą",
    },
    "el": {
        "name": "Ελένη Παπαδοπούλου",
        "course": "Παρακολούθηση της ποιότητας του νερού",
        "title": "Πιστοποιητικό ολοκλήρωσης",
    },
}
SIGNATORIES = [
    {"name": "Γεώργιος Νικολάου", "role": "Διευθυντής σπουδών"},
    {"name": "Жанна Петрова", "role": "Координатор"},
    {"name": "Jūratė Ąžuolaitė", "role": "Dekanė"},
    {"name": "Łucja Dvořáková", "role": "Partner coordinator"},
    {"name": "Ørjan Œuvray-Fågelström", "role": "Research lead"},
]


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(data)).pages
    )


def _snapshot(language: str, layout: str) -> dict:
    sample = SAMPLES[language]
    return {
        "name": sample["name"],
        "course": {"title": sample["course"], "url": ""},
        "competencies": [
            {"domain": "Fieldwork", "items": [{"code": "F1", "name": "Sample water"}]}
        ],
        "hours": "12",
        "cohort": "",
        "partner": "",
        "issued_on": "2026-10-01",
        "issued_on_display": "2026-10-01",
        "expires_on": "",
        "expires_on_display": "",
        "issuer": {"name": "Academy", "url": ""},
        "micro_credential": {
            "learning_outcomes": ["Take a water sample"],
            "ects": "0.5",
            "eqf_level_label": "EQF level 4",
            "assessment_type_label": "Quizzes",
            "supervision_label": "Unsupervised",
            "identity_checked": False,
            "participation_label": "Online",
            "awarding_body": "Academy",
            "quality_assurance": "",
        },
        "academy": {
            "name": "Academy",
            "primary_colour": "#1d4e89",
            "accent_colour": "#2e7d4f",
        },
        "signatories": SIGNATORIES,
        "design": {
            "template": {"id": 1, "name": "Test", "version": "abc"},
            "layout": layout,
            "primary_colour": "#6a1b4d",
            "accent_colour": "#00695c",
            "title": sample["title"],
            "signatories": [{**s, "signature": None} for s in SIGNATORIES],
        },
        "language": language,
    }


@pytest.mark.pdf
@pytest.mark.parametrize("language", list(SAMPLES))
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_prints_everything_in_every_script(layout, language):
    document = CertificateDocument(
        snapshot=_snapshot(language, layout),
        code_display="ABCD-EFGH",
        verify_url="https://academy.example.org/verify/ABCDEFGH/",
        language=language,
    )
    html = render_html(document)
    assert f'class="layout-{layout}"' in html
    assert "#6a1b4d" in html and "#1d4e89" not in html  # the template's colours
    pdf = render_pdf(document)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2  # the certificate and the micro-credential page
    text = pdf_text(pdf)
    joined = "".join(text.split())  # narrow columns break lines anywhere
    sample = SAMPLES[language]
    for expected in (sample["name"], sample["course"], sample["title"]):
        assert expected in text, expected
    for signatory in SIGNATORIES:
        for expected in (signatory["name"], signatory["role"]):
            assert "".join(expected.split()) in joined, expected


@pytest.mark.pdf
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_holds_the_longest_certificate(layout, tmp_path):
    """The limits of tests/certificates/test_pdf_layout.py, in each layout."""
    snapshot = longest("el")
    snapshot["design"] = {"layout": layout, "signatories": snapshot["signatories"]}
    document = CertificateDocument(
        snapshot=snapshot,
        code_display="ABCD-EFGH-JKMN-PQRS-TVWX-YZ01-23",
        verify_url="https://academy.example.org/verify/ABCDEFGHJKMNPQRSTVWXYZ0123/",
        language="el",
    )
    pages = _pages(render_pdf(document), tmp_path)
    assert 1 <= len(pages) <= 2
    for width, height, words in pages:
        assert _overlaps(words) == []
        for x0, y0, x1, y1, word in words:
            assert x0 >= 0 and y0 >= 0 and x1 <= width and y1 <= height, word


def _image(name="logo.png", jpeg=False):
    file = (
        get_test_image_file_jpeg(filename=name)
        if jpeg
        else get_test_image_file(filename=name, colour="red", size=(40, 20))
    )
    return get_image_model().objects.create(title=name, file=file)


@pytest.fixture
def academy(db):
    settings = AcademySettings.for_site(Site.objects.get(is_default_site=True))
    settings.academy_name = "Lowlands Academy"
    settings.primary_colour = "#7a1f5c"
    settings.save()
    Signatory.objects.create(settings=settings, name="Dr Jana Novák", role="Director")
    return settings


@pytest.fixture
def template(db):
    template = CertificateTemplate.objects.create(
        name="Partner programmes",
        layout=CertificateLayout.FORMAL,
        primary_colour="#0b3d2e",
        accent_colour="#8a4b08",
        title="Certificate of achievement",
        logo=_image("template-logo.png"),
        partner_logo=_image("partner.jpg", jpeg=True),
    )
    CertificateTemplateTitle.objects.create(
        template=template, language="fr", text="Certificat de réussite"
    )
    CertificateTemplateSignatory.objects.create(
        template=template,
        name="Ελένη Γεωργίου",
        role="Πρόεδρος",
        signature=_image("signature.png"),
    )
    return template


def _with_template(course, template):
    course.certificate_template = template
    course.save_revision().publish()


# -- a course's choice ------------
def test_a_course_with_a_template_issues_with_it(
    course_tree, template, academy, learner, complete_course
):
    _with_template(course_tree["course"], template)
    learner.profile.preferred_language = "fr"
    learner.profile.save()
    certificate = complete_course()
    design = certificate.snapshot["design"]
    assert design["layout"] == "formal"
    assert design["primary_colour"] == "#0b3d2e"
    assert design["title"] == "Certificat de réussite"  # the learner's language
    assert design["template"]["id"] == template.pk
    assert design["template"]["name"] == "Partner programmes"
    assert len(design["template"]["version"]) == 12
    assert [s["name"] for s in design["signatories"]] == ["Ελένη Γεωργίου"]
    assert certificate.snapshot["signatories"] == [
        {"name": "Ελένη Γεωργίου", "role": "Πρόεδρος"}
    ]
    assert design["logo"]["mime"] == "image/png"
    assert design["partner_logo"]["mime"] == "image/jpeg"
    html = render_html(certificate_document(certificate=certificate))
    assert 'class="layout-formal"' in html and "#0b3d2e" in html
    assert "Certificat de réussite" in html and "Dr Jana Novák" not in html
    assert html.count("data:image/png;base64,") == 2  # logo and signature
    assert html.count("data:image/jpeg;base64,") == 1  # partner logo


def test_the_title_falls_back_to_the_default_wording(
    course_tree, template, academy, learner, complete_course
):
    _with_template(course_tree["course"], template)
    learner.profile.preferred_language = "el"
    learner.profile.save()
    certificate = complete_course()
    assert certificate.snapshot["design"]["title"] == "Certificate of achievement"


def test_a_template_without_signatories_or_logo_prints_the_academys(
    course_tree, academy, complete_course
):
    academy.logo = _image("academy.png")
    academy.save()
    bare = CertificateTemplate.objects.create(name="Bare", layout="modern")
    _with_template(course_tree["course"], bare)
    design = complete_course().snapshot["design"]
    assert design["layout"] == "modern"
    assert [s["name"] for s in design["signatories"]] == ["Dr Jana Novák"]
    assert design["logo"] is not None and design["partner_logo"] is None


def test_a_course_without_a_template_has_the_academy_design(
    course_tree, academy, complete_course
):
    certificate = complete_course()
    design = certificate.snapshot["design"]
    assert design["template"] is None
    assert design["layout"] == "classic"
    assert design["primary_colour"] == "#7a1f5c"
    assert [s["name"] for s in design["signatories"]] == ["Dr Jana Novák"]
    html = render_html(certificate_document(certificate=certificate))
    assert 'class="layout-classic"' in html and "#7a1f5c" in html
    assert ">Certificate</h1>" in html


def test_a_snapshot_from_before_templates_renders_as_before(
    course_tree, academy, complete_course
):
    certificate = complete_course()
    snapshot = dict(certificate.snapshot)
    del snapshot["design"]
    certificate.snapshot = snapshot
    certificate.save()
    html = render_html(certificate_document(certificate=certificate))
    assert 'class="layout-classic"' in html and "#7a1f5c" in html
    assert "Dr Jana Novák" in html


# -- issued certificates never change ------------
def test_editing_or_deleting_the_template_changes_no_issued_certificate(
    course_tree, template, academy, complete_course
):
    _with_template(course_tree["course"], template)
    certificate = complete_course()
    snapshot = copy.deepcopy(certificate.snapshot)
    html = render_html(certificate_document(certificate=certificate))

    template.layout = CertificateLayout.MODERN
    template.primary_colour = "#000000"
    template.title = "Something else"
    template.save()
    template.signatories.update(name="Somebody else")
    template.logo.file = get_test_image_file(colour="blue", size=(60, 30))
    template.logo.save()
    certificate.refresh_from_db()
    assert certificate.snapshot == snapshot
    assert render_html(certificate_document(certificate=certificate)) == html

    images = [template.logo, template.partner_logo]
    images += [s.signature for s in template.signatories.all()]
    template.delete()
    for image in images:
        image.delete()  # also removes the files
    certificate.refresh_from_db()
    assert certificate.snapshot == snapshot
    assert render_html(certificate_document(certificate=certificate)) == html
    course_tree["course"].refresh_from_db()
    assert course_tree["course"].certificate_template is None


@pytest.mark.pdf
def test_a_re_render_after_editing_the_template_prints_the_same(
    course_tree, template, academy, complete_course
):
    _with_template(course_tree["course"], template)
    certificate = complete_course()
    before = pdf_text(render_pdf(certificate_document(certificate=certificate)))
    template.title = "Another title"
    template.layout = CertificateLayout.CLASSIC
    template.save()
    template.delete()
    after = pdf_text(render_pdf(certificate_document(certificate=certificate)))
    assert after == before
    assert "Certificate of achievement" in after and "Ελένη Γεωργίου" in after


def test_the_version_changes_with_the_content(course_tree, template, academy):
    first, _blobs = certificate_design(template=template, language="en")
    same, _blobs = certificate_design(template=template, language="fr")
    template.accent_colour = "#1a1a1a"
    template.save()
    changed, _blobs = certificate_design(template=template, language="en")
    assert first["template"]["version"] == same["template"]["version"]
    assert changed["template"]["version"] != first["template"]["version"]


# -- the register shows the design ------------
def test_the_register_shows_the_template_and_version(
    client, superuser, course_tree, template, academy, complete_course
):
    _with_template(course_tree["course"], template)
    certificate = complete_course()
    client.force_login(superuser)
    page = client.get(f"/admin/certificates/inspect/{certificate.pk}/")
    version = certificate.snapshot["design"]["template"]["version"]
    assert page.status_code == 200
    assert f"Partner programmes (version {version})" in page.content.decode()


def test_badges_take_the_colours_of_the_certificates_design(
    course_tree, template, academy, complete_course
):
    _with_template(course_tree["course"], template)
    certificate = complete_course()
    issued = certificate_badge_design(certificate)
    assert (issued.primary, issued.accent) == ("#0b3d2e", "#8a4b08")
    course = course_badge_design(key=course_tree["course"].translation_key)
    assert (course.primary, course.accent) == ("#0b3d2e", "#8a4b08")
    template.primary_colour = "#123456"
    template.save()
    assert certificate_badge_design(certificate).primary == "#0b3d2e"  # as issued
