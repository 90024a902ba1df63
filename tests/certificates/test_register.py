"""The certificate register in the Wagtail admin: read-only, searchable by a code
as people type it, filtered by status, limited to a trainer's own cohorts."""

import pytest

from certificates.models import Certificate
from certificates.services import certificate_reissue, certificate_revoke

pytestmark = pytest.mark.django_db


def typed(code: str) -> str:
    """The code as someone reads it off paper: lower case, in groups."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4)).lower()


def test_trainer_finds_their_cohorts_certificates(
    client, complete_course, learner, trainer
):
    certificate = complete_course()
    client.force_login(trainer)
    listing = client.get("/admin/certificates/")
    assert listing.status_code == 200
    assert certificate.display_code in listing.content.decode()
    assert "Amina Haddad" in listing.content.decode()

    found = client.get("/admin/certificates/", {"q": typed(certificate.code)})
    assert certificate.display_code in found.content.decode()
    by_name = client.get("/admin/certificates/", {"q": "haddad"})
    assert certificate.display_code in by_name.content.decode()
    nothing = client.get("/admin/certificates/", {"q": "Nobody"})
    assert certificate.display_code not in nothing.content.decode()

    page = client.get(f"/admin/certificates/inspect/{certificate.pk}/")
    content = page.content.decode()
    assert page.status_code == 200
    assert "Amina Haddad" in content and "River watch" in content
    assert f"/verify/{certificate.code}/" in content
    assert f"/certificates/{certificate.code}/revoke/" in content
    assert "Revoked reason" not in content  # only what applies to a valid one


def test_another_trainer_sees_nothing(client, complete_course, other_trainer):
    certificate = complete_course()
    client.force_login(other_trainer)
    listing = client.get("/admin/certificates/")
    assert listing.status_code == 200
    assert certificate.display_code not in listing.content.decode()
    inspect = client.get(f"/admin/certificates/inspect/{certificate.pk}/")
    assert inspect.status_code == 404


def test_learners_have_no_access(client, complete_course, learner):
    certificate = complete_course()
    client.force_login(learner)
    response = client.get(f"/admin/certificates/inspect/{certificate.pk}/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_register_is_read_only(client, complete_course, editor, superuser):
    certificate = complete_course()
    snapshot = dict(certificate.snapshot)
    for user in (editor, superuser):
        client.force_login(user)
        listing = client.get("/admin/certificates/").content.decode()
        assert certificate.display_code in listing
        assert "/admin/certificates/new/" not in listing
        for path in ("new/", f"edit/{certificate.pk}/", f"delete/{certificate.pk}/"):
            response = client.get(f"/admin/certificates/{path}")
            assert response.status_code in (302, 403, 404), (user, path)
        client.post(f"/admin/certificates/delete/{certificate.pk}/")
        client.post(
            f"/admin/certificates/edit/{certificate.pk}/", {"override_reason": "x"}
        )
    certificate.refresh_from_db()
    assert certificate.snapshot == snapshot
    assert certificate.override_reason == ""
    assert Certificate.objects.count() == 1


def test_status_filter(client, complete_course, trainer, editor):
    certificate = complete_course()
    client.force_login(editor)
    assert (
        certificate.display_code
        in client.get("/admin/certificates/", {"status": "valid"}).content.decode()
    )
    certificate_revoke(certificate=certificate, by=trainer, reason="Wrong person.")
    revoked = client.get("/admin/certificates/", {"status": "revoked"})
    assert certificate.display_code in revoked.content.decode()
    valid = client.get("/admin/certificates/", {"status": "valid"})
    assert certificate.display_code not in valid.content.decode()
    inspect = client.get(f"/admin/certificates/inspect/{certificate.pk}/")
    assert "Wrong person." in inspect.content.decode()
    assert "/revoke/" not in inspect.content.decode()  # already revoked


def test_inspect_page_shows_who_did_what_and_why(
    client, complete_course, trainer, django_capture_on_commit_callbacks
):
    trainer.first_name, trainer.last_name = "Tomás", "Ferreira"
    trainer.save()
    certificate = complete_course()
    certificate_revoke(certificate=certificate, by=trainer, reason="Name misspelt")
    with django_capture_on_commit_callbacks(execute=True):
        replacement = certificate_reissue(
            certificate=certificate, by=trainer, reason="Name corrected"
        )
    client.force_login(trainer)
    old = client.get(f"/admin/certificates/inspect/{certificate.pk}/").content.decode()
    assert "History" in old
    assert "Issued (automatically)" in old
    assert "Revoked (Tomás Ferreira) – Name misspelt" in old
    assert "Replaced by" in old and replacement.display_code in old
    new = client.get(f"/admin/certificates/inspect/{replacement.pk}/").content.decode()
    assert "Re-issued (Tomás Ferreira) – Name corrected" in new
    assert "PDF created (automatically)" in new
