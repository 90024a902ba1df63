"""API behaviour: tokens, pagination, filters, error bodies, throttling, endpoints."""

import pytest
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle
from wagtail.models import APIToken

from accounts.services import api_token_revoke
from certificates.models import Certificate
from certificates.services import certificate_issue
from courses.models import Enrolment, LessonCompletion
from courses.services import evidence_submit
from tests.api.conftest import token_for
from tests.courses.factories import activity_value, make_course, make_lesson

pytestmark = pytest.mark.django_db


def test_token_lifecycle_through_the_account_page(client, learner, api):
    client.force_login(learner)
    page = client.post("/account/api-tokens/", {"name": "Student records"})
    secret = page.context["created_secret"]
    assert secret and secret in page.content.decode()
    token = APIToken.objects.get(user=learner)
    assert token.key_hash != secret and secret not in token.key_hash  # hashed at rest
    assert (
        secret not in client.get("/account/api-tokens/").content.decode()
    )  # shown once
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/me").json()["printed_name"] == "Amina Haddad"
    client.post("/account/api-tokens/", {"revoke": token.pk})
    response = api.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"


def test_token_needs_a_name_and_stays_private(client, learner, other_learner):
    client.force_login(learner)
    response = client.post("/account/api-tokens/", {"name": "  "})
    assert response.status_code == 400
    assert not APIToken.objects.exists()
    theirs = APIToken.create_token(user=other_learner, name="theirs")[0]
    assert client.post("/account/api-tokens/", {"revoke": theirs.pk}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_bad_tokens_get_a_clear_401(api):
    for header in ("Bearer nope", "Bearer", "Bearer wagtail_abc def"):
        api.credentials(HTTP_AUTHORIZATION=header)
        response = api.get("/api/v1/me")
        assert response.status_code == 401
        assert response.json()["error"]["message"]
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_anonymous_gets_401_on_private_endpoints(api):
    response = api.get("/api/v1/me/enrolments")
    assert response.status_code == 401
    assert set(response.json()["error"]) >= {"code", "message"}


def test_catalogue_is_paginated_filtered_and_ordered(api, course_tree, course_index):
    for n in range(3):
        make_course(
            course_index, title=f"Zeta {n}", language="fr", delivery_mode="online"
        )
    response = api.get("/api/v1/courses", {"page_size": 2, "ordering": "title"})
    data = response.json()
    assert data["count"] == 4 and len(data["results"]) == 2 and data["next"]
    assert data["results"][0]["title"] == "River watch"
    french = api.get("/api/v1/courses", {"language": "fr"}).json()
    assert french["count"] == 3
    by_domain = api.get(
        "/api/v1/courses", {"domain": course_tree["competency"].domain.slug}
    )
    assert [c["title"] for c in by_domain.json()["results"]] == ["River watch"]
    lessons = api.get(
        "/api/v1/lessons", {"module": course_tree["modules"][0].pk}
    ).json()
    assert [lesson["title"] for lesson in lessons["results"]] == ["Reading", "Quiz"]
    assert "body" not in lessons["results"][0]  # metadata, not gated content
    bad = api.get("/api/v1/lessons", {"module": "abc"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "validation_error"


def test_learner_journey_through_the_api(learner_api, course_tree, cohort, learner):
    enrol = learner_api.post(
        "/api/v1/me/enrolments", {"cohort": cohort.code}, format="json"
    )
    assert enrol.status_code == 201
    assert (
        learner_api.post(
            f"/api/v1/me/lessons/{course_tree['l1'].pk}/complete"
        ).status_code
        == 200
    )
    attempt = learner_api.post(
        f"/api/v1/me/lessons/{course_tree['l2'].pk}/quizzes/quiz1/attempts",
        {"answers": {"q1": ["q1a"], "q2": ["q2a", "q2b"]}},
        format="json",
    )
    assert attempt.status_code == 201 and attempt.json()["passed"] is True
    wrong = learner_api.post(
        f"/api/v1/me/lessons/{course_tree['l2'].pk}/quizzes/quiz1/attempts",
        {"answers": {"q1": ["forged"]}},
        format="json",
    )
    assert wrong.status_code == 400
    assert (
        "does not belong" in str(wrong.json()["error"])
        or wrong.json()["error"]["message"]
    )
    evidence = learner_api.post(
        f"/api/v1/me/lessons/{course_tree['l3'].pk}/activities/act1/evidence",
        {"text": "Done"},
        format="json",
    )
    assert evidence.status_code == 201
    progress = learner_api.get(f"/api/v1/me/progress/{course_tree['course'].pk}").json()
    assert progress["percent"] == 50
    assert (
        learner_api.get("/api/v1/me/data").json()["profile"]["printed_name"]
        == "Amina Haddad"
    )
    assert LessonCompletion.objects.filter(learner=learner).count() == 2


def test_trainer_journey_through_the_api(
    trainer_api, learner_api, course_tree, cohort, enrolled, learner
):
    submission = evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", text="x"
    )
    cohorts = trainer_api.get("/api/v1/cohorts").json()
    assert [c["code"] for c in cohorts["results"]] == [cohort.code]
    bulk = trainer_api.post(
        f"/api/v1/cohorts/{cohort.code}/enrolments",
        {"people": [{"name": "Nadia", "email": "nadia@example.org"}, {"email": "bad"}]},
        format="json",
    )
    assert bulk.status_code == 400  # invalid e-mail: nothing imported
    assert Enrolment.objects.filter(cohort=cohort).count() == 1
    queue = trainer_api.get("/api/v1/reviews").json()
    assert queue["count"] == 1
    review = trainer_api.post(
        f"/api/v1/reviews/{submission.public_id}",
        {"decision": "approved"},
        format="json",
    )
    assert review.json()["status"] == "approved"
    issue = trainer_api.post(
        "/api/v1/certificates",
        {"cohort": cohort.code, "learner": learner.pk, "reason": "Assessed in person"},
        format="json",
    )
    assert issue.status_code == 201
    code = Certificate.objects.get().code
    revoke = trainer_api.post(
        f"/api/v1/certificates/{code}/revoke", {"reason": "Test"}, format="json"
    )
    assert revoke.json()["status"] == "revoked"
    # Learners cannot use trainer endpoints.
    assert learner_api.get("/api/v1/cohorts").status_code == 403


def test_bulk_verify_is_capped(api, trainer, learner, course_tree, enrolled):
    certificate = certificate_issue(
        learner=learner, course=course_tree["course"], by=trainer, reason="x"
    )
    response = api.post(
        "/api/v1/verify", {"codes": [certificate.code.lower(), "NOPE"]}, format="json"
    )
    assert [r["status"] for r in response.json()] == ["valid", "unknown"]
    too_many = api.post("/api/v1/verify", {"codes": ["A"] * 101}, format="json")
    assert too_many.status_code == 400
    assert "codes" in too_many.json()["error"]["fields"]


def test_throttling_answers_429_with_retry_after(api, settings):
    cache.clear()
    rates = dict(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], anon="3/minute")
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": rates,
    }

    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        statuses = [api.get("/api/v1/courses").status_code for _ in range(4)]
        assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
        response = api.get("/api/v1/courses")
        assert int(response["Retry-After"]) > 0
        assert "Try again in" in response.json()["error"]["message"]
    finally:
        SimpleRateThrottle.THROTTLE_RATES = original
        cache.clear()


def test_revoked_token_cannot_be_used(learner, api):
    secret = token_for(learner)
    token = APIToken.objects.get(user=learner)
    api_token_revoke(token=token)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/me").status_code == 401


def test_lesson_list_queries_do_not_grow_with_lessons(
    api, course_tree, django_assert_max_num_queries
):
    module = course_tree["modules"][1]
    for n in range(6):
        make_lesson(
            module,
            title=f"Extra {n}",
            body=[
                {
                    "type": "activity",
                    "id": f"a{n}",
                    "value": activity_value(course_tree["competency"]),
                }
            ],
        )
    with django_assert_max_num_queries(8):
        data = api.get("/api/v1/lessons", {"module": module.pk}).json()
    assert data["count"] == 7
    assert data["results"][1]["activities"][0]["evidence_kinds"] == ["text", "photo"]
