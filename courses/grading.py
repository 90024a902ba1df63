"""Grading self-check quizzes: pure functions over a quiz block's value.

The correct answers never leave the server: the page only carries option ids,
and ``grade_quiz`` compares what the learner chose with the stored answers.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from courses.choices import QuestionKind

UNANSWERED = _("Answer every question before checking your answers.")
UNKNOWN_OPTION = _(
    "One of the answers does not belong to this quiz. Reload the page and try again."
)
SINGLE_CHOICE_MANY_ANSWERS = _("Choose only one answer for single-choice questions.")


@dataclass(frozen=True)
class OptionResult:
    id: str
    text: str
    chosen: bool
    is_correct: bool
    feedback: str


@dataclass(frozen=True)
class QuestionResult:
    id: str
    correct: bool
    options: list[OptionResult]


@dataclass
class QuizResult:
    score: int = 0  # whole percent
    pass_mark: int = 0
    passed: bool = False
    questions: dict[str, QuestionResult] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    answers: dict[str, set[str]] = field(default_factory=dict)


def answer_field_name(question_id: str) -> str:
    return f"q-{question_id}"


def grade_quiz(value, data, *, default_pass_mark: int | None) -> QuizResult:
    """Grade submitted answers (a QueryDict or dict of lists) against a quiz value.

    A question counts as correct when the chosen options are exactly the correct
    ones. Returns errors instead of a score when the submission is incomplete or
    names options that are not in the quiz.
    """
    pass_mark = value.get("pass_mark")
    if pass_mark is None:
        pass_mark = default_pass_mark if default_pass_mark is not None else 100
    result = QuizResult(pass_mark=pass_mark)
    questions = list(value["questions"].bound_blocks)
    correct_count = 0
    for question in questions:
        name = answer_field_name(question.id)
        chosen = set(_getlist(data, name))
        result.answers[question.id] = chosen
        option_ids = {option.id for option in question.value["options"].bound_blocks}
        if not chosen:
            _add_error(result, UNANSWERED)
            continue
        if not chosen <= option_ids:
            _add_error(result, UNKNOWN_OPTION)
            continue
        if question.value["kind"] == QuestionKind.SINGLE and len(chosen) > 1:
            _add_error(result, SINGLE_CHOICE_MANY_ANSWERS)
            continue
        options = [
            OptionResult(
                id=option.id,
                text=option.value["text"],
                chosen=option.id in chosen,
                is_correct=bool(option.value["is_correct"]),
                feedback=option.value.get("feedback") or "",
            )
            for option in question.value["options"].bound_blocks
        ]
        correct = {o.id for o in options if o.is_correct} == chosen
        correct_count += correct
        result.questions[question.id] = QuestionResult(
            id=question.id, correct=correct, options=options
        )
    if result.errors or not questions:
        result.questions = {}
        return result
    result.score = correct_count * 100 // len(questions)
    result.passed = result.score >= pass_mark
    return result


def _getlist(data, name):
    if hasattr(data, "getlist"):
        return data.getlist(name)
    value = data.get(name, [])
    return value if isinstance(value, list | tuple) else [value]


def _add_error(result: QuizResult, message) -> None:
    if message not in result.errors:
        result.errors.append(message)
