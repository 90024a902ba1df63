"""A new learner, on a 360-px phone, from sign-up to a certificate PDF.

The trainer of the cohort reviews the learner's work and marks attendance in
another browser, as happens in a real course run. Every page the learner and
the trainer see is checked with axe-core and for horizontal scrolling.
"""

import io
import re
from urllib.parse import urlparse

import pytest
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from demo.data import read
from tests.browser.conftest import DEMO_PASSWORD, mail_body, mail_to, sign_in

EMAIL = "ruta@example.net"
NAME = "Rūta Žemaitytė"
PHONE = {"width": 360, "height": 740}


def evidence_files(folder):
    """A real photo, a one-page PDF and a CSV, as a learner would upload."""
    photo = folder / "site-photo.jpg"
    Image.new("RGB", (640, 480), (90, 140, 200)).save(photo, "JPEG")
    document = folder / "risk-assessment.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with document.open("wb") as handle:
        writer.write(handle)
    data = folder / "site-record.csv"
    data.write_text("site,lat,lon,height_m\nHigh Street 12,50.85034,4.35171,2.5\n")
    return {"photo": photo, "file": document, "data": data}


AIR_QUALITY = read("courses/air-quality-monitoring.yaml")


def blocks(lesson, kind):
    return [block[kind] for block in lesson["body"] if kind in block]


def answer(quiz_section, quiz, *, correctly):
    """Tick the right options, or a wrong one in each question."""
    for item in quiz["questions"]:
        question = quiz_section.locator("fieldset").filter(has_text=item["question"])
        multiple = item["multiple"]
        wrong_done = False
        for choice in item["options"]:
            correct = choice["correct"]
            option = question.get_by_label(choice["text"], exact=True)
            tick = correct if correctly else (not correct and not wrong_done)
            if not correctly and not correct:
                wrong_done = True
            if multiple:
                option.set_checked(tick)
            elif tick:
                option.check()
    quiz_section.get_by_role("button", name="Check my answers").click()


def submit_evidence(page, activity, files, *, again=False):
    section = page.locator("section.activity").filter(has_text=activity["title"])
    section.get_by_label("Your answer").fill(
        f"Done for “{activity['title']}”: notes from my first visit."
    )
    kinds = activity["evidence"]
    upload = next((files[k] for k in ("photo", "file", "data") if k in kinds), None)
    if upload:
        # "File", or "Files" where the activity takes several.
        section.get_by_label(re.compile(r"^Files?$")).set_input_files(str(upload))
    section.get_by_role(
        "button", name="Submit again" if again else "Submit evidence"
    ).click()
    section = page.locator("section.activity").filter(has_text=activity["title"])
    expect(section.locator(".status")).to_have_text("Waiting for review")


def review_all(trainer, base, checks, *, decision="Approve", feedback=""):
    """Review every submission of the learner waiting in the trainer's queue."""
    reviewed = 0
    while True:
        trainer.goto(f"{base}/trainer/reviews/")
        row = trainer.locator("tbody tr").filter(has_text=NAME).first
        if not row.count():
            return reviewed
        row.get_by_role("link", name="Review").click()
        if reviewed == 0:
            checks(trainer, f"trainer-review-{decision.split()[0].lower()}")
        trainer.get_by_label(decision, exact=True).check()
        if feedback:
            trainer.get_by_label("Feedback for the learner").fill(feedback)
        trainer.get_by_role("button", name="Send review").click()
        expect(trainer.locator(".messages, [role=status]").first).to_be_visible()
        reviewed += 1


def complete(page) -> bool:
    """Mark the lesson complete, which moves on to the next lesson (True), unless
    passing its quiz already completed it (False)."""
    button = page.get_by_role("button", name="Mark as complete")
    if button.count():
        button.click()
        expect(page.locator(".messages")).to_contain_text("Lesson marked as complete.")
        return True
    expect(page.locator(".lesson-complete")).to_contain_text(
        "You have completed this lesson."
    )
    return False


@pytest.mark.browser
def test_learner_signs_up_learns_and_gets_a_certificate(
    academy, browser, checks, tmp_path
):
    base = academy["url"]
    files = evidence_files(tmp_path)
    context = browser.new_context(viewport=PHONE, accept_downloads=True)
    page = context.new_page()

    # Sign up and confirm the e-mail address from the outbox.
    page.goto(base + "/")
    checks(page, "learner-01-home")
    page.get_by_role("link", name="Create account").click()
    checks(page, "learner-02-signup")
    page.fill("#id_email", EMAIL)
    page.fill("#id_printed_name", NAME)
    page.fill("#id_password1", DEMO_PASSWORD)
    page.fill("#id_password2", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Verify")
    checks(page, "learner-03-verify-email")
    (message,) = mail_to(academy["mail"], EMAIL)
    link = re.search(r"https?://\S+/account/confirm-email/\S+", mail_body(message))
    page.goto(base + urlparse(link.group(0)).path)
    checks(page, "learner-04-confirm-email")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("My learning")
    checks(page, "learner-05-dashboard-empty")

    # Browse the catalogue by competency domain and enrol.
    page.get_by_role("link", name="Competency domains").click()
    checks(page, "learner-06-domains")
    page.get_by_role("link", name="Air quality measurement").click()
    checks(page, "learner-07-domain")
    page.get_by_role("link", name=AIR_QUALITY["title"]).first.click()
    checks(page, "learner-08-course")
    page.get_by_role("button", name="Enrol in City libraries cohort").click()
    expect(page.locator("#cohorts")).to_contain_text(
        "You are enrolled in City libraries cohort."
    )
    checks(page, "learner-09-enrolled")

    # Read every lesson, module by module: quizzes, evidence, completion.
    course_url = page.url
    first_quiz = first_activity = True
    last_lesson = AIR_QUALITY["modules"][-1]["lessons"][-1]
    for module in AIR_QUALITY["modules"]:
        page.goto(course_url)
        page.get_by_role("link", name=module["title"], exact=True).click()
        if module is AIR_QUALITY["modules"][0]:
            checks(page, "learner-10-module")
        page.locator(".lesson-list a").first.click()
        for index, lesson in enumerate(module["lessons"]):
            expect(page.locator("h1")).to_have_text(lesson["title"])
            for quiz in blocks(lesson, "quiz"):
                section = page.locator("section.quiz")
                if first_quiz:
                    answer(section, quiz, correctly=False)
                    expect(page.locator("section.quiz [role=status]")).to_contain_text(
                        "Not yet passed"
                    )
                    checks(page, "learner-11-quiz-failed")
                answer(page.locator("section.quiz"), quiz, correctly=True)
                expect(page.locator("section.quiz [role=status]")).to_contain_text(
                    "Well done, you passed."
                )
                if first_quiz:
                    checks(page, "learner-12-quiz-passed")
                first_quiz = False
            for activity in blocks(lesson, "activity"):
                submit_evidence(page, activity, files)
                if first_activity:
                    checks(page, "learner-13-evidence-submitted")
                first_activity = False
            checks(page, f"learner-lesson-{lesson['slug']}")
            if lesson is last_lesson:
                break
            if not complete(page) and index + 1 < len(module["lessons"]):
                page.locator("a[rel=next]").click()
    last_lesson_url = page.url

    # The trainer asks for changes to the site photos ...
    trainer = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(trainer, base, "trainer@academy.example")
    trainer.goto(f"{base}/trainer/reviews/")
    checks(trainer, "trainer-review-queue")
    trainer.locator("tbody tr").filter(has_text=NAME).filter(
        has_text="Recording your site"
    ).get_by_role("link", name="Review").click()
    trainer.get_by_label("Ask for changes", exact=True).check()
    feedback = "The close-up photo is blurred: please take it again in daylight."
    trainer.get_by_label("Feedback for the learner").fill(feedback)
    trainer.get_by_role("button", name="Send review").click()

    # ... the learner reads the feedback on the dashboard and resubmits ...
    page.goto(f"{base}/learn/")
    expect(page.locator("main")).to_contain_text(feedback)
    checks(page, "learner-14-dashboard-feedback")
    page.get_by_role("link", name="Recording your site").first.click()
    expect(page.locator("section.activity")).to_contain_text(feedback)
    checks(page, "learner-15-feedback")
    (activity,) = blocks(AIR_QUALITY["modules"][1]["lessons"][2], "activity")
    submit_evidence(page, activity, files, again=True)

    # ... and the trainer approves everything and marks attendance.
    assert review_all(trainer, base, checks) == 4
    trainer.goto(f"{base}/trainer/")
    trainer.get_by_role("link", name="City libraries cohort").first.click()
    checks(trainer, "trainer-cohort")
    trainer.get_by_role("link", name="Welcome and tube handling").click()
    checks(trainer, "trainer-attendance")
    trainer.get_by_label(NAME).check()
    trainer.get_by_role("button", name="Save attendance").click()
    trainer.context.close()

    # Completing the last lesson completes the course: the certificate follows.
    page.goto(last_lesson_url)
    complete(page)
    page.goto(f"{base}/learn/")
    certificates = page.locator("section").filter(
        has=page.get_by_role("heading", name="Your certificates")
    )
    expect(certificates).to_contain_text(AIR_QUALITY["title"])
    checks(page, "learner-16-certificate")
    with page.expect_download() as download:
        certificates.get_by_role("link", name="Download PDF").click()
    pdf = download.value.path().read_bytes()
    assert pdf.startswith(b"%PDF-")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert NAME in text
    assert AIR_QUALITY["title"] in text.replace("\n", " ")
    context.close()
    assert checks.problems == []
