"""A trainer's work, in the browser: author and translate content in the Wagtail
admin (an editor approves it), then run a cohort: enrol by CSV, review evidence,
mark attendance, issue the cohort's certificates and revoke one."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DEMO_PASSWORD

DESKTOP = {"width": 1280, "height": 900}
COURSE = "Air Quality Monitoring for Neighbourhoods"
MODULE = "Indoor air at home"
LESSON = "Sources of indoor pollution"
COHORT = "North district cohort"
NEW_LEARNERS = [
    ("Ona Kazlauskienė", "ona@example.net"),
    ("Yusuf Demir", "yusuf@example.net"),
]
FRENCH = {
    MODULE: "L'air intérieur à la maison",
    "Why the air inside matters as much as the air outside.": (
        "Pourquoi l'air intérieur compte autant que l'air extérieur."
    ),
    "indoor-air-at-home": "air-interieur-a-la-maison",
    LESSON: "Les sources de pollution intérieure",
    "sources-of-indoor-pollution": "sources-de-pollution-interieure",
    "Cooking, heating and cleaning.": "Cuisine, chauffage et ménage.",
    "Check yourself": "Vérifiez vos connaissances",
    "Which of these raises nitrogen dioxide indoors?": (
        "Lequel de ces éléments augmente le dioxyde d'azote à l'intérieur ?"
    ),
    "A gas cooker": "Une cuisinière à gaz",
    "Yes: gas flames make NO2.": "Oui : les flammes de gaz produisent du NO2.",
    "A houseplant": "Une plante d'intérieur",
    "Plants do not make NO2.": "Les plantes ne produisent pas de NO2.",
    "Map the sources in your home": "Repérez les sources chez vous",
    "List every gas appliance and take a photo of the kitchen.": (
        "Listez chaque appareil à gaz et prenez une photo de la cuisine."
    ),
}

# The learners' side of the course, done through the same services the learner
# journey drives in the browser.
LEARNERS_WORK = """
from demo.progress import _correct_answers, _evidence_file
from courses.models import Cohort, LessonPage
from courses.services import evidence_submit, lesson_complete, quiz_attempt_submit
cohort = Cohort.objects.get(name="North district cohort")
for email in {emails!r}:
    learner = cohort.enrolments.get(learner__email=email).learner
    lessons = LessonPage.objects.descendant_of(cohort.course).live().order_by("path")
    for lesson in lessons:
        for quiz in lesson.blocks("quiz"):
            quiz_attempt_submit(
                learner=learner, lesson=lesson, block_id=quiz.id,
                data=_correct_answers(quiz),
            )
        for activity in lesson.blocks("activity"):
            evidence_submit(
                learner=learner, lesson=lesson, block_id=activity.id,
                text="Notes from the community centre session.",
                uploads=[_evidence_file(activity.value["evidence_kinds"])],
            )
        lesson_complete(learner=learner, lesson=lesson)
"""


def admin_login(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("button[type=submit]").click()
    expect(page).to_have_url(f"{base}/admin/")


def choose_competency(page, search, name):
    modal = page.locator(".modal")
    modal.get_by_label("Search term").fill(search)
    modal.get_by_role("link", name=name).click()
    expect(page.locator(".modal")).to_have_count(0)


def submit_for_review(page):
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Trainer review").click()
    expect(page.locator(".messages")).to_contain_text("submitted")


def approve_and_publish(page, base, title, checks):
    """As an editor: open the page from the review dashboard and approve it."""
    page.goto(f"{base}/admin/")
    checks(page, "admin-04-editor-dashboard")
    page.locator("main").get_by_role("link", name=title).first.click()
    checks(page, "admin-05-review-page")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("has been updated")


def translate_segments(page):
    """Type a French translation into every segment of wagtail-localize's editor,
    tab by tab (the slug is on the Promote tab)."""
    pending = page.locator("li.incomplete:visible")
    for tab in ("Content", "Promote"):
        page.get_by_role("tab", name=tab).click()
        while pending.count():
            segment = pending.first
            source = segment.locator("p").first.inner_text().strip()
            assert source in FRENCH, f"no French for segment {source!r}"
            segment.get_by_role("button", name="Translate", exact=True).click()
            editing = page.locator("li").filter(has=page.locator("textarea"))
            editing.locator("textarea").fill(FRENCH[source])
            editing.get_by_role("button", name="Save").click()
            expect(page.locator("li textarea")).to_have_count(0)
            expect(pending.filter(has_text=source)).to_have_count(0)
    assert page.locator("li.incomplete").count() == 0


def author_module_and_lesson(page, base, checks):
    """As a trainer: a module with a lesson holding a quiz and an activity."""
    page.goto(f"{base}/admin/pages/")
    for title in ("Citizen Science Academy", "Courses", COURSE):
        page.get_by_role("link", name=f"Explore child pages of '{title}'").click()
    course_id = re.search(r"/admin/pages/(\d+)/", page.url).group(1)
    checks(page, "admin-01-explorer")
    page.goto(f"{base}/admin/pages/add/courses/modulepage/{course_id}/")
    checks(page, "admin-02-add-module")
    page.fill("#id_title", MODULE)
    page.locator("[data-contentpath=introduction] [role=textbox]").click()
    page.keyboard.type("Why the air inside matters as much as the air outside.")
    page.fill("#id_estimated_hours", "1")
    page.uncheck("#id_is_required")
    page.get_by_role("button", name="Choose competency").click()
    choose_competency(
        page, "nitrogen", "AQ-2 Interpret nitrogen dioxide concentrations"
    )
    submit_for_review(page)

    page.get_by_role("link", name=MODULE).first.click()
    module_id = re.search(r"/admin/pages/(\d+)/", page.url).group(1)
    page.goto(f"{base}/admin/pages/add/courses/lessonpage/{module_id}/")
    page.fill("#id_title", LESSON)
    page.fill("#id_summary", "Cooking, heating and cleaning.")
    page.fill("#id_estimated_minutes", "15")
    # A self-check quiz: one question, two options.
    page.locator(".c-sf-add-button").first.click()
    page.get_by_role("option", name="Self-check quiz").click()
    question = "#body-0-value-questions-0-value"
    page.fill(f"{question}-question", "Which of these raises nitrogen dioxide indoors?")
    page.fill(f"{question}-options-0-value-text", "A gas cooker")
    page.check(f"{question}-options-0-value-is_correct")
    page.fill(f"{question}-options-0-value-feedback", "Yes: gas flames make NO2.")
    page.locator("[data-contentpath=options] button.c-sf-add-button").last.click()
    page.fill(f"{question}-options-1-value-text", "A houseplant")
    page.fill(f"{question}-options-1-value-feedback", "Plants do not make NO2.")
    # A practical activity that asks for a photo and a written answer.
    page.locator(".c-sf-add-button").last.click()
    page.get_by_role("option", name="Practical activity").click()
    activity = "#body-1-value"
    page.fill(f"{activity}-title", "Map the sources in your home")
    page.select_option(f"{activity}-kind", "data_collection")
    page.locator("[data-contentpath=instructions] [role=textbox]").click()
    page.keyboard.type("List every gas appliance and take a photo of the kitchen.")
    for kind in ("photo", "text"):  # checkboxes, one per kind of evidence
        page.locator(f"{activity}-evidence_kinds input[value={kind}]").check()
    page.fill(f"{activity}-estimated_minutes", "20")
    checks(page, "admin-03-add-lesson")
    page.locator("[data-contentpath=competencies]").last.locator(
        "button.c-sf-add-button"
    ).last.click()
    page.get_by_role("button", name="Choose competency").last.click()
    choose_competency(
        page, "nitrogen", "AQ-2 Interpret nitrogen dioxide concentrations"
    )
    submit_for_review(page)
    return module_id


@pytest.mark.browser
def test_trainer_authors_translates_and_runs_a_cohort(
    academy, browser, checks, tmp_path
):
    base = academy["url"]
    trainer = browser.new_context(viewport=DESKTOP).new_page()
    editor = browser.new_context(viewport=DESKTOP).new_page()

    # Author in the Wagtail admin; nothing is public before an editor approves.
    admin_login(trainer, base, "trainer")
    module_id = author_module_and_lesson(trainer, base, checks)
    public = trainer.context.new_page()
    course_url = f"{base}/courses/air-quality-monitoring/"
    public.goto(course_url)
    expect(public.locator("main")).not_to_contain_text(MODULE)

    admin_login(editor, base, "editor")
    approve_and_publish(editor, base, MODULE, checks)
    approve_and_publish(editor, base, LESSON, checks)
    public.goto(course_url)
    public.get_by_role("link", name=MODULE).click()
    public.get_by_role("link", name=LESSON).click()
    expect(public.locator("section.quiz")).to_contain_text("A gas cooker")
    expect(public.locator("section.activity")).to_contain_text(
        "Map the sources in your home"
    )
    checks(public, "trainer-01-new-lesson")
    lesson_url = public.url

    # Translate module and lesson into French; the editor publishes them.
    trainer.goto(f"{base}/admin/localize/submit/page/{module_id}/")
    checks(trainer, "admin-06-translate")
    trainer.get_by_label("French").check()
    trainer.get_by_label(re.compile("Include subtree")).check()
    trainer.locator("main [type=submit]").last.click()
    expect(trainer.locator(".messages")).to_contain_text("submitted for translation")
    checks(trainer, "admin-07-translation-editor")
    translate_segments(trainer)
    french_module = re.search(r"/admin/pages/(\d+)/", trainer.url).group(1)
    trainer.goto(f"{base}/admin/pages/{french_module}/")
    trainer.get_by_role("link", name=LESSON).first.click()
    translate_segments(trainer)
    french_lesson = re.search(r"/admin/pages/(\d+)/", trainer.url).group(1)
    for page_id in (french_module, french_lesson):
        editor.goto(f"{base}/admin/pages/{page_id}/edit/")
        editor.get_by_role("button", name="More actions").click()
        editor.get_by_role("button", name=re.compile("Publish")).first.click()
        expect(editor.locator(".messages")).to_contain_text("Published")
        expect(editor.locator(".messages")).not_to_contain_text("missing")
    public.goto(lesson_url)
    public.get_by_role("link", name="Français").click()
    expect(public.locator("h1")).to_have_text(FRENCH[LESSON])
    expect(public.locator("section.quiz")).to_contain_text("Une cuisinière à gaz")
    expect(public.locator("section.activity")).to_contain_text(
        "Listez chaque appareil à gaz"
    )
    expect(public.locator("html")).to_have_attribute("lang", "fr")
    checks(public, "trainer-02-lesson-in-french")
    public.close()

    # Run the cohort from /trainer/ (the admin session signs in to the site too):
    # enrol two people by CSV ...
    trainer.goto(f"{base}/trainer/")
    checks(trainer, "trainer-03-cohorts")
    trainer.get_by_role("link", name=COHORT).first.click()
    trainer.get_by_role("link", name="Import a list (CSV)").click()
    checks(trainer, "trainer-04-import")
    csv = tmp_path / "learners.csv"
    csv.write_text(
        "name,email\n"
        + "".join(f"{name},{email}\n" for name, email in NEW_LEARNERS)
        + "Nobody,not-an-address\n",
        encoding="utf-8",
    )
    trainer.get_by_label("CSV file").set_input_files(str(csv))
    trainer.get_by_role("button", name="Preview").click()
    expect(trainer.locator("h1")).to_have_text("Check the import")
    expect(trainer.locator("main")).to_contain_text("not-an-address")
    checks(trainer, "trainer-05-import-preview")
    trainer.get_by_role("button", name="Import 2 people").click()
    expect(trainer.locator("h1")).to_have_text("Import finished")
    checks(trainer, "trainer-06-import-report")
    for _name, email in NEW_LEARNERS:
        expect(trainer.locator("main")).to_contain_text(email)

    # ... they do the course's work (the learner journey does it in the browser) ...
    academy["manage"](
        "shell",
        "--no-imports",
        "-c",
        LEARNERS_WORK.format(emails=[email for _name, email in NEW_LEARNERS]),
    )

    # ... the trainer reviews their evidence ...
    trainer.goto(f"{base}/trainer/reviews/")
    checks(trainer, "trainer-07-review-queue")
    reviewed = 0
    while trainer.locator("tbody tr").count():
        trainer.locator("tbody tr").first.get_by_role("link", name="Review").click()
        if not reviewed:
            checks(trainer, "trainer-08-review")
        trainer.get_by_label("Approve", exact=True).check()
        trainer.get_by_role("button", name="Send review").click()
        expect(trainer.locator(".messages")).to_be_visible()
        reviewed += 1
        trainer.goto(f"{base}/trainer/reviews/")
    assert reviewed >= 2

    # ... marks attendance at every session ...
    trainer.goto(f"{base}/trainer/")
    trainer.get_by_role("link", name=COHORT).first.click()
    cohort_url = trainer.url
    sessions = (
        trainer.locator("section")
        .filter(has=trainer.get_by_role("heading", name="Sessions and attendance"))
        .get_by_role("listitem")
        .get_by_role("link")
    )
    expect(sessions).to_have_count(3)
    for index in range(3):
        trainer.goto(cohort_url)
        sessions.nth(index).click()
        if not index:
            checks(trainer, "trainer-09-attendance")
        for name, _email in NEW_LEARNERS:
            trainer.get_by_label(name).check()
        trainer.get_by_role("button", name="Save attendance").click()
        expect(trainer.locator(".messages")).to_be_visible()

    # ... issues the cohort's certificates (the course leaves it to trainers) ...
    trainer.goto(cohort_url)
    trainer.get_by_role("link", name="Certificates", exact=True).click()
    checks(trainer, "trainer-10-certificates")
    trainer.get_by_role(
        "button", name="Issue 2 certificates to eligible learners"
    ).click()
    expect(trainer.locator("main")).to_contain_text("2 certificates issued")
    expect(trainer.locator("main")).to_contain_text("1 learner already had one")
    checks(trainer, "trainer-11-issued")
    trainer.get_by_role("link", name="Back to certificates").click()
    table = trainer.locator("table")
    for name, _email in NEW_LEARNERS:
        expect(table.locator("tr").filter(has_text=name)).to_contain_text("Valid")

    # ... and revokes one, with a reason.
    name = NEW_LEARNERS[1][0]
    trainer.get_by_role("link", name=f"Revoke {name}").click()
    checks(trainer, "trainer-12-revoke")
    trainer.get_by_label("Reason for revoking").fill("Enrolled in the wrong cohort.")
    trainer.get_by_role("button", name="Revoke").click()
    row = trainer.locator("table tr").filter(has_text=name)
    expect(row).to_contain_text("Revoked")
    expect(row).to_contain_text("Enrolled in the wrong cohort.")
    checks(trainer, "trainer-13-revoked")
    assert checks.problems == []
