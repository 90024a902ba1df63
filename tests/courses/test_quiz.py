"""Self-check quizzes are graded on the server; answers never reach the page."""

import pytest

from courses.grading import SINGLE_CHOICE_MANY_ANSWERS, UNANSWERED, UNKNOWN_OPTION
from courses.models import QuizAttempt
from tests.courses.factories import make_course, make_lesson, make_module, quiz_value

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
