"""The quiz gradebook of a cohort: every learner's best and last score on every
quiz of the course, in the course's order (two queries whatever the size)."""

from dataclasses import dataclass

from courses.choices import EnrolmentStatus
from courses.models import Enrolment, QuizAttempt
from courses.selectors.progress import course_outline


@dataclass(frozen=True)
class GradebookQuiz:
    module: str
    lesson: str
    lesson_id: int
    block_id: str
    title: str
    pass_mark: int


@dataclass
class Grade:
    attempts: int = 0
    best: int = 0
    last: int = 0
    passed: bool = False


@dataclass
class GradebookRow:
    enrolment: Enrolment
    grades: list[Grade | None]  # one per quiz; None: never attempted


def cohort_gradebook(*, cohort) -> dict:
    """``quizzes`` (columns) and ``rows`` (active learners by name)."""
    outline = course_outline(course=cohort.course)
    quizzes = [
        GradebookQuiz(
            module=module.title,
            lesson=lesson.title,
            lesson_id=lesson.id,
            block_id=quiz.block_id,
            title=quiz.title,
            pass_mark=quiz.pass_mark,
        )
        for module in outline.modules
        for lesson in module.lessons
        for quiz in lesson.quizzes
    ]
    enrolments = list(
        Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.ACTIVE)
        .select_related("learner__profile")
        .order_by("learner__profile__printed_name", "learner__email")
    )
    grades: dict[tuple, Grade] = {}
    if quizzes and enrolments:
        for learner_id, lesson_id, block_id, score, passed in (
            QuizAttempt.objects.filter(
                learner_id__in=[e.learner_id for e in enrolments],
                lesson_id__in={quiz.lesson_id for quiz in quizzes},
            )
            .order_by("created_at", "pk")
            .values_list("learner_id", "lesson_id", "block_id", "score", "passed")
        ):
            grade = grades.setdefault((learner_id, lesson_id, block_id), Grade())
            grade.attempts += 1
            grade.best = max(grade.best, score)
            grade.last = score
            grade.passed = grade.passed or passed
    rows = [
        GradebookRow(
            enrolment=enrolment,
            grades=[
                grades.get((enrolment.learner_id, quiz.lesson_id, quiz.block_id))
                for quiz in quizzes
            ],
        )
        for enrolment in enrolments
    ]
    return {"quizzes": quizzes, "rows": rows}
