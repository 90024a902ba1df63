import pytest

from courses.services import (
    evidence_review,
    evidence_submit,
    lesson_complete,
    quiz_attempt_submit,
)
from tests.conftest import CORRECT


@pytest.fixture
def complete_course(
    course_tree, learner, enrolled, trainer, django_capture_on_commit_callbacks
):
    """Make ``learner`` meet the rule of ``course_tree``; returns a function to call
    (so tests can choose the learner's name and language first)."""

    def run(user=learner):
        with django_capture_on_commit_callbacks(execute=True):
            lesson_complete(learner=user, lesson=course_tree["l1"])
            quiz_attempt_submit(
                learner=user, lesson=course_tree["l2"], block_id="quiz1", data=CORRECT
            )
            lesson_complete(learner=user, lesson=course_tree["l3"])
            submission = evidence_submit(
                learner=user, lesson=course_tree["l3"], block_id="act1", text="done"
            )
        with django_capture_on_commit_callbacks(execute=True):
            evidence_review(
                submission=submission, reviewer=trainer, decision="approved"
            )
        from certificates.models import Certificate

        return Certificate.objects.get(learner=user, course=course_tree["course"])

    return run
