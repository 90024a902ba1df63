"""The API keeps its contract: every /api/v1/ response, errors included, is JSON
in the documented shape with readable messages; wrong types are refused."""

import pytest
from django.core.cache import cache

from accounts.models import Profile
from tests.api.conftest import token_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


def assert_error(response, status, code=None):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert set(error) <= {"code", "message", "fields"}
    assert error["message"]
    assert "ErrorDetail" not in response.content.decode()
    if code:
        assert error["code"] == code
    return error


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/nothing-here"),
        ("get", "/api/v1/courses/"),  # a trailing slash is another address
        ("get", "/api/v1/courses/1000000000000000000"),  # above the maximum id
        ("get", "/api/v1/courses/99999999999999999999999"),
        ("get", "/api/v1/me/progress/0"),
        ("get", "/api/v1/reviews/not-a-uuid"),
        ("post", "/api/v1/reviews/12345678-1234-1234-1234-12345678901"),
        ("post", "/api/v1/me/lessons/10000000000000000000/complete"),
        ("delete", "/api/v1/nothing/here"),
        ("head", "/api/v1/nothing-here"),
    ],
)
def test_unknown_addresses_are_json_404(api, learner, method, path):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(learner)}")
    response = getattr(api, method)(path)
    if method == "head":
        assert response.status_code == 404
        assert response["Content-Type"].startswith("application/json")
    else:
        assert_error(response, 404, "not_found")


@pytest.mark.parametrize(
    "query",
    [
        {"page_size": "null"},
        {"page_size": "0"},
        {"page_size": "-5"},
        {"page_size": "101"},
        {"page_size": "1e3"},
        {"page": "abc"},
        {"delivery_mode": "AAA"},
        {"course": "abc"},
    ],
)
def test_query_parameters_of_the_wrong_type_are_400(api, course_tree, query):
    path = "/api/v1/modules" if "course" in query else "/api/v1/courses"
    error = assert_error(api.get(path, query), 400, "validation_error")
    (name,) = query
    assert name in error["fields"]
    assert error["message"] == error["fields"][name][0]


def test_status_and_kind_must_be_one_of_the_documented_values(
    learner_api, trainer_api, cohort, api
):
    error = assert_error(
        learner_api.get("/api/v1/me/enrolments", {"status": "AAA"}), 400
    )
    assert error["fields"]["status"] == [
        "“AAA” is not one of: active, withdrawn, waiting, pending, declined, cancelled."
    ]
    assert_error(
        trainer_api.get(f"/api/v1/cohorts/{cohort.code}/enrolments", {"status": "x"}),
        400,
    )
    assert_error(api.get("/api/v1/domains", {"kind": "nope"}), 400)
    assert (
        learner_api.get("/api/v1/me/enrolments", {"status": "active"}).status_code
        == 200
    )
    assert api.get("/api/v1/courses", {"page_size": "100"}).status_code == 200


def test_profile_booleans_and_strings_must_be_json_booleans_and_strings(
    learner_api, learner
):
    for body in ({"name_public": 0}, {"name_public": "yes"}, {"printed_name": 12}):
        error = assert_error(learner_api.patch("/api/v1/me", body, format="json"), 400)
        assert list(body)[0] in error["fields"]
    profile = Profile.objects.get(user=learner)
    assert profile.name_public is False and profile.printed_name == "Amina Haddad"
    ok = learner_api.patch("/api/v1/me", {"name_public": True}, format="json")
    assert ok.status_code == 200 and ok.json()["name_public"] is True


def test_bulk_verify_refuses_integer_codes_with_a_readable_message(api):
    error = assert_error(
        api.post("/api/v1/verify", {"codes": ["ABCD", 123]}, format="json"), 400
    )
    assert error["fields"] == {"codes.1": ["Not a valid string."]}
    assert error["message"] == "Not a valid string."


def test_nested_errors_name_the_item_and_field(trainer_api, cohort):
    response = trainer_api.post(
        f"/api/v1/cohorts/{cohort.code}/enrolments",
        {"people": [{"email": "ok@example.org"}, {"email": "nope", "name": 5}]},
        format="json",
    )
    error = assert_error(response, 400, "validation_error")
    assert error["fields"] == {
        "people.1.email": ["Enter a valid email address."],
        "people.1.name": ["Not a valid string."],
    }
    assert "{" not in error["message"]


def test_issue_refuses_a_learner_id_given_as_text(trainer_api, cohort, learner):
    response = trainer_api.post(
        "/api/v1/certificates",
        {"cohort": cohort.code, "learner": str(learner.pk)},
        format="json",
    )
    assert "learner" in assert_error(response, 400)["fields"]


def test_unexpected_errors_are_json_500(api, monkeypatch):
    def broken(code):
        raise RuntimeError("boom")

    monkeypatch.setattr("certificates.api.verify", broken)
    error = assert_error(api.get("/api/v1/verify/ABCD"), 500, "server_error")
    assert "boom" not in error["message"]


def test_head_works_wherever_get_does(api, course_tree):
    for path in ("/api/v1/courses", "/api/v1/domains", "/api/v1/verify/ABCD"):
        get, head = api.get(path), api.head(path)
        assert head.status_code == get.status_code
        assert head.content == b""
