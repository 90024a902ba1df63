"""Issuance, the sealed PDF with its QR code, verification, revocation, erasure."""

import hashlib
import io
import subprocess

import pytest
import zxingcpp
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from accounts.services import account_erasure_request
from certificates import codes
from certificates.models import Certificate, CertificateEvent
from certificates.rendering import render_html
from certificates.sealing import check_seal
from certificates.selectors import badge_alignments, certificate_document, verify_url
from certificates.services import (
    NOT_ELIGIBLE,
    REVOKE_REASON_REQUIRED,
    certificate_issue,
    certificate_reissue,
    certificate_render,
    certificate_revoke,
    cohort_issue_eligible,
)
from cms.models import AcademySettings
from courses.models import CourseCompletion
from courses.models.pages import ModuleCompetency
from courses.services import enrolment_create
from tests.cms.factories import SignatoryFactory
from tests.courses.factories import CompetencyFactory, make_cohort, make_user

pytestmark = pytest.mark.django_db


def pdf_bytes(certificate) -> bytes:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# -- codes ------------
def test_codes_carry_128_random_bits_and_forgive_typing():
    many = {codes.new_code() for _ in range(500)}
    assert len(many) == 500
    code = next(iter(many))
    assert len(code) == 26 and codes.is_well_formed(code)
    typed = " ".join(codes.display(code).lower().split("-"))
    assert codes.normalise(typed) == code
    assert codes.normalise("o1l-i") == "0111"


# -- issuance ------------
@pytest.mark.pdf
def test_completing_the_course_issues_one_certificate_with_its_pdf(
    complete_course, learner, course_tree
):
    certificate = complete_course()
    assert Certificate.objects.count() == 1
    snapshot = certificate.snapshot
    assert snapshot["name"] == "Amina Haddad"
    assert snapshot["course"]["title"] == "River watch"
    assert snapshot["competencies"][0]["items"][0]["code"] == "FW-T"
    assert snapshot["hours"] == "10"
    assert snapshot["cohort"] == "Autumn"
    data = pdf_bytes(certificate)
    assert data.startswith(b"%PDF-")

    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    text = pdf_text(data)
    assert "Amina Haddad" in text and "River watch" in text
    assert codes.display(certificate.code) in text.replace("\n", "")
    # Issuing again is idempotent.
    assert (
        certificate_issue(learner=learner, course=course_tree["course"]).pk
        == certificate.pk
    )


@pytest.mark.pdf
@pytest.mark.parametrize(
    "name",
    [
        "Ελένη Παπαδοπούλου",
        "Жанна Ковальчук",
        "Šarūnas Žemaitis-Jankauskienė",
        "Zoë Ðorđević",
    ],
)
def test_names_in_every_script_are_printed_exactly(complete_course, learner, name):
    learner.profile.printed_name = name
    learner.profile.save()
    text = pdf_text(pdf_bytes(complete_course()))
    assert name in text


@pytest.mark.pdf
def test_qr_code_in_the_pdf_opens_the_verification_page(complete_course, tmp_path):
    certificate = complete_course()
    pdf_path = tmp_path / "certificate.pdf"
    pdf_path.write_bytes(pdf_bytes(certificate))
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "150",
            "-singlefile",
            str(pdf_path),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    results = zxingcpp.read_barcodes(Image.open(tmp_path / "page.png"))
    assert [r.text for r in results] == [verify_url(certificate.code)]


@pytest.mark.pdf
def test_pdf_is_tagged_and_sealed(complete_course):
    data = pdf_bytes(complete_course())
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    # PDF/UA-1: tagged, marked, with a language and a title shown to readers.
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "en"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == "Certificate: River watch"
    assert b"pdfuaid:part" in reader.xmp_metadata.stream.get_data()
    assert check_seal(data).ok


@pytest.mark.pdf
def test_pdf_text_extracts_in_reading_order(complete_course, tmp_path):
    """The text comes out in reading order: who, what, when, how to check it (the
    box beside them), what was shown. ``pdftotext -raw`` keeps the content
    order, the order the tags give screen readers."""
    certificate = complete_course()
    (tmp_path / "c.pdf").write_bytes(pdf_bytes(certificate))
    text = subprocess.run(
        ["pdftotext", "-raw", str(tmp_path / "c.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    expected = [
        "Certificate",
        "This certifies that",
        "Amina Haddad",
        "has successfully completed",
        "River watch",
        "Issued",
        "Check this certificate at",
        "/verify/",
        "Certificate code",
        codes.display(certificate.code),
        "Competencies demonstrated",
        "FW-T",
    ]
    positions = [text.find(item) for item in expected]
    assert -1 not in positions, (dict(zip(expected, positions, strict=True)), text)
    assert positions == sorted(positions), dict(zip(expected, positions, strict=True))
    assert verify_url(certificate.code) in text.replace("\n", "")


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("language", "heading", "issued"),
    [
        ("fr", "Certificat", "Délivré"),
        ("lt", "Pažymėjimas", "Išduotas"),
        ("el", "Πιστοποιητικό", "Εκδόθηκε"),
    ],
)
def test_certificates_render_in_the_learners_language(
    complete_course, learner, language, heading, issued
):
    learner.profile.preferred_language = language
    learner.profile.save()
    data = pdf_bytes(complete_course())
    text = pdf_text(data)
    assert heading in text and issued in text
    assert "This certifies that" not in text
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == language


@pytest.mark.pdf
def test_rendering_twice_keeps_one_pdf(complete_course):
    certificate = complete_course()
    first = pdf_bytes(certificate)
    certificate_render(certificate_id=certificate.pk)
    certificate_render(certificate_id=certificate.pk)
    assert pdf_bytes(certificate) == first
    assert certificate.events.filter(kind=CertificateEvent.Kind.RENDERED).count() == 1


@pytest.mark.pdf
def test_a_damaged_stored_pdf_is_rendered_again(complete_course):
    certificate = complete_course()
    storage = certificate.pdf.storage
    with storage.open(certificate.pdf.name, "wb") as handle:
        handle.write(b"%PDF-1.7 half written")
    certificate_render(certificate_id=certificate.pk)
    data = pdf_bytes(certificate)

    assert hashlib.sha256(data).hexdigest() == certificate.pdf_sha256
    assert data.startswith(b"%PDF-") and len(data) > 1000


def test_trainer_override_needs_a_reason(course_tree, learner, enrolled, trainer):
    course = course_tree["course"]
    with pytest.raises(ValidationError) as excinfo:
        certificate_issue(learner=learner, course=course, by=trainer)
    assert excinfo.value.message_dict["reason"] == [str(NOT_ELIGIBLE)]
    assert not Certificate.objects.exists()
    certificate = certificate_issue(
        learner=learner, course=course, by=trainer, reason="Assessed in person"
    )
    assert certificate.override_reason == "Assessed in person"
    assert certificate.issued_by == trainer


def test_an_override_names_the_competencies_the_course_develops(
    client, course_tree, learner, enrolled, trainer
):
    """Issued by override with nothing demonstrated yet, the certificate names
    the course's competencies instead of "See the course description"."""
    course = course_tree["course"]
    # A competency only linked to a module (no quiz or activity evidences it).
    mapping = CompetencyFactory(code="MAP-1", name="Read a site map")
    module = course_tree["modules"][0]
    ModuleCompetency.objects.create(
        page=module, competency=mapping, locale=module.locale
    )
    certificate = certificate_issue(
        learner=learner, course=course, by=trainer, reason="Assessed in person"
    )
    items = {
        (item["code"], item["name"])
        for group in certificate.snapshot["competencies"]
        for item in group["items"]
    }
    assert items == {("FW-T", "Photograph a site"), ("MAP-1", "Read a site map")}
    html = render_html(certificate_document(certificate=certificate))
    assert "Photograph a site" in html and "Read a site map" in html
    assert "See the course description" not in html
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "Photograph a site" in page and "Read a site map" in page
    assert "None listed." not in page
    assert {a["targetCode"] for a in badge_alignments(certificate)} == {
        "FW-T",
        "MAP-1",
    }


def test_other_trainers_cannot_issue(client, course_tree, learner, enrolled, cohort):
    stranger = make_user("stranger")
    make_cohort(course_tree["course"], trainers=[stranger])
    client.force_login(stranger)
    url = f"/trainer/cohorts/{cohort.code}/learners/{learner.pk}/certificate/"
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert not Certificate.objects.exists()


def test_bulk_issue_only_to_eligible_learners(
    complete_course, course_tree, cohort, trainer, other_learner
):
    enrolment_create(cohort=cohort, learner=other_learner)
    complete_course()  # amina is eligible (and already has hers)
    Certificate.objects.all().delete()
    summary = cohort_issue_eligible(cohort=cohort, by=trainer)
    assert summary == {
        "issued": 1,
        "already": 0,
        "revoked": 0,
        "not_eligible": 1,
        "failed": 0,
    }
    again = cohort_issue_eligible(cohort=cohort, by=trainer)
    assert again["already"] == 1 and again["issued"] == 0


def test_courses_can_leave_issuing_to_trainers(
    complete_course, course_tree, cohort, trainer, learner
):
    course = course_tree["course"]
    course.certificate_auto_issue = False
    course.save_revision().publish()
    with pytest.raises(Certificate.DoesNotExist):
        complete_course()
    assert CourseCompletion.objects.filter(learner=learner, course=course).exists()
    summary = cohort_issue_eligible(cohort=cohort, by=trainer)
    assert summary == {
        "issued": 1,
        "already": 0,
        "revoked": 0,
        "not_eligible": 0,
        "failed": 0,
    }
    assert Certificate.objects.get(learner=learner, course=course).status == "valid"


# -- verification ------------
def test_valid_certificate_page_shows_the_claims_and_no_personal_data(
    client, complete_course, learner
):
    certificate = complete_course()
    response = client.get(f"/verify/{certificate.code}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Valid" in content and "River watch" in content and "FW-T" in content
    assert "Amina Haddad" not in content  # private by default
    for secret in (learner.email, learner.username, f"/{learner.pk}/"):
        assert secret not in content
    learner.profile.name_public = True
    learner.profile.save()
    assert "Amina Haddad" in client.get(f"/verify/{certificate.code}/").content.decode()


def test_typed_code_with_spaces_and_lower_case_finds_the_certificate(
    client, complete_course
):
    certificate = complete_course()
    typed = " ".join(codes.display(certificate.code).lower().split("-"))
    response = client.get("/verify/", {"code": typed}, follow=True)
    assert response.redirect_chain[-1][0] == f"/verify/{certificate.code}/"
    assert "Valid" in response.content.decode()


def test_unknown_code(client):
    response = client.get("/verify/ABCD-EFGH/")
    assert response.status_code == 404
    assert "Unknown code" in response.content.decode()


def test_expired_revoked_and_withdrawn(client, complete_course, learner, trainer):
    certificate = complete_course()
    url = f"/verify/{certificate.code}/"
    certificate.expires_on = timezone.localdate().replace(year=2020)
    certificate.save()
    assert "Expired" in client.get(url).content.decode()
    certificate.expires_on = None
    certificate.save()
    with pytest.raises(ValidationError) as excinfo:
        certificate_revoke(certificate=certificate, by=trainer, reason=" ")
    assert excinfo.value.message_dict["reason"] == [str(REVOKE_REASON_REQUIRED)]
    certificate_revoke(
        certificate=certificate, by=trainer, reason="Evidence was plagiarised"
    )
    content = client.get(url).content.decode()
    assert "Revoked" in content and "Evidence was plagiarised" in content
    new = certificate_reissue(certificate=certificate, by=trainer)
    assert new.code != certificate.code and new.replaces == certificate
    assert "Valid" in client.get(f"/verify/{new.code}/").content.decode()
    kinds = list(certificate.events.values_list("kind", flat=True))
    assert kinds[0] == "issued" and "revoked" in kinds
    # Erasure: the certificate says withdrawn, never a server error.
    account_erasure_request(user=learner)
    for code in (certificate.code, new.code):
        response = client.get(f"/verify/{code}/")
        assert response.status_code == 200
        assert "Withdrawn" in response.content.decode()
        assert "Amina" not in response.content.decode()
    assert not Certificate.objects.filter(snapshot__name="Amina Haddad").exists()


@pytest.mark.pdf
def test_check_pdf_upload(client, complete_course):
    certificate = complete_course()
    data = pdf_bytes(certificate)
    ok = client.post("/verify/check/", {"pdf": SimpleUploadedFile("c.pdf", data)})
    assert "This is the file the academy issued" in ok.content.decode()
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0x01
    bad = client.post(
        "/verify/check/", {"pdf": SimpleUploadedFile("c.pdf", bytes(flipped))}
    )
    assert "Altered" in bad.content.decode()
    not_pdf = client.post(
        "/verify/check/", {"pdf": SimpleUploadedFile("c.pdf", b"hello")}
    )
    assert not_pdf.status_code == 400
    assert "“c.pdf” is not a PDF file." in not_pdf.content.decode()


@pytest.mark.pdf
def test_several_pdfs_are_checked_at_once(client, complete_course):
    certificate = complete_course()
    data = pdf_bytes(certificate)
    flipped = bytearray(data)
    flipped[len(flipped) // 2] ^= 0x01
    response = client.post(
        "/verify/check/",
        {
            "pdf": [
                SimpleUploadedFile("genuine.pdf", data),
                SimpleUploadedFile("edited.pdf", bytes(flipped)),
            ]
        },
    )
    page = response.content.decode()
    genuine, edited = page.split("genuine.pdf", 1)[1].split("edited.pdf", 1)
    assert "This is the file the academy issued" in genuine
    assert "Altered" in edited and "This is the file the academy issued" not in edited
    mixed = client.post(
        "/verify/check/",
        {
            "pdf": [
                SimpleUploadedFile("genuine.pdf", data),
                SimpleUploadedFile("notes.txt", b"hello"),
            ]
        },
    )
    assert mixed.status_code == 400
    assert "“notes.txt” is not a PDF file." in mixed.content.decode()
    too_many = client.post(
        "/verify/check/",
        {"pdf": [SimpleUploadedFile(f"c{n}.pdf", data) for n in range(21)]},
    )
    assert too_many.status_code == 400
    assert "Check at most 20 files at a time; you chose 21." in (
        too_many.content.decode()
    )


def test_the_check_address_sends_a_get_back_to_the_form(client, db):
    """The language switcher on a result page links to the same address."""
    response = client.get("/fr/verify/check/")
    assert response.status_code == 302 and response["Location"] == "/fr/verify/"


def test_api_gives_the_same_facts(client, complete_course, learner):
    certificate = complete_course()
    data = client.get(f"/api/v1/verify/{certificate.code.lower()}").json()
    assert data["status"] == "valid"
    assert data["course"] == "River watch"
    assert data["name"] is None
    assert data["competencies"][0]["items"][0]["code"] == "FW-T"
    assert "email" not in str(data)
    missing = client.get("/api/v1/verify/nothing")
    assert missing.status_code == 404 and missing.json()["status"] == "unknown"


def test_verification_is_rate_limited(client, settings):
    cache.clear()
    settings.ACADEMY_VERIFY_RATE_PER_MINUTE = 3
    for _ in range(3):
        assert client.get("/verify/ABC/").status_code == 404
    response = client.get("/verify/ABC/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please wait" in response.content.decode()


# -- learner and trainer pages ------------
def test_learner_dashboard_lists_certificates_and_download(
    client, complete_course, learner
):
    certificate = complete_course()
    client.force_login(learner)
    content = client.get("/learn/").content.decode()
    assert codes.display(certificate.code) in content
    assert verify_url(certificate.code) in content
    response = client.get(f"/certificates/{certificate.code}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    client.post("/account/name-visibility/", {"name_public": "on"})
    learner.profile.refresh_from_db()
    assert learner.profile.name_public


def test_only_the_learner_and_their_trainers_download_the_pdf(
    client, complete_course, other_learner
):
    certificate = complete_course()
    client.force_login(other_learner)
    assert client.get(f"/certificates/{certificate.code}/pdf/").status_code == 404


def test_trainer_certificates_page(client, complete_course, cohort, trainer):
    certificate = complete_course()
    client.force_login(trainer)
    content = client.get(
        f"/trainer/cohorts/{cohort.code}/certificates/"
    ).content.decode()
    assert codes.display(certificate.code) in content
    response = client.post(f"/certificates/{certificate.code}/revoke/", {"reason": ""})
    assert "This field is required." in response.content.decode()
    response = client.post(
        f"/certificates/{certificate.code}/revoke/", {"reason": "Mistake"}, follow=True
    )
    assert (
        response.redirect_chain[-1][0]
        == f"/trainer/cohorts/{cohort.code}/certificates/"
    )
    assert "Mistake" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "Mistake"


def test_bulk_issue_from_the_page_reports_progress_and_summary(
    client, complete_course, cohort, trainer, django_capture_on_commit_callbacks
):
    complete_course()
    Certificate.objects.all().delete()
    client.force_login(trainer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/trainer/cohorts/{cohort.code}/certificates/issue/", follow=True
        )
    content = response.content.decode()
    assert "Finished." in content
    assert "1 certificate issued" in content
    assert Certificate.objects.count() == 1
    assert (
        client.get(
            f"/trainer/cohorts/{cohort.code}/certificates/jobs/unknown/"
        ).status_code
        == 404
    )
    # The job is the cohort's: another cohort's address does not show it, even
    # to someone who manages both.
    job_url = response.redirect_chain[-1][0]
    other = make_cohort(cohort.course, trainers=[trainer], name="Spring")
    assert client.get(job_url).status_code == 200
    elsewhere = job_url.replace(f"/cohorts/{cohort.code}/", f"/cohorts/{other.code}/")
    assert client.get(elsewhere).status_code == 404


def test_branding_comes_from_site_settings(complete_course):
    academy = AcademySettings.for_site(Site.objects.get(is_default_site=True))
    academy.academy_name = "Lowlands Academy"
    academy.primary_colour = "#7a1f5c"
    academy.logo = get_image_model().objects.create(
        title="logo", file=get_test_image_file()
    )
    academy.save()
    SignatoryFactory(
        settings=academy,
        name="Dr Jana Novák",
        role="Director",
        signature=get_image_model().objects.create(
            title="sig", file=get_test_image_file()
        ),
    )
    certificate = complete_course()
    html = render_html(certificate_document(certificate=certificate))
    assert "Lowlands Academy" in html and "#7a1f5c" in html
    assert "Dr Jana Novák" in html and "Signature of Dr Jana Novák" in html
    assert html.count("data:image/png;base64,") >= 2  # logo and signature
