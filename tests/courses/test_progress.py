"""Lesson completion, quiz attempts, evidence and reviews, and the derived rule."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Notification
from courses.choices import EvidenceStatus, ReviewDecision
from courses.models import (
    Attendance,
    CourseCompletion,
    EvidenceReview,
    EvidenceSubmission,
    LessonCompletion,
    QuizAttempt,
)
from courses.selectors import learner_course_progress
from courses.services import (
    EVIDENCE_EMPTY,
    EVIDENCE_FILE_NOT_EXPECTED,
    EVIDENCE_WAITING,
    FEEDBACK_REQUIRED,
    NOT_ENROLLED,
    NOT_IN_COHORT,
    NOT_YOUR_LEARNER,
    attendance_mark,
    enrolment_create,
    evidence_review,
    evidence_submit,
    lesson_complete,
    quiz_attempt_submit,
)
from courses.signals import course_completed
from courses.uploads import FILE_CONTENT_MISMATCH, FILE_TOO_LARGE, FILE_TYPE_NOT_ALLOWED
from tests.conftest import CORRECT
from tests.courses.factories import (
    AttendanceFactory,
    CohortSessionFactory,
    CompetencyFactory,
    activity_value,
    assert_evidence_served_only_to_its_people,
    make_cohort,
    make_course,
    make_lesson,
    make_module,
    make_user,
    png,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def announcements():
    received = []

    def receiver(sender, completion, **kwargs):
        received.append(completion)

    course_completed.connect(receiver, weak=False)
    yield received
    course_completed.disconnect(receiver)


# -- lesson completion ------------
def test_completing_twice_records_once(course_tree, learner, enrolled):
    first = lesson_complete(learner=learner, lesson=course_tree["l1"])
    second = lesson_complete(learner=learner, lesson=course_tree["l1"])
    assert first.pk == second.pk
    assert LessonCompletion.objects.filter(learner=learner).count() == 1
    assert first.module_id == course_tree["modules"][0].id


def test_not_enrolled_learner_cannot_record_progress(course_tree, learner):
    with pytest.raises(ValidationError) as excinfo:
        lesson_complete(learner=learner, lesson=course_tree["l1"])
    assert excinfo.value.messages == [str(NOT_ENROLLED)]
    assert not LessonCompletion.objects.exists()


def test_mark_complete_through_the_page(client, course_tree, learner, enrolled):
    client.force_login(learner)
    lesson = course_tree["l1"]
    page = client.get(lesson.url).content.decode()
    assert "Mark as complete" in page
    response = client.post(lesson.url + "complete/")
    assert response.status_code == 302
    assert response["Location"] == course_tree["l2"].url  # on to the next lesson
    assert "You have completed this lesson." in client.get(lesson.url).content.decode()


def test_complete_requires_post_and_sign_in(client, course_tree):
    url = course_tree["l1"].url + "complete/"
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]
    assert not LessonCompletion.objects.exists()


# -- quizzes ------------
def test_every_attempt_is_kept_and_passing_completes_the_lesson(
    course_tree, learner, enrolled
):
    lesson = course_tree["l2"]
    failed, result = quiz_attempt_submit(
        learner=learner,
        lesson=lesson,
        block_id="quiz1",
        data={"q-q1": "q1b", "q-q2": "q2c"},
    )
    assert (failed.score, failed.passed) == (0, False)
    assert not LessonCompletion.objects.filter(lesson=lesson).exists()
    passed, result = quiz_attempt_submit(
        learner=learner, lesson=lesson, block_id="quiz1", data=CORRECT
    )
    assert (passed.score, passed.passed, passed.pass_mark) == (100, True, 50)
    assert QuizAttempt.objects.filter(learner=learner).count() == 2
    completion = LessonCompletion.objects.get(learner=learner, lesson=lesson)
    assert completion.source == LessonCompletion.Source.QUIZ


def test_tampered_answers_get_400_and_store_nothing(
    client, course_tree, learner, enrolled
):
    client.force_login(learner)
    url = course_tree["l2"].url + "quiz/quiz1/"
    response = client.post(url, {"q-q1": "q1a", "q-q2": "not-an-option"})
    assert response.status_code == 400
    assert "does not belong to this quiz" in response.content.decode()
    assert not QuizAttempt.objects.exists()


def test_quiz_for_another_lesson_is_refused(course_tree, learner, enrolled):
    with pytest.raises(ValidationError):
        quiz_attempt_submit(
            learner=learner, lesson=course_tree["l1"], block_id="quiz1", data=CORRECT
        )
    assert not QuizAttempt.objects.exists()


def test_enrolled_learner_sees_score_recorded(client, course_tree, learner, enrolled):
    client.force_login(learner)
    response = client.post(course_tree["l2"].url + "quiz/quiz1/", CORRECT)
    assert response.status_code == 200
    assert "Well done, you passed." in response.content.decode()
    assert QuizAttempt.objects.filter(learner=learner, passed=True).count() == 1


# -- evidence ------------
def test_text_and_photo_evidence_is_stored_privately(
    course_tree, learner, enrolled, settings
):
    submission = evidence_submit(
        learner=learner,
        lesson=course_tree["l3"],
        block_id="act1",
        text="Photo of the bridge.",
        uploads=[png()],
    )
    assert submission.status == EvidenceStatus.SUBMITTED
    (stored,) = submission.files.all()
    assert stored.original_filename == "site.png"
    assert stored.content_type == "image/png"
    # Stored under the private root (test-artifacts/private-media in tests).
    assert stored.file.path.startswith(str(settings.ACADEMY_PRIVATE_MEDIA_ROOT))
    assert not stored.file.path.startswith(str(settings.MEDIA_ROOT))


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("notes.html", b"<script>alert(1)</script>"),
            FILE_TYPE_NOT_ALLOWED,
        ),
        (SimpleUploadedFile("fake.png", b"not an image at all"), FILE_CONTENT_MISMATCH),
    ],
)
def test_wrong_file_types_are_refused(course_tree, learner, enrolled, upload, message):
    with pytest.raises(ValidationError) as excinfo:
        evidence_submit(
            learner=learner, lesson=course_tree["l3"], block_id="act1", uploads=[upload]
        )
    assert str(message).split("%")[0] in excinfo.value.messages[0]
    assert not EvidenceSubmission.objects.exists()


def test_oversized_file_is_refused(course_tree, learner, enrolled, settings):
    settings.ACADEMY_EVIDENCE_MAX_BYTES = 50
    with pytest.raises(ValidationError) as excinfo:
        evidence_submit(
            learner=learner, lesson=course_tree["l3"], block_id="act1", uploads=[png()]
        )
    assert excinfo.value.code == "file_too_large"
    assert str(FILE_TOO_LARGE).split(" ")[1] in excinfo.value.messages[0]
    assert excinfo.value.messages[0].startswith("site.png is ")
    assert not EvidenceSubmission.objects.exists()


def test_empty_evidence_is_refused(course_tree, learner, enrolled):
    with pytest.raises(ValidationError) as excinfo:
        evidence_submit(learner=learner, lesson=course_tree["l3"], block_id="act1")
    assert excinfo.value.messages == [str(EVIDENCE_EMPTY)]


def test_file_refused_when_only_text_is_expected(course_index, learner, trainer):
    course = make_course(course_index)
    lesson = make_lesson(
        make_module(course),
        body=[
            {
                "type": "activity",
                "id": "a",
                "value": activity_value(CompetencyFactory(), kinds=["text"]),
            }
        ],
    )
    enrolment_create(cohort=make_cohort(course, trainers=[trainer]), learner=learner)
    with pytest.raises(ValidationError) as excinfo:
        evidence_submit(learner=learner, lesson=lesson, block_id="a", uploads=[png()])
    assert excinfo.value.messages == [str(EVIDENCE_FILE_NOT_EXPECTED)]


def test_upload_through_the_page_with_a_clear_error(
    client, course_tree, learner, enrolled
):
    client.force_login(learner)
    url = course_tree["l3"].url + "evidence/act1/"
    bad = SimpleUploadedFile("data.exe", b"MZ\x90\x00")
    response = client.post(url, {"text": "", "file": bad})
    assert response.status_code == 400
    assert "data.exe is not one of them" in response.content.decode()
    ok = client.post(url, {"text": "Here it is", "file": png()})
    assert ok.status_code == 302
    assert EvidenceSubmission.objects.filter(learner=learner).count() == 1


def test_review_cycle_changes_then_approval(
    course_tree,
    learner,
    enrolled,
    trainer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    lesson = course_tree["l3"]
    first = evidence_submit(learner=learner, lesson=lesson, block_id="act1", text="v1")
    with pytest.raises(ValidationError) as excinfo:
        evidence_submit(
            learner=learner, lesson=lesson, block_id="act1", text="v1 again"
        )
    assert excinfo.value.messages == [str(EVIDENCE_WAITING)]
    with pytest.raises(ValidationError) as excinfo:
        evidence_review(
            submission=first,
            reviewer=trainer,
            decision=ReviewDecision.CHANGES_REQUESTED,
        )
    assert excinfo.value.message_dict["feedback"] == [str(FEEDBACK_REQUIRED)]
    with django_capture_on_commit_callbacks(execute=True):
        evidence_review(
            submission=first,
            reviewer=trainer,
            decision=ReviewDecision.CHANGES_REQUESTED,
            feedback="Add a wider photo.",
        )
    first.refresh_from_db()
    assert first.status == EvidenceStatus.CHANGES_REQUESTED
    second = evidence_submit(learner=learner, lesson=lesson, block_id="act1", text="v2")
    with django_capture_on_commit_callbacks(execute=True):
        evidence_review(
            submission=second, reviewer=trainer, decision=ReviewDecision.APPROVED
        )
    assert EvidenceSubmission.objects.filter(learner=learner).count() == 2
    assert EvidenceReview.objects.count() == 2  # every review is kept
    assert len(mailoutbox) == 2
    assert "Add a wider photo." in mailoutbox[0].body
    reviews = Notification.objects.filter(user=learner, kind=Notification.Kind.REVIEW)
    assert reviews.count() == 2  # one per review, each e-mailed once
    assert all(n.emailed_at for n in reviews)


def test_learner_sees_feedback_and_can_resubmit(
    client, course_tree, learner, enrolled, trainer
):
    lesson = course_tree["l3"]
    submission = evidence_submit(
        learner=learner, lesson=lesson, block_id="act1", text="v1"
    )
    evidence_review(
        submission=submission,
        reviewer=trainer,
        decision=ReviewDecision.CHANGES_REQUESTED,
        feedback="Please add the date.",
    )
    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    assert "Please add the date." in page
    assert "Submit again" in page
    dashboard = client.get("/learn/").content.decode()
    assert "Please add the date." in dashboard


def test_trainer_of_another_cohort_cannot_review(course_tree, learner, enrolled):
    stranger = make_user("stranger")
    make_cohort(course_tree["course"], trainers=[stranger])
    submission = evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", text="v1"
    )
    with pytest.raises(PermissionDenied) as excinfo:
        evidence_review(
            submission=submission, reviewer=stranger, decision=ReviewDecision.APPROVED
        )
    assert str(excinfo.value) == str(NOT_YOUR_LEARNER)
    assert not EvidenceReview.objects.exists()


# -- evidence files ------------
def test_evidence_file_is_served_only_to_learner_and_cohort_trainers(
    client, course_tree, learner, other_learner, enrolled, trainer
):
    submission = evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", uploads=[png()]
    )
    assert_evidence_served_only_to_its_people(
        client,
        submission,
        course=course_tree["course"],
        learner=learner,
        other_learner=other_learner,
        trainer=trainer,
    )


# -- derived progress and the announcement ------------
def test_rule_and_percentage_are_derived(
    course_tree,
    learner,
    enrolled,
    trainer,
    announcements,
    django_capture_on_commit_callbacks,
):
    commit = django_capture_on_commit_callbacks
    course = course_tree["course"]
    progress = learner_course_progress(learner=learner, course=course)
    assert progress.percent == 0
    assert not progress.complete
    with commit(execute=True):
        lesson_complete(learner=learner, lesson=course_tree["l1"])
        quiz_attempt_submit(
            learner=learner, lesson=course_tree["l2"], block_id="quiz1", data=CORRECT
        )
        lesson_complete(learner=learner, lesson=course_tree["l3"])
    progress = learner_course_progress(learner=learner, course=course)
    assert progress.percent == 75  # 3 of 4 lessons, the optional one not done
    assert [m.complete for m in progress.modules] == [True, True, False]
    assert progress.rule.modules and progress.rule.quizzes
    assert not progress.rule.evidence
    assert not announcements
    with commit(execute=True):
        submission = evidence_submit(
            learner=learner, lesson=course_tree["l3"], block_id="act1", text="done"
        )
        evidence_review(
            submission=submission, reviewer=trainer, decision=ReviewDecision.APPROVED
        )
    progress = learner_course_progress(learner=learner, course=course)
    assert progress.complete
    assert progress.competency_ids == {course_tree["competency"].id}
    assert CourseCompletion.objects.filter(learner=learner, course=course).count() == 1
    assert [c.learner for c in announcements] == [learner]
    # Further progress does not announce again.
    with commit(execute=True):
        lesson_complete(learner=learner, lesson=course_tree["l4"])
    assert len(announcements) == 1


def test_attendance_rule(
    course_tree, learner, trainer, announcements, django_capture_on_commit_callbacks
):
    course = course_tree["course"]
    course.certificate_requires_evidence = False
    course.certificate_requires_attendance = True
    course.certificate_min_attendance = 50
    course.save()
    past = timezone.now() - timedelta(days=3)
    cohort = make_cohort(course, trainers=[trainer], sessions=[past, past])
    enrolment_create(cohort=cohort, learner=learner)
    for key in ("l1", "l3"):
        lesson_complete(learner=learner, lesson=course_tree[key])
    quiz_attempt_submit(
        learner=learner, lesson=course_tree["l2"], block_id="quiz1", data=CORRECT
    )
    assert not learner_course_progress(learner=learner, course=course).rule.attendance
    with django_capture_on_commit_callbacks(execute=True):
        attendance_mark(
            session=cohort.sessions.first(), present_ids=[learner.id], by=trainer
        )
    progress = learner_course_progress(learner=learner, course=course)
    assert progress.rule.attendance and progress.complete
    assert len(announcements) == 1


def test_attendance_only_for_learners_of_the_cohort(
    course_tree, learner, trainer, enrolled
):
    session = CohortSessionFactory(
        cohort=enrolled.cohort,
        title="Walk",
        starts_at=timezone.now() - timedelta(days=1),
    )
    stranger = make_user("stranger")
    with pytest.raises(ValidationError) as excinfo:
        attendance_mark(
            session=session, present_ids=[learner.id, stranger.id], by=trainer
        )
    assert excinfo.value.messages == [str(NOT_IN_COHORT)]
    assert not Attendance.objects.exists()
    with pytest.raises(PermissionDenied):
        attendance_mark(session=session, present_ids=[learner.id], by=stranger)


def test_attendance_refused_before_the_session_starts(
    course_tree, learner, trainer, enrolled
):
    session = CohortSessionFactory(
        cohort=enrolled.cohort,
        title="Next week",
        starts_at=timezone.now() + timedelta(days=7),
    )
    with pytest.raises(ValidationError) as excinfo:
        attendance_mark(session=session, present_ids=[learner.id], by=trainer)
    assert excinfo.value.code == "session_not_started"
    assert "has not started yet" in excinfo.value.messages[0]
    assert not Attendance.objects.exists()


def test_attendance_of_a_future_session_never_counts(course_tree, learner, trainer):
    """A register written for a session that has not happened (older data, or a
    session moved later) does not count toward the rule."""
    course = course_tree["course"]
    course.certificate_requires_evidence = False
    course.certificate_requires_attendance = True
    course.certificate_min_attendance = 50
    course.save()
    past = timezone.now() - timedelta(days=3)
    future = timezone.now() + timedelta(days=3)
    cohort = make_cohort(course, trainers=[trainer], sessions=[past, future])
    enrolment_create(cohort=cohort, learner=learner)
    for key in ("l1", "l3"):
        lesson_complete(learner=learner, lesson=course_tree[key])
    quiz_attempt_submit(
        learner=learner, lesson=course_tree["l2"], block_id="quiz1", data=CORRECT
    )
    AttendanceFactory(
        session=cohort.sessions.get(starts_at=future), learner=learner, present=True
    )
    progress = learner_course_progress(learner=learner, course=course)
    assert not progress.rule.attendance
    assert not progress.complete


def test_attendance_page_and_api_refuse_a_future_session(
    client, course_tree, learner, trainer, enrolled
):
    session = CohortSessionFactory(
        cohort=enrolled.cohort,
        title="Next week",
        starts_at=timezone.now() + timedelta(days=7),
    )
    client.force_login(trainer)
    url = f"/trainer/cohorts/{enrolled.cohort.code}/sessions/{session.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert "has not started yet" in page.content.decode()
    assert 'name="present"' not in page.content.decode()
    response = client.post(url, {"present": [learner.id]})
    assert response.status_code == 200
    assert "has not started yet" in response.content.decode()
    api = APIClient()
    api.force_authenticate(trainer)
    answer = api.put(
        f"/api/v1/cohorts/{enrolled.cohort.code}/sessions/{session.pk}/attendance",
        {"present": [learner.id]},
        format="json",
    )
    assert answer.status_code == 400
    assert "has not started yet" in answer.json()["error"]["message"]
    assert not Attendance.objects.exists()
