"""The six core domains align to the Citizen Science Competency framework
(CitSciComp) of the European Citizen Science Academy: their external alignment
is the framework's published record, where an academy has set none."""

from django.conf import settings
from django.db import migrations

CITSCICOMP = "https://doi.org/10.5281/zenodo.20206369"
CORE_DOMAINS = [
    "research-methods",
    "research-ethics",
    "fieldwork-strategies",
    "coding-and-analysing-data",
    "communication-and-dissemination",
    "teamwork-and-collaboration",
]


def align(apps, schema_editor):
    CompetencyDomain = apps.get_model("courses", "CompetencyDomain")
    keys = CompetencyDomain.objects.filter(
        slug__in=CORE_DOMAINS, locale__language_code=settings.LANGUAGE_CODE
    ).values_list("translation_key", flat=True)
    # The originals and their translations (the field is synchronised).
    CompetencyDomain.objects.filter(
        translation_key__in=list(keys), alignment_url=""
    ).update(alignment_url=CITSCICOMP)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0016_activity_max_files"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(align, migrations.RunPython.noop)]
