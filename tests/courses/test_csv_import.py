"""Bulk enrolment by CSV: preview, per-row report, all-or-nothing import."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import courses.services as services
from courses.models import Enrolment
from courses.services import (
    CSV_EMPTY,
    CSV_NO_COLUMNS,
    CSV_NOT_UTF8,
    ImportOutcome,
    cohort_import_confirm,
    cohort_import_preview,
    enrolment_create,
)
from tests.courses.factories import make_cohort, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()


def csv_file(text, name="people.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


@pytest.fixture
def people(course_tree, trainer):
    """A cohort with 4 places, one already taken by Jonas; Eleni has an account."""
    cohort = make_cohort(course_tree["course"], trainers=[trainer], capacity=4)
    jonas = make_user("jonas", name="Jonas")
    enrolment_create(cohort=cohort, learner=jonas)
    make_user("eleni", email="Eleni@Example.org", name="Eleni")
    return cohort


SAMPLE = (
    "name,email\n"
    "Amina Haddad,amina@example.org\n"  # 2 create
    "Jonas,jonas@example.org\n"  # 3 already enrolled
    "Bad,not-an-email\n"  # 4 invalid
    "Amina again,AMINA@example.org\n"  # 5 duplicate
    "Eleni,eleni@example.org\n"  # 6 existing account (case-insensitive)
    ",nobody@example.org\n"  # 7 missing name
    "Zoe,zoe@example.org\n"  # 8 create (last place)
    "Yann,yann@example.org\n"  # 9 over capacity
)


def test_preview_reports_each_row_and_writes_nothing(people):
    rows = cohort_import_preview(cohort=people, file=csv_file(SAMPLE))
    assert [(r.line, r.outcome) for r in rows] == [
        (2, ImportOutcome.CREATE),
        (3, ImportOutcome.ALREADY),
        (4, ImportOutcome.INVALID_EMAIL),
        (5, ImportOutcome.DUPLICATE),
        (6, ImportOutcome.ENROL),
        (7, ImportOutcome.MISSING_NAME),
        (8, ImportOutcome.CREATE),
        (9, ImportOutcome.FULL),
    ]
    assert User.objects.count() == 3  # trainer, jonas, eleni
    assert Enrolment.objects.count() == 1


def test_confirm_imports_and_invites(
    people, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    rows = cohort_import_preview(cohort=people, file=csv_file(SAMPLE))
    with django_capture_on_commit_callbacks(execute=True):
        report = cohort_import_confirm(cohort=people, rows=rows, by=trainer)
    assert sum(1 for r in report if r.imported) == 3
    assert Enrolment.objects.filter(cohort=people).count() == 4
    amina = User.objects.get(email="amina@example.org")
    assert amina.profile.printed_name == "Amina Haddad"
    assert not amina.has_usable_password()
    invitations = [m for m in mailoutbox if "/account/password/reset/key/" in m.body]
    assert sorted(m.to[0] for m in invitations) == [
        "amina@example.org",
        "zoe@example.org",
    ]
    # The person who had an account is told they are enrolled; the new ones
    # get only their invitation.
    assert [m.to[0] for m in mailoutbox if m not in invitations] == [
        "Eleni@Example.org"
    ]


def test_a_failed_import_leaves_nothing_behind(people, trainer, monkeypatch):
    rows = cohort_import_preview(cohort=people, file=csv_file(SAMPLE))
    real = services.enrolment_create
    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(services, "enrolment_create", failing)
    with pytest.raises(RuntimeError):
        cohort_import_confirm(cohort=people, rows=rows, by=trainer)
    assert not User.objects.filter(email="amina@example.org").exists()
    assert Enrolment.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "encoding", "message"),
    [
        ("name,email\nÉlise,elise@example.org\n", "latin-1", CSV_NOT_UTF8),
        ("full,mail\nA,a@example.org\n", "utf-8", CSV_NO_COLUMNS),
        ("name,email\n", "utf-8", CSV_EMPTY),
    ],
)
def test_malformed_files_get_a_clear_message(people, content, encoding, message):
    with pytest.raises(ValidationError) as excinfo:
        cohort_import_preview(cohort=people, file=csv_file(content, encoding=encoding))
    assert excinfo.value.messages == [str(message)]


def test_semicolons_and_bom_are_accepted(people):
    text = "\ufeffemail;name\nmarta@example.org;Marta Nowak\n"
    rows = cohort_import_preview(cohort=people, file=csv_file(text))
    assert [(r.name, r.email, r.outcome) for r in rows] == [
        ("Marta Nowak", "marta@example.org", ImportOutcome.CREATE)
    ]


def test_import_through_the_pages(
    client, people, trainer, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    url = f"/trainer/cohorts/{people.code}/import/"
    assert client.get(url).status_code == 200
    preview = client.post(url, {"file": csv_file(SAMPLE)})
    content = preview.content.decode()
    assert "Nothing has been imported yet." in content
    assert "Over capacity" in content and "Duplicate row" in content
    assert Enrolment.objects.count() == 1
    token = preview.context["token"]
    with django_capture_on_commit_callbacks(execute=True):
        report = client.post(url, {"confirm": "1", "token": token})
    assert "Import finished" in report.content.decode()
    assert Enrolment.objects.count() == 4
    # The same preview cannot be confirmed twice.
    again = client.post(url, {"confirm": "1", "token": token}, follow=True)
    assert "This preview has expired" in again.content.decode()
    assert Enrolment.objects.count() == 4


def test_upload_errors_are_shown_on_the_form(client, people, trainer):
    client.force_login(trainer)
    url = f"/trainer/cohorts/{people.code}/import/"
    response = client.post(url, {"file": csv_file("a,b\n1,2\n")})
    assert response.status_code == 400
    assert "must name the columns" in response.content.decode()


def test_other_trainers_cannot_import(client, people):
    stranger = make_user("stranger")
    client.force_login(stranger)
    url = f"/trainer/cohorts/{people.code}/import/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"file": csv_file(SAMPLE)}).status_code == 404
    assert Enrolment.objects.count() == 1


def test_the_report_says_what_happened_the_preview_what_will(
    client, people, trainer, django_capture_on_commit_callbacks
):
    client.force_login(trainer)
    url = f"/trainer/cohorts/{people.code}/import/"
    preview = client.post(url, {"file": csv_file(SAMPLE)}).content.decode()
    assert "New account, will be invited: 2" in preview
    assert "Existing account, will be enrolled: 1" in preview
    token = client.session[f"cohort-import:{people.code}"]["token"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"confirm": "1", "token": token})
    report = response.content.decode()
    assert "will be" not in report
    assert "New account created and invited: 2" in report
    assert "Existing account enrolled: 1" in report
    assert "Not imported: over capacity: 1" in report
    assert report.count("New account created and invited</span>") == 2


LANGUAGES_CSV = (
    "name,email,language\n"
    "Amina Haddad,amina@example.org,fr\n"  # 2 create, French
    "Zoe,zoe@example.org,\n"  # 3 create, the course's language
    "Yann,yann@example.org,xx\n"  # 4 unknown language: not imported
    "Eleni,eleni@example.org,lt\n"  # 5 existing account: keeps her language
    "Rūta,ruta@example.org,LT-lt\n"  # 6 create, Lithuanian (case, region)
)


def test_language_column_sets_a_new_accounts_language(
    people, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    people.capacity = 10
    people.save(update_fields=["capacity"])
    rows = cohort_import_preview(cohort=people, file=csv_file(LANGUAGES_CSV))
    assert [(r.line, r.outcome, r.invite_language) for r in rows] == [
        (2, ImportOutcome.CREATE, "fr"),
        (3, ImportOutcome.CREATE, "en"),
        (4, ImportOutcome.UNKNOWN_LANGUAGE, ""),
        (5, ImportOutcome.ENROL, ""),
        (6, ImportOutcome.CREATE, "lt"),
    ]
    eleni = User.objects.get(email="Eleni@Example.org")
    eleni_language = eleni.profile.preferred_language
    with django_capture_on_commit_callbacks(execute=True):
        cohort_import_confirm(cohort=people, rows=rows, by=trainer)
    languages = dict(
        User.objects.filter(
            email__in=["amina@example.org", "zoe@example.org", "ruta@example.org"]
        ).values_list("email", "profile__preferred_language")
    )
    assert languages == {
        "amina@example.org": "fr",
        "zoe@example.org": "en",
        "ruta@example.org": "lt",
    }
    assert not User.objects.filter(email="yann@example.org").exists()
    eleni.profile.refresh_from_db()
    assert eleni.profile.preferred_language == eleni_language
    # The invitation is written in the new account's language.
    invitation = {m.to[0]: m for m in mailoutbox}
    assert "/fr/" in invitation["amina@example.org"].body
    assert "/lt/" in invitation["ruta@example.org"].body
    assert (
        invitation["amina@example.org"].subject != invitation["zoe@example.org"].subject
    )


def test_language_column_on_the_pages(client, people, trainer):
    client.force_login(trainer)
    url = f"/trainer/cohorts/{people.code}/import/"
    upload = client.get(url).content.decode()
    assert "An optional language column (en, fr, lt, el)" in upload
    preview = client.post(url, {"file": csv_file(LANGUAGES_CSV)}).content.decode()
    assert '<span lang="fr">French</span>' in preview
    assert "Unknown language: 1" in preview
    assert "keep their own language" in preview
