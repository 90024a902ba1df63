"""European micro-credential elements (Council Recommendation 2022/C 243/02) on
every certificate: frozen in the snapshot, printed on the PDF, shown on the
verify page, in the JSON and in the signed Open Badges credential (decision 0032).
"""

import copy
import dataclasses
import io
import json
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import serialization
from openbadgeslib.ob3.ldp import OB3VerificationError, verify_data_integrity_proof
from pypdf import PdfReader
from wagtail.models import Site

from certificates import openbadges
from certificates.models import Certificate
from certificates.rendering import render_html, render_pdf
from certificates.selectors import certificate_document, verification_facts, verify
from certificates.services import certificate_issue
from cms.models import AcademySettings

pytestmark = pytest.mark.django_db

OUTCOMES = [
    "Place and retrieve diffusion tubes following the study protocol",
    "Record a site's position and conditions for a shared data set",
]


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    """Text with every run of white space as one space (PDF lines wrap)."""
    return " ".join(text.split())


def set_elements(course, **overrides):
    values = {
        "learning_outcomes": [("outcome", text) for text in OUTCOMES],
        "ects_credits": Decimal("0.5"),
        "eqf_level": "4",
        "assessment_type": "quizzes_and_practical",
        "assessment_description": "Two quizzes and a field report",
        "delivery_mode": "blended",
        "assessment_supervision": "supervised_on_site",
        "assessment_identity_checked": True,
        "quality_assurance": "Reviewed by the Lifelong Learning Board",
        "quality_assurance_url": "https://university.example/quality",
        "awarding_body": "",
        "awarding_body_country": "",
        "prerequisites": "A smartphone with a camera",
        "stackability": "Counts towards the Certificate in Environmental Monitoring",
    }
    values.update(overrides)
    for name, value in values.items():
        setattr(course, name, value)
    course.save_revision().publish()
    return course


@pytest.fixture
def academy(db):
    settings = AcademySettings.for_site(Site.objects.get(is_default_site=True))
    settings.issuer_name = "Open University of the Lowlands"
    settings.issuer_country = "NL"
    settings.save()
    return settings


@pytest.fixture
def micro_course(course_tree, academy):
    return set_elements(course_tree["course"])


def _pdf(certificate) -> bytes:
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def _pem(public_key) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


# -- snapshot ------------
def test_the_snapshot_keeps_every_element(micro_course, complete_course):
    elements = complete_course().snapshot["micro_credential"]
    assert elements["learning_outcomes"] == OUTCOMES
    assert elements["ects"] == "0.5"
    assert elements["eqf_level"] == "4"
    assert elements["eqf_level_label"] == "EQF level 4"
    assert elements["assessment_type"] == "quizzes_and_practical"
    assert elements["participation"] == "blended"
    assert elements["supervision"] == "supervised_on_site"
    assert elements["identity_checked"] is True
    assert elements["grade"] == "100"  # the best score of the one required quiz
    assert elements["awarding_body"] == "Open University of the Lowlands"
    assert elements["awarding_body_country"] == "NL"
    assert elements["awarding_body_country_label"] == "Netherlands"


def test_editing_the_course_after_issue_changes_no_issued_certificate(
    micro_course, complete_course, client
):
    certificate = complete_course()
    before = copy.deepcopy(certificate.snapshot)
    pdf_before = _pdf(certificate)
    badge_before = copy.deepcopy(certificate.open_badge)
    set_elements(
        micro_course,
        learning_outcomes=[("outcome", "Something else entirely")],
        ects_credits=Decimal("0.1"),
        eqf_level="none",
        quality_assurance="Nobody",
        awarding_body="Another body",
    )
    certificate.refresh_from_db()
    assert certificate.snapshot == before
    assert _pdf(certificate) == pdf_before
    assert certificate.open_badge == badge_before
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert OUTCOMES[0] in page and "Something else entirely" not in page
    assert "Lifelong Learning Board" in page and "Nobody" not in page


# -- the PDF ------------
@pytest.mark.pdf
def test_the_pdf_prints_every_element(micro_course, complete_course):
    text = flat(pdf_text(_pdf(complete_course())))
    for outcome in OUTCOMES:
        assert outcome in text
    assert "0.5 ECTS credits" in text
    assert "10 hours" in text
    assert "EQF level 4" in text
    assert "Quizzes and practical work reviewed by a trainer" in text
    assert "Two quizzes and a field report" in text
    assert "Blended" in text
    assert "Supervised on site" in text and "identity checked" in text
    assert "Reviewed by the Lifelong Learning Board" in text
    assert "Open University of the Lowlands" in text and "Netherlands" in text
    assert "A smartphone with a camera" in text
    assert "Counts towards the Certificate in Environmental Monitoring" in text
    assert (
        "100 % (the mean of the best scores in the course's assessed quizzes)"
        in text.replace("’", "'")
    )


@pytest.mark.pdf
def test_a_snapshot_without_the_elements_still_renders(micro_course, complete_course):
    """Certificates issued before the elements existed keep rendering."""
    certificate = complete_course()
    old = dict(certificate.snapshot)
    del old["micro_credential"]
    del old["issuer"]["country"]
    certificate.snapshot = old
    text = pdf_text(render_pdf(certificate_document(certificate=certificate)))
    assert "River watch" in text and "Learning outcomes" not in text


# -- the verify page and the JSON ------------
def test_the_verify_page_shows_every_element(micro_course, complete_course, client):
    certificate = complete_course()
    page = flat(client.get(f"/verify/{certificate.code}/").content.decode())
    for expected in [
        *OUTCOMES,
        "0.5",
        "EQF level 4",
        "Quizzes and practical work reviewed by a trainer",
        "Two quizzes and a field report",
        "Blended",
        "Supervised on site",
        "Reviewed by the Lifelong Learning Board",
        "https://university.example/quality",
        "Netherlands",
        "A smartphone with a camera",
        "Counts towards the Certificate in Environmental Monitoring",
        "100 % (the mean of the best scores in the course's assessed quizzes)",
    ]:
        assert expected in page.replace("&#x27;", "'"), expected


def test_workload_is_written_the_readers_way(micro_course, complete_course, client):
    """The snapshot keeps "0.5"; the page and the certificate in French write
    0,5, as a French reader would."""
    certificate = complete_course()
    page = flat(client.get(f"/fr/verify/{certificate.code}/").content.decode())
    assert "0,5" in page and "0.5" not in page
    document = certificate_document(certificate=certificate)
    html = flat(render_html(dataclasses.replace(document, language="fr")))
    assert 'lang="fr"' in html
    assert "0,5" in html and "0.5 " not in html


def test_the_json_states_every_element(micro_course, complete_course, client):
    certificate = complete_course()
    facts = client.get(f"/api/v1/verify/{certificate.code}").json()
    elements = facts["micro_credential"]
    assert elements["learning_outcomes"] == OUTCOMES
    assert elements["ects"] == "0.5"
    assert elements["eqf_level"] == "4"
    assert elements["assessment_type"] == "quizzes_and_practical"
    assert elements["participation"] == "blended"
    assert elements["supervision"] == "supervised_on_site"
    assert elements["identity_checked"] is True
    assert elements["quality_assurance"] == "Reviewed by the Lifelong Learning Board"
    assert elements["awarding_body_country"] == "NL"
    assert elements["prerequisites"] == "A smartphone with a camera"
    assert elements["grade"] == "100"
    assert elements["stackability"].startswith("Counts towards")
    assert facts["issuer"]["country"] == "NL"


def test_old_snapshots_verify_without_the_elements(
    micro_course, complete_course, client
):
    certificate = complete_course()
    old = dict(certificate.snapshot)
    del old["micro_credential"]
    Certificate.objects.filter(pk=certificate.pk).update(snapshot=old)
    assert verification_facts(verify(certificate.code))["micro_credential"] is None
    page = client.get(f"/verify/{certificate.code}/")
    assert page.status_code == 200
    assert b"River watch" in page.content and b"Learning outcomes" not in page.content


# -- the signed Open Badges credential ------------
def test_the_signed_credential_states_every_element_and_verifies(
    micro_course, complete_course, client
):
    certificate = complete_course()
    credential = client.get(f"/openbadges/credentials/{certificate.code}").json()
    context_url = openbadges.micro_credential_context_url()
    assert credential["@context"][-1] == context_url
    assert credential["issuer"]["address"]["addressCountryCode"] == "NL"
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["creditsAvailable"] == 0.5
    assert achievement["ECTS"] == "0.5"
    assert achievement["workloadHours"] == "10"
    assert achievement["learningOutcome"] == OUTCOMES
    assert achievement["assessmentType"] == "quizzes_and_practical"
    assert achievement["assessmentDescription"] == "Two quizzes and a field report"
    assert achievement["participationType"] == "blended"
    assert achievement["supervisionType"] == "supervised_on_site"
    assert achievement["identityChecked"] is True
    assert achievement["prerequisites"] == "A smartphone with a camera"
    assert achievement["stackability"].startswith("Counts towards")
    by_type = {a.get("targetType"): a for a in achievement["alignment"]}
    assert by_type["ext:EQFLevel"]["targetCode"] == "4"
    assert (
        by_type["ext:QualityAssurance"]["targetName"]
        == "Reviewed by the Lifelong Learning Board"
    )
    assert "creator" not in achievement  # the issuer is the awarding body
    grade = achievement["resultDescription"][0]
    assert grade["resultType"] == "Percent"
    assert credential["credentialSubject"]["result"] == [
        {"type": ["Result"], "resultDescription": grade["id"], "value": "100"}
    ]

    # The context is published where the credential names it, and an independent
    # verifier accepts the credential with it; every element is signed.
    context = client.get(openbadges.MICRO_CREDENTIAL_CONTEXT_PATH).json()
    assert context == openbadges.micro_credential_context()
    profile = client.get("/openbadges/issuer").json()
    assert profile["address"]["addressCountryCode"] == "NL"
    public = openbadges.public_key_from_multibase(
        profile["verificationMethod"][0]["publicKeyMultibase"]
    )
    verify_data_integrity_proof(
        credential, _pem(public), extra_contexts={context_url: context}
    )
    assert openbadges.verify(credential, public)
    for path, value in [
        (("learningOutcome",), ["Brain surgery"]),
        (("ECTS",), "30"),
        (("creditsAvailable",), 30.0),
        (("participationType",), "online"),
        (("supervisionType",), "none"),
        (("identityChecked",), False),
        (("alignment", -1, "targetName"), "Accredited by nobody"),
        (("resultDescription", 0, "resultType"), "GradePointAverage"),
    ]:
        tampered = copy.deepcopy(credential)
        target = tampered["credentialSubject"]["achievement"]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        assert not openbadges.verify(tampered, public), path
        with pytest.raises(OB3VerificationError):
            verify_data_integrity_proof(
                tampered, _pem(public), extra_contexts={context_url: context}
            )
    tampered = copy.deepcopy(credential)
    tampered["issuer"]["address"]["addressCountryCode"] = "FR"
    assert not openbadges.verify(tampered, public)
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["result"][0]["value"] = "55"
    assert not openbadges.verify(tampered, public)


def test_another_awarding_body_is_the_achievements_creator(
    course_tree, academy, complete_course
):
    set_elements(
        course_tree["course"],
        awarding_body="Lowlands Museum",
        awarding_body_country="BE",
    )
    certificate = complete_course()
    certificate.refresh_from_db()
    achievement = certificate.open_badge["credentialSubject"]["achievement"]
    assert achievement["creator"]["name"] == "Lowlands Museum"
    assert achievement["creator"]["address"]["addressCountryCode"] == "BE"
    assert openbadges.verify_with_issuer_keys(certificate.open_badge)


def test_a_course_without_elements_still_signs_a_valid_credential(
    course_tree, complete_course
):
    """Nothing set (EQF not referenced, no credits, no QA): nothing is invented."""
    certificate = complete_course()
    certificate.refresh_from_db()
    achievement = certificate.open_badge["credentialSubject"]["achievement"]
    assert "ECTS" not in achievement and "creditsAvailable" not in achievement
    assert not any(
        a.get("targetType") == "ext:EQFLevel" for a in achievement.get("alignment", [])
    )
    assert openbadges.verify_with_issuer_keys(certificate.open_badge)
    assert json.dumps(certificate.open_badge)  # plain JSON


# -- external framework alignments (ESCO, CitSciComp) ------------
def test_competency_alignments_are_linked_on_the_verify_page_and_in_the_badge(
    course_tree, complete_course, client
):
    competency = course_tree["competency"]
    competency.alignment_url = "http://data.europa.eu/esco/skill/example-photograph"
    competency.save()
    competency.domain.alignment_url = "https://citscicomp.example/fieldwork"
    competency.domain.save()
    certificate = complete_course()
    group = certificate.snapshot["competencies"][0]
    assert group["domain_alignment_url"] == "https://citscicomp.example/fieldwork"
    assert group["items"][0]["alignment_url"] == competency.alignment_url
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert f'href="{competency.alignment_url}"' in page
    assert 'href="https://citscicomp.example/fieldwork"' in page
    certificate.refresh_from_db()
    alignment = certificate.open_badge["credentialSubject"]["achievement"]["alignment"]
    assert alignment[0]["targetUrl"] == competency.alignment_url
    assert openbadges.verify_with_issuer_keys(certificate.open_badge)


def test_no_grade_without_quizzes_or_when_issued_by_override(
    course_tree, academy, learner, enrolled, trainer, django_capture_on_commit_callbacks
):
    """The grade is the mean of the best scores in the required quizzes; a
    certificate issued by a trainer before the rule was met states none."""
    with django_capture_on_commit_callbacks(execute=True):
        certificate = certificate_issue(
            learner=learner, course=course_tree["course"], by=trainer, reason="RPL"
        )
    certificate.refresh_from_db()
    assert "grade" not in certificate.snapshot["micro_credential"]
    assert "result" not in certificate.open_badge["credentialSubject"]
