"""Self-check quizzes are graded on the server; answers never reach the page."""

import re

import pytest
from django.utils import timezone
from wagtail.blocks import StructBlockValidationError

from courses.blocks import QuizBlock
from courses.grading import SINGLE_CHOICE_MANY_ANSWERS, UNANSWERED, UNKNOWN_OPTION
from courses.models import QuizAttempt
from courses.services import QUIZ_NO_ATTEMPTS_LEFT, enrolment_create
from tests.courses.factories import (
    make_cohort,
    make_course,
    make_lesson,
    make_module,
    quiz_value,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(course_index):
    course = make_course(course_index, certificate_pass_mark=60)
    module = make_module(course)
    return make_lesson(
        module,
        body=[
            {"type": "text", "value": "<p>Read this.</p>", "id": "t1"},
            {"type": "quiz", "value": quiz_value(), "id": "quiz1"},
        ],
    )


def check_url(lesson):
    return lesson.url + "quiz/quiz1/"


def test_page_carries_no_answers_or_feedback(client, lesson):
    content = client.get(lesson.url).content.decode()
    assert "Which gas do diffusion tubes measure?" in content
    assert 'value="q1a"' in content
    for secret in ("Right, NO2.", "Spiders eat pollinators.", "is_correct", "correct"):
        assert secret not in content


def test_all_correct_passes(client, lesson):
    response = client.post(check_url(lesson), {"q-q1": "q1a", "q-q2": ["q2a", "q2b"]})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Well done, you passed." in content
    assert "Your score: 100% (pass mark 60%)." in content
    assert "Right, NO2." in content


def test_partly_wrong_is_scored_and_shows_feedback_for_chosen_options(client, lesson):
    response = client.post(check_url(lesson), {"q-q1": "q1a", "q-q2": ["q2a", "q2c"]})
    content = response.content.decode()
    assert "Your score: 50% (pass mark 60%)." in content
    assert "Not yet passed" in content
    assert "Spiders eat pollinators." in content
    # Feedback of options the learner did not choose stays hidden.
    assert "Oxygen is not a pollutant." not in content


def test_block_pass_mark_overrides_the_course(client, course_index):
    course = make_course(course_index, certificate_pass_mark=90)
    lesson = make_lesson(
        make_module(course),
        body=[{"type": "quiz", "value": quiz_value(pass_mark=50), "id": "quiz1"}],
    )
    response = client.post(check_url(lesson), {"q-q1": "q1a", "q-q2": "q2c"})
    assert "Your score: 50% (pass mark 50%)." in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"q-q1": "q1a"}, UNANSWERED),
        ({"q-q1": "q1a", "q-q2": "forged"}, UNKNOWN_OPTION),
        ({"q-q1": "q2a", "q-q2": "q2a"}, UNKNOWN_OPTION),
        ({"q-q1": ["q1a", "q1b"], "q-q2": "q2a"}, SINGLE_CHOICE_MANY_ANSWERS),
    ],
)
def test_invalid_or_tampered_answers_get_400_and_a_message(
    client, lesson, data, message
):
    response = client.post(check_url(lesson), data)
    assert response.status_code == 400
    assert str(message) in response.content.decode()


def test_unknown_quiz_is_404(client, lesson):
    assert client.post(lesson.url + "quiz/nope/", {}).status_code == 404


def test_anonymous_visitors_self_check_with_get_and_nothing_is_written(client, lesson):
    page = client.get(lesson.url).content.decode()
    assert 'method="get"' in page and "csrfmiddlewaretoken" not in page
    response = client.get(check_url(lesson), {"q-q1": "q1a", "q-q2": ["q2a", "q2b"]})
    assert response.status_code == 200
    assert "Well done, you passed." in response.content.decode()
    unanswered = client.get(check_url(lesson))  # e.g. from the language switcher
    assert unanswered.status_code == 302
    assert unanswered["Location"] == f"{lesson.url}#quiz-quiz1"
    half = client.get(check_url(lesson), {"q-q1": "q1a"})
    assert half.status_code == 400  # some answers, not all: what to fix
    assert client.put(check_url(lesson)).status_code == 405
    assert not QuizAttempt.objects.exists()


def test_signed_in_learners_post_their_answers(client, lesson, learner):
    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    assert 'method="post"' in page and "csrfmiddlewaretoken" in page


WRONG = {"q-q1": "q1b", "q-q2": ["q2a"]}
RIGHT = {"q-q1": "q1a", "q-q2": ["q2a", "q2b"]}


@pytest.fixture
def quiz_with(course_index, learner, client):
    """A lesson whose quiz has the given options, with ``learner`` enrolled
    and signed in."""

    def make(**options):
        course = make_course(course_index, certificate_pass_mark=60)
        module = make_module(course)
        lesson = make_lesson(
            module,
            body=[
                {"type": "quiz", "value": {**quiz_value(), **options}, "id": "quiz1"}
            ],
        )
        enrolment_create(cohort=make_cohort(course), learner=learner)
        client.force_login(learner)
        return lesson

    return make


def test_attempts_are_limited_and_refused_without_grading(client, quiz_with, learner):

    lesson = quiz_with(max_attempts=2)
    assert "Attempts used: 0 of 2." in client.get(lesson.url).content.decode()
    assert client.post(check_url(lesson), WRONG).status_code == 200
    second = client.post(check_url(lesson), WRONG).content.decode()
    assert "Attempts used: 2 of 2." in second
    assert "You have used every attempt this quiz allows." in second
    assert "Check my answers" not in second
    refused = client.post(check_url(lesson), RIGHT)
    assert refused.status_code == 409
    page = refused.content.decode()
    assert str(QUIZ_NO_ATTEMPTS_LEFT) in page
    assert "Well done" not in page and "Your score: 100%" not in page
    assert QuizAttempt.objects.filter(learner=learner).count() == 2


def test_a_wait_between_attempts_is_enforced(client, quiz_with, learner):

    lesson = quiz_with(wait_minutes=30)
    client.post(check_url(lesson), WRONG)
    page = client.get(lesson.url).content.decode()
    assert "You can try again from" in page
    refused = client.post(check_url(lesson), RIGHT)
    assert refused.status_code == 409
    assert "You can try this quiz again from" in refused.content.decode()
    assert QuizAttempt.objects.count() == 1
    QuizAttempt.objects.update(created_at=timezone.now() - timezone.timedelta(hours=1))
    assert client.post(check_url(lesson), RIGHT).status_code == 200
    assert QuizAttempt.objects.filter(passed=True).count() == 1


def test_feedback_can_wait_until_a_pass(client, quiz_with):
    lesson = quiz_with(feedback="after_pass", max_attempts=3)
    failed = client.post(check_url(lesson), WRONG).content.decode()
    assert "Your score: 0%" in failed
    assert "Feedback on each question is shown once you pass." in failed
    for giveaway in ("Not quite.", "Correct.", "Oxygen is not a pollutant."):
        assert giveaway not in failed
    passed = client.post(check_url(lesson), RIGHT).content.decode()
    assert "Well done, you passed." in passed and "Correct." in passed


def test_feedback_is_given_when_no_attempt_is_left(client, quiz_with):
    lesson = quiz_with(feedback="after_pass", max_attempts=1)
    last = client.post(check_url(lesson), WRONG).content.decode()
    assert "Not quite." in last and "Oxygen is not a pollutant." in last


def test_a_randomised_quiz_keeps_its_order_per_attempt_and_grades_by_id(
    client, quiz_with
):

    lesson = quiz_with(shuffle=True)

    def order(content):
        return re.findall(r'id="o-(q\d[ab]\w*)"', content)

    first = order(client.get(lesson.url).content.decode())
    assert sorted(first) == sorted(order(client.get(lesson.url).content.decode()))
    assert first == order(client.get(lesson.url).content.decode())  # stable
    answered = client.post(check_url(lesson), WRONG).content.decode()
    assert order(answered) == first  # the results in the order answered
    orders = {tuple(first)}
    for _ in range(6):
        client.post(check_url(lesson), WRONG)
        orders.add(tuple(order(client.get(lesson.url).content.decode())))
    assert len(orders) > 1  # a new order for later attempts
    assert client.post(check_url(lesson), RIGHT).status_code == 200
    assert QuizAttempt.objects.filter(passed=True).exists()


def test_quiz_options_are_validated_in_the_editor():

    block = QuizBlock()
    value = block.to_python({**quiz_value(), "max_attempts": 0})
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "max_attempts" in error.value.block_errors
