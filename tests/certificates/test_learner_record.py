"""The learner's record: page, links the learner controls, sealed PDF, API."""

import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks.exceptions import TaskResultDoesNotExist

from accounts.services import account_erasure_request
from certificates.models import Certificate, RecordLink
from certificates.sealing import check_seal
from certificates.selectors.record import (
    learner_record,
    record_link_url,
    record_storage,
)
from certificates.services import (
    RECORD_LINKS_MAX,
    RECORD_LINKS_TOO_MANY,
    certificate_issue,
    certificate_revoke,
    record_link_create,
)
from courses.choices import EQFLevel
from courses.services import enrolment_create
from tests.courses.factories import (
    CompetencyDomainFactory,
    CompetencyFactory,
    make_cohort,
    make_course,
    make_lesson,
    make_module,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_certificates(course_tree, complete_course, learner, trainer, course_index):
    """River watch (earned) and Bird count (issued by a trainer with a reason),
    which share the competency FW-T and add one of another domain."""
    first = complete_course()
    ethics = CompetencyDomainFactory(name="Research ethics")
    consent = CompetencyFactory(code="RE-C", name="Ask for consent", domain=ethics)
    course = make_course(course_index, title="Bird count", slug="bird-count")
    module = make_module(
        course, competencies=[course_tree["competency"], consent], title="Counting"
    )
    make_lesson(module, title="Counting birds", slug="counting-birds")
    cohort = make_cohort(course, trainers=[trainer], name="Spring")
    enrolment_create(cohort=cohort, learner=learner)
    second = certificate_issue(
        learner=learner, course=course, by=trainer, reason="Recognised prior learning"
    )
    return first, second


def _pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()


def test_record_lists_certificates_and_merges_competencies_by_domain(
    two_certificates, learner
):
    first, second = two_certificates
    record = learner_record(learner=learner)

    assert record.name == "Amina Haddad"
    assert [c.course for c in record.certificates] == ["Bird count", "River watch"]
    assert record.valid_count == 2
    shared = next(
        item
        for domain in record.domains
        for item in domain.competencies
        if item.code == "FW-T"
    )
    assert set(shared.certified_by) == {first.code, second.code}
    assert {title for title, _lang in shared.sources} == {"River watch", "Bird count"}
    assert "Research ethics" in [domain.name for domain in record.domains]
    assert record.competency_count == 2  # FW-T once, RE-C once


def test_revoked_certificates_leave_the_record_and_expired_ones_are_marked(
    two_certificates, learner, trainer
):
    first, second = two_certificates
    certificate_revoke(certificate=second, by=trainer, reason="Issued in error")
    Certificate.objects.filter(pk=first.pk).update(
        expires_on=timezone.localdate() - timedelta(days=1)
    )

    record = learner_record(learner=learner)

    assert [c.course for c in record.certificates] == ["River watch"]
    assert record.certificates[0].status == "expired"
    assert all(
        not item.current for domain in record.domains for item in domain.competencies
    )
    assert "Research ethics" not in [domain.name for domain in record.domains]


def test_learner_makes_shares_and_withdraws_a_link(client, two_certificates, learner):
    client.force_login(learner)
    page = client.get(reverse("learner_record"))
    assert page.status_code == 200
    assert "Bird count" in page.text
    assert "You have not shared your record yet." in page.text

    made = client.post(reverse("learner_record"), {"label": "Museum application"})
    link = RecordLink.objects.get(learner=learner)
    assert made.status_code == 302
    assert link.label == "Museum application"
    page = client.get(reverse("learner_record"))
    assert record_link_url(link.code) in page.text
    assert "Not opened yet." in page.text

    client.logout()
    shared = client.get(reverse("record_shared", args=[link.code]))
    assert shared.status_code == 200
    assert "Amina Haddad" in shared.text
    assert "River watch" in shared.text and "Ask for consent" in shared.text
    assert shared["X-Robots-Tag"] == "noindex"
    link.refresh_from_db()
    assert link.views == 1

    client.force_login(learner)
    shared = client.get(reverse("record_shared", args=[link.code]))
    link.refresh_from_db()
    assert link.views == 1  # the learner's own look is not counted
    confirm = client.get(reverse("record_link_withdraw", args=[link.code]))
    assert confirm.status_code == 200
    assert "This cannot be undone" in confirm.text
    link.refresh_from_db()
    assert link.revoked_at is None  # asking is not withdrawing
    client.post(reverse("record_link_withdraw", args=[link.code]))
    client.logout()
    gone = client.get(reverse("record_shared", args=[link.code]))
    assert gone.status_code == 410
    assert "The holder withdrew this link" in gone.text
    assert "Amina Haddad" not in gone.text
    assert client.get(reverse("record_shared_pdf", args=[link.code])).status_code == 410


def test_a_revoked_certificate_leaves_the_shared_record_on_the_next_request(
    client, two_certificates, learner, trainer
):
    _first, second = two_certificates
    link = record_link_create(learner=learner)
    url = reverse("record_shared", args=[link.code])
    assert "Bird count" in client.get(url).text

    certificate_revoke(certificate=second, by=trainer, reason="Issued in error")

    assert "Bird count" not in client.get(url).text


def test_unknown_and_mistyped_codes(client, two_certificates, learner):
    link = record_link_create(learner=learner)
    unknown = client.get(reverse("record_shared", args=["0" * 26]))
    assert unknown.status_code == 404
    assert "No record at this address" in unknown.text
    assert client.get(reverse("record_shared", args=["nonsense"])).status_code == 404
    lower = client.get(reverse("record_shared", args=[link.code.lower()]))
    assert lower.status_code == 302
    assert lower["Location"].endswith(f"/record/{link.code}/")


def test_only_the_learner_withdraws_their_link(client, two_certificates, other_learner):
    first, _second = two_certificates
    link = record_link_create(learner=first.learner)
    client.force_login(other_learner)

    response = client.post(reverse("record_link_withdraw", args=[link.code]))

    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_record_pages_need_sign_in(client):
    response = client.get(reverse("learner_record"))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert client.post(reverse("learner_record")).status_code == 302
    assert not RecordLink.objects.exists()


def test_a_label_too_long_is_refused_and_nothing_is_written(
    client, two_certificates, learner
):
    client.force_login(learner)
    response = client.post(reverse("learner_record"), {"label": "x" * 101})
    assert response.status_code == 400
    assert "at most 100 characters" in response.text
    assert "The link was not made: see the form below." in response.text
    assert not RecordLink.objects.exists()
    # The address the error was shown at answers a reload or a language switch.
    assert client.get("/fr" + reverse("learner_record")).status_code == 200


def test_the_number_of_active_links_is_limited(client, two_certificates, learner):
    for _ in range(RECORD_LINKS_MAX):
        record_link_create(learner=learner)
    with pytest.raises(ValidationError) as refused:
        record_link_create(learner=learner)
    assert refused.value.messages == [
        str(RECORD_LINKS_TOO_MANY) % {"max": RECORD_LINKS_MAX}
    ]
    client.force_login(learner)
    page = client.get(reverse("learner_record"))
    assert "the most you can have" in page.text
    response = client.post(reverse("learner_record"), {"label": ""})
    assert response.status_code == 400
    assert "Withdraw one you no longer need first." in response.text
    assert RecordLink.objects.count() == RECORD_LINKS_MAX


def test_empty_record(client, learner):
    client.force_login(learner)
    page = client.get(reverse("learner_record"))
    assert "You have no certificates yet." in page.text
    assert reverse("learner_record_pdf") not in page.text
    assert "You can share your record once you hold a certificate." in page.text
    assert 'name="label"' not in page.text


def test_revoked_certificates_are_explained_on_the_learners_own_page(
    client, two_certificates, learner, trainer
):
    for certificate in two_certificates:
        certificate_revoke(
            certificate=certificate, by=trainer, reason="Issued in error"
        )
    client.force_login(learner)
    page = client.get(reverse("learner_record"))
    assert "None of your certificates is current" in page.text
    assert "Not on your record" in page.text
    assert "Issued in error" in page.text
    assert "You have no certificates yet." not in page.text


def test_texts_carry_the_language_they_are_in(two_certificates, learner, client):
    """Certificates of courses that exist in English only: their titles and
    competencies are marked English, whatever the page's language."""
    client.force_login(learner)
    body = client.get("/api/v1/me/record").json()
    assert {c["language"] for c in body["certificates"]} == {"en"}
    assert {d["language"] for d in body["competencies"]} == {"en"}
    page = client.get("/fr" + reverse("learner_record"))
    assert '<h3 lang="en">Bird count</h3>' in page.text


def test_the_eqf_level_and_numbers_read_in_the_readers_language(
    two_certificates, learner, client
):
    first, _second = two_certificates
    snapshot = dict(first.snapshot)
    snapshot["micro_credential"] = {
        **snapshot["micro_credential"],
        "eqf_level": "4",
        "eqf_level_label": "Επίπεδο ΕΠΠ 4",  # as issued to a Greek reader
        "ects": "0.50",
    }
    Certificate.objects.filter(pk=first.pk).update(snapshot=snapshot)
    shown = next(
        c for c in learner_record(learner=learner).certificates if c.code == first.code
    )
    assert shown.hours_number == Decimal("10") and "E" not in str(shown.hours_number)
    with translation.override("fr"):
        assert str(shown.eqf_level_display) == str(EQFLevel.LEVEL_4.label)
        assert "Επίπεδο" not in str(shown.eqf_level_display)
        expected = str(EQFLevel.LEVEL_4.label)
    client.force_login(learner)
    page = client.get("/fr" + reverse("learner_record")).text
    assert "0,5 crédits ECTS" in page
    assert expected in page and "Επίπεδο" not in page


@pytest.mark.pdf
def test_the_record_pdf_is_sealed_and_states_the_record(
    client, two_certificates, learner
):
    client.force_login(learner)
    response = client.get(reverse("learner_record_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)

    assert check_seal(data).ok
    text = _pdf_text(data)
    for expected in (
        "Learner record",
        "Amina Haddad",
        "River watch",
        "Bird count",
        "Photograph a site",
        "Ask for consent",
        "Research ethics",
    ):
        assert expected in text
    # Stored once: the next download is the same file, not a new render.
    again = b"".join(client.get(reverse("learner_record_pdf")).streaming_content)
    assert again == data

    link = record_link_create(learner=learner)
    client.logout()
    shared = client.get(reverse("record_shared_pdf", args=[link.code]))
    shared_text = _pdf_text(b"".join(shared.streaming_content))
    assert record_link_url(link.code) in "".join(shared_text.split())


@pytest.mark.pdf
def test_the_record_pdf_follows_the_interface_language(
    client, two_certificates, learner
):
    client.force_login(learner)
    response = client.get("/fr" + reverse("learner_record_pdf"))
    assert response.status_code == 200
    text = _pdf_text(b"".join(response.streaming_content))
    assert "River watch" in text
    assert "Learner record" not in text


def test_a_pdf_not_ready_yet_says_so(client, two_certificates, learner, monkeypatch):
    """With a worker engine the PDF is made in the background: the page says so
    and refreshes itself, and asks for the PDF only once."""
    calls = []

    class Result:
        id = "task-1"

    class Queued:
        def enqueue(self, *args):
            calls.append(args)
            return Result()

        def get_result(self, task_id):
            raise TaskResultDoesNotExist(task_id)

    monkeypatch.setattr("certificates.record_views.render_learner_record", Queued())
    client.force_login(learner)

    first = client.get(reverse("learner_record_pdf"))
    second = client.get(reverse("learner_record_pdf"))

    assert first.status_code == second.status_code == 202
    assert 'http-equiv="refresh"' in first.text
    assert "being made" in first.text
    assert len(calls) == 1


def test_api_record_and_links(client, two_certificates, learner, other_learner):
    client.force_login(learner)
    mine = client.get("/api/v1/me/record")
    assert mine.status_code == 200
    body = mine.json()
    assert body["name"] == "Amina Haddad"
    assert [c["course"] for c in body["certificates"]] == ["Bird count", "River watch"]
    assert body["totals"]["certificates"] == 2

    made = client.post(
        "/api/v1/me/record/links",
        {"label": "Employer"},
        content_type="application/json",
    )
    assert made.status_code == 201
    url = made.json()["url"]
    code = url.rstrip("/").rsplit("/", 1)[-1]
    assert client.get("/api/v1/me/record/links").json()["results"][0]["label"] == (
        "Employer"
    )
    too_long = client.post(
        "/api/v1/me/record/links", {"label": "x" * 101}, content_type="application/json"
    )
    assert too_long.status_code == 400
    assert too_long.json()["error"]["code"] == "validation_error"
    assert RecordLink.objects.count() == 1

    client.logout()
    shared = client.get(f"/api/v1/records/{code}")
    assert shared.status_code == 200
    assert shared.json()["url"] == url
    assert shared.json()["certificates"] == body["certificates"]

    client.force_login(other_learner)
    assert client.post(f"/api/v1/me/record/links/{code}/withdraw").status_code == 404
    client.force_login(learner)
    assert client.post(f"/api/v1/me/record/links/{code}/withdraw").status_code == 200
    client.logout()
    gone = client.get(f"/api/v1/records/{code}")
    assert gone.status_code == 410
    assert gone.json()["error"]["code"] == "withdrawn"
    assert client.get(f"/api/v1/records/{'0' * 26}").status_code == 404
    assert client.get("/api/v1/me/record").status_code in (401, 403)


def test_erasure_removes_links_and_stored_pdfs(
    client, two_certificates, learner, django_capture_on_commit_callbacks
):
    link = record_link_create(learner=learner)
    client.force_login(learner)
    client.get(reverse("learner_record_pdf"))
    _dirs, files = record_storage().listdir(f"records/{learner.pk}")
    assert files

    with django_capture_on_commit_callbacks(execute=True):
        account_erasure_request(user=learner)

    assert not RecordLink.objects.filter(pk=link.pk).exists()
    _dirs, files = record_storage().listdir(f"records/{learner.pk}")
    assert files == []
    client.logout()
    assert client.get(reverse("record_shared", args=[link.code])).status_code == 404


def test_personal_data_export_lists_the_links(client, learner):
    link = record_link_create(learner=learner, label="Library")
    client.force_login(learner)
    data = client.get("/api/v1/me/data").json()
    exported = data["record_links"]
    assert exported[0]["url"] == record_link_url(link.code)
    assert exported[0]["label"] == "Library"
