"""Demo learners part-way through courses, recorded through the real services."""

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from courses.choices import ReviewDecision
from courses.models import Cohort, CoursePage, Enrolment, LessonPage
from courses.services import (
    attendance_mark,
    enrolment_create,
    enrolment_request,
    evidence_review,
    evidence_submit,
    lesson_complete,
    quiz_attempt_submit,
    waitlist_join,
)

CSV_EVIDENCE = (
    "site_code,street,latitude,longitude,height_m,distance_from_kerb_m\n"
    "CAS-231,Rue Haute,50.83712,4.34890,2.3,1.8\n"
)


def _evidence_file(kinds):
    """A small, genuine file of a kind the activity accepts (None if text is enough)."""
    if "text" in kinds:
        return None
    if "data" in kinds:
        return SimpleUploadedFile("results.csv", CSV_EVIDENCE.encode(), "text/csv")
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (46, 125, 79)).save(buffer, "PNG")
    return SimpleUploadedFile("evidence.png", buffer.getvalue(), "image/png")


def _photo(name: str, colour) -> SimpleUploadedFile:
    """A small JPEG standing in for a learner's photo: a coloured scene with a
    pale "tube" in the middle, so its preview shows something."""
    image = Image.new("RGB", (480, 360), colour)
    image.paste((235, 235, 225), (228, 80, 252, 280))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(name, buffer.getvalue(), "image/jpeg")


def load_demo_queues(*, report=print) -> None:
    """The enrolment options of decision 0036, through the real services: the
    small weekend cohort is full (its one place is Amina's) with Jonas on its waiting
    list, and Jonas has asked to join the East district cohort, whose trainers
    approve each learner. Idempotent."""
    users = get_user_model().objects
    amina, jonas = (users.get(username=name) for name in ("learner1", "learner2"))
    weekend = Cohort.objects.filter(name="Botanical garden weekend cohort").first()
    east = Cohort.objects.filter(name="East district cohort").first()
    if weekend is None or east is None:
        return
    if Enrolment.objects.filter(cohort__in=[weekend, east]).exists():
        report("Demo waiting list and request to join: already there.")
        return
    # Eleni stays free to enrol in the museum cohort (the keyboard journey).
    enrolment_create(cohort=weekend, learner=amina)
    waitlist_join(cohort=weekend, learner=jonas)
    enrolment_request(
        cohort=east,
        learner=jonas,
        message=(
            "I speak Lithuanian and Russian, and I volunteer at the east district "
            "food bank, so I know many of the families there."
        ),
    )
    report(
        "Demo enrolment options: a full cohort with a waiting list, a request to "
        "join waiting for a trainer, a course that requires a certificate."
    )


def _correct_answers(block):
    data = {}
    for question in block.value["questions"].bound_blocks:
        data[f"q-{question.id}"] = [
            o.id
            for o in question.value["options"].bound_blocks
            if o.value["is_correct"]
        ]
    return data


def load_demo_progress(*, index, report=print) -> None:
    users = get_user_model().objects
    amina = users.get(username="learner1")
    jonas = users.get(username="learner2")
    eleni = users.get(username="learner3")
    trainer = users.get(username="trainer")
    if Enrolment.objects.filter(learner__in=[amina, jonas, eleni]).exists():
        report("Demo progress: already there.")
        return
    air = CoursePage.objects.child_of(index).get(slug="air-quality-monitoring")
    health = CoursePage.objects.child_of(index).get(slug="community-health-inequality")
    air_cohort = Cohort.objects.get(course=air, name="City libraries cohort")
    health_cohort = Cohort.objects.get(course=health, name="North district cohort")
    lessons = list(LessonPage.objects.descendant_of(air).live().order_by("path"))

    # Amina: first module done (quiz passed), site planning under way.
    enrolment_create(cohort=air_cohort, learner=amina)
    for lesson in lessons[:5]:
        for quiz in lesson.blocks("quiz"):
            quiz_attempt_submit(
                learner=amina,
                lesson=lesson,
                block_id=quiz.id,
                data=_correct_answers(quiz),
            )
        lesson_complete(learner=amina, lesson=lesson)
    site_record = lessons[5]
    for activity in site_record.blocks("activity"):
        evidence_submit(
            learner=amina,
            lesson=site_record,
            block_id=activity.id,
            text="Lamp post opposite the primary school on Rue Haute; photos attached.",
            uploads=[
                SimpleUploadedFile(
                    "site-record.csv", CSV_EVIDENCE.encode(), "text/csv"
                ),
                _photo("tube-on-lamp-post.jpg", (46, 125, 79)),
                _photo("street-view.jpg", (90, 110, 140)),
            ],
        )

    # Jonas: risk assessment sent back with feedback.
    enrolment_create(cohort=air_cohort, learner=jonas)
    risk = lessons[4]
    lesson_complete(learner=jonas, lesson=lessons[0])
    for activity in risk.blocks("activity"):
        submission = evidence_submit(
            learner=jonas,
            lesson=risk,
            block_id=activity.id,
            text="Hazards: traffic. I will be careful.",
        )
        evidence_review(
            submission=submission,
            reviewer=trainer,
            decision=ReviewDecision.CHANGES_REQUESTED,
            feedback=(
                "Good start. Please list each hazard separately (traffic, ladder, "
                "weather) and say what you will do about each one."
            ),
        )

    # Eleni: completed the invitation-only health course. Its trainers issue
    # certificates themselves; the loader does it for the cohort at the end.
    enrolment_create(cohort=health_cohort, learner=eleni, by=trainer, source="trainer")
    _complete_course(
        learner=eleni, course=health, cohort=health_cohort, trainer=trainer
    )
    report(
        "Demo progress: three learners enrolled, work to review, one course completed."
    )


def _complete_course(*, learner, course, cohort, trainer) -> None:
    """Do everything the certificate rule asks, through the real services."""
    for lesson in LessonPage.objects.descendant_of(course).live().order_by("path"):
        for quiz in lesson.blocks("quiz"):
            quiz_attempt_submit(
                learner=learner,
                lesson=lesson,
                block_id=quiz.id,
                data=_correct_answers(quiz),
            )
        for activity in lesson.blocks("activity"):
            submission = evidence_submit(
                learner=learner,
                lesson=lesson,
                block_id=activity.id,
                text="Done during the session; notes kept in my field notebook.",
                uploads=[_evidence_file(activity.value["evidence_kinds"])],
            )
            evidence_review(
                submission=submission,
                reviewer=trainer,
                decision=ReviewDecision.APPROVED,
                feedback="Thoughtful and careful work.",
            )
        lesson_complete(learner=learner, lesson=lesson)
    for session in cohort.sessions.filter(starts_at__lte=timezone.now()):
        attendance_mark(session=session, present_ids=[learner.id], by=trainer)
