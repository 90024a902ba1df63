"""The competency framework: core domains, snippets, revisions, translations."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from courses.models import Competency, CompetencyDomain
from tests.courses.factories import CompetencyDomainFactory, CompetencyFactory

pytestmark = pytest.mark.django_db

CORE = {
    "research-methods": "Research methods",
    "research-ethics": "Research ethics",
    "fieldwork-strategies": "Fieldwork strategies",
    "coding-and-analysing-data": "Coding and analysing data",
    "communication-and-dissemination": "Communication and dissemination",
    "teamwork-and-collaboration": "Teamwork and collaboration",
}


def test_fresh_install_has_the_core_domains_with_competencies():
    core = CompetencyDomain.objects.filter(kind="core")
    assert {d.slug: d.name for d in core} == CORE
    for domain in core:
        competencies = domain.competencies.all()
        assert competencies.count() >= 3, domain.name
        assert all(c.description for c in competencies)


def test_slug_is_filled_from_the_name():
    domain = CompetencyDomain(
        name="Water sampling", description="x", locale=CompetencyDomainFactory().locale
    )
    domain.full_clean()
    assert domain.slug == "water-sampling"


def test_competency_codes_are_unique_within_a_language():
    existing = CompetencyFactory(code="WS-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        CompetencyFactory(code="WS-1", locale=existing.locale)


def test_trainer_edits_a_competency_in_the_admin_and_a_revision_is_kept(
    client, trainer
):
    client.force_login(trainer)
    competency = Competency.objects.get(code="RE-1")
    url = reverse("wagtailsnippets_courses_competency:edit", args=[competency.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "code": "RE-1",
            "name": "Explain and record informed consent",
            "description": competency.description,
            "domain": competency.domain_id,
            "sort_order": 10,
            "alignment_url": "",
        },
    )
    assert response.status_code == 302
    competency.refresh_from_db()
    assert competency.name == "Explain and record informed consent"
    assert competency.revisions.count() == 1
    listing = client.get(reverse("wagtailsnippets_courses_competency:list"))
    assert "Explain and record informed consent" in listing.content.decode()


def test_trainer_cannot_delete_framework_entries(client, trainer):
    client.force_login(trainer)
    competency = Competency.objects.get(code="RE-1")
    url = reverse("wagtailsnippets_courses_competency:delete", args=[competency.pk])
    assert client.post(url).status_code in (302, 403)
    assert Competency.objects.filter(pk=competency.pk).exists()


def test_domain_alignment_must_be_a_url():
    domain = CompetencyDomainFactory.build(alignment_url="not a url")
    with pytest.raises(Exception) as excinfo:
        domain.full_clean()
    assert "alignment_url" in str(excinfo.value)


@pytest.mark.parametrize(
    ("model", "value"), [("competency", "nitro"), ("competencydomain", "Ethi")]
)
def test_trainers_search_the_framework_in_choosers(client, trainer, model, value):
    """Choosers filter translatable snippets by locale (a filter field) and
    complete what the trainer types (autocomplete fields)."""
    CompetencyFactory(name="Interpret nitrogen dioxide readings")
    client.force_login(trainer)
    response = client.get(
        f"/admin/snippets/choose/courses/{model}/results/", {"q": value, "locale": "en"}
    )
    assert response.status_code == 200
    assert value in response.content.decode()


def test_core_domains_align_to_citscicomp():
    """The six core domains link the CitSciComp framework's published record,
    in every language they are in (decision 0032)."""
    core = CompetencyDomain.objects.filter(kind="core")
    assert core.count() == 6
    assert set(core.values_list("alignment_url", flat=True)) == {
        "https://doi.org/10.5281/zenodo.20206369"
    }
