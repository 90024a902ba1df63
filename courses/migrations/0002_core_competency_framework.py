"""The core competency domains every programme shares, with their competencies.

Trainers can edit, extend and translate them in the admin; this migration only
creates them once on a fresh install.
"""

import uuid

from django.conf import settings
from django.db import migrations

CORE_FRAMEWORK = [
    (
        "research-methods",
        "Research methods",
        "Designing an investigation and collecting observations that researchers "
        "can rely on: questions, protocols, sampling and records.",
        [
            ("RM-1", "Turn a concern into a research question",
             "States a question that observations can answer, and says what data "
             "would answer it."),
            ("RM-2", "Follow a sampling protocol",
             "Collects observations exactly as the protocol describes (where, when, "
             "how often and how), so that data from many volunteers can be combined."),
            ("RM-3", "Recognise bias and error",
             "Names likely sources of bias and measurement error in a data set and "
             "how the protocol limits them."),
            ("RM-4", "Record observations with their context",
             "Records each observation with date, time, place, method and any "
             "deviation, so that others can check and reuse it."),
        ],
    ),
    (
        "research-ethics",
        "Research ethics",
        "Doing research with people, places and living things with care: consent, "
        "privacy, fairness and doing no harm.",
        [
            ("RE-1", "Explain and obtain informed consent",
             "Explains a study in plain words and records a person's free, informed "
             "and revocable consent before involving them."),
            ("RE-2", "Protect personal data",
             "Collects only the personal data a study needs, keeps it secure and "
             "follows the project's data protection rules (GDPR)."),
            ("RE-3", "Do no harm to people, places and wildlife",
             "Chooses methods and sites that avoid disturbing residents, habitats "
             "and species, and stops when harm is likely."),
            ("RE-4", "Know when to ask for ethical advice",
             "Recognises situations that need the research team's or an ethics "
             "committee's advice and raises them promptly."),
        ],
    ),
    (
        "fieldwork-strategies",
        "Fieldwork strategies",
        "Planning and carrying out work outside: safety, access, equipment and "
        "adapting to what you find.",
        [
            ("FW-1", "Plan fieldwork safely",
             "Prepares a simple risk assessment, tells someone the plan and carries "
             "what is needed to work safely."),
            ("FW-2", "Use and look after field equipment",
             "Sets up, checks and calibrates the project's equipment and stores it "
             "so that measurements stay comparable."),
            ("FW-3", "Arrange access and permissions",
             "Finds out who must agree to fieldwork at a site and asks in a way "
             "that builds trust."),
            ("FW-4", "Adapt and document deviations",
             "Adapts to weather, access and surprises without compromising the "
             "data, and records every deviation from the plan."),
        ],
    ),
    (
        "coding-and-analysing-data",
        "Coding and analysing data",
        "Turning observations into evidence: entering, cleaning, coding, "
        "summarising and interpreting data.",
        [
            ("DA-1", "Enter and clean data",
             "Enters data in a structured spreadsheet, checks it for errors and "
             "documents every correction."),
            ("DA-2", "Summarise data with statistics and charts",
             "Describes a data set with counts, averages and spread, and chooses a "
             "chart that shows the pattern fairly."),
            ("DA-3", "Code qualitative data",
             "Applies a codebook consistently to interviews or free-text answers "
             "and notes where codes do not fit."),
            ("DA-4", "Interpret results with their uncertainty",
             "Draws conclusions that the data support and says how certain they "
             "are and what they cannot show."),
        ],
    ),
    (
        "communication-and-dissemination",
        "Communication and dissemination",
        "Sharing what a project found with the people who took part, the public "
        "and decision makers.",
        [
            ("CD-1", "Explain findings in plain language",
             "Explains what was found, how and why it matters, for an audience "
             "without specialist knowledge."),
            ("CD-2", "Present data honestly",
             "Prepares charts, maps and tables that are accurate, labelled and "
             "accessible, without overstating the results."),
            ("CD-3", "Share results with the community",
             "Returns results to participants and communities in a form and place "
             "that reaches them."),
            ("CD-4", "Credit contributors and share data openly",
             "Credits volunteers and partners and shares data under the licence "
             "the project has agreed."),
        ],
    ),
    (
        "teamwork-and-collaboration",
        "Teamwork and collaboration",
        "Working well with volunteers, researchers and partner organisations.",
        [
            ("TC-1", "Coordinate tasks in a team",
             "Agrees who does what and by when, keeps to it and says early when "
             "plans change."),
            ("TC-2", "Give and receive constructive feedback",
             "Gives specific, kind feedback on others' work and uses feedback to "
             "improve their own."),
            ("TC-3", "Work respectfully across differences",
             "Works with people of different ages, backgrounds, languages and "
             "abilities, and makes room for every voice."),
            ("TC-4", "Leave work others can continue",
             "Keeps notes, files and data organised so that another volunteer can "
             "pick up the work."),
        ],
    ),
]


def create_framework(apps, schema_editor):
    Locale = apps.get_model("wagtailcore.Locale")
    CompetencyDomain = apps.get_model("courses.CompetencyDomain")
    Competency = apps.get_model("courses.Competency")
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for order, (slug, name, description, competencies) in enumerate(CORE_FRAMEWORK):
        domain, created = CompetencyDomain.objects.get_or_create(
            locale=locale,
            slug=slug,
            defaults={
                "translation_key": uuid.uuid4(),
                "name": name,
                "description": description,
                "kind": "core",
                "sort_order": (order + 1) * 10,
            },
        )
        for position, (code, comp_name, comp_description) in enumerate(competencies):
            Competency.objects.get_or_create(
                locale=locale,
                code=code,
                defaults={
                    "translation_key": uuid.uuid4(),
                    "name": comp_name,
                    "description": comp_description,
                    "domain": domain,
                    "sort_order": (position + 1) * 10,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("courses", "0001_initial")]

    operations = [migrations.RunPython(create_framework, migrations.RunPython.noop)]
