"""The OpenAPI schema, fuzzed with Schemathesis; and a permission matrix generated
from the URL configuration."""

import io
import re

import pytest
import schemathesis
from django.core.cache import cache
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import URLPattern, get_resolver, resolve
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.throttling import SimpleRateThrottle
from schemathesis import GenerationMode, checks

from accounts.models import Notification
from certificates.services import certificate_issue, record_link_create
from courses.services import evidence_submit
from tests.api.conftest import token_for
from tests.courses.factories import CohortSessionFactory, make_cohort, make_user

pytestmark = pytest.mark.django_db


def api_patterns():
    """(route, view class) for every endpoint under /api/v1/."""
    resolver = get_resolver()
    found = []

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "cls", None)
                if route.startswith("api/v1/") and view is not None:
                    found.append((route, view))
            else:
                walk(pattern.url_patterns, route)

    walk(resolver.url_patterns, "")
    return found


def test_schema_validates_without_warnings_and_covers_only_our_api():
    out = io.StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    schema = out.getvalue()
    paths = re.findall(r"^  (/\S+):$", schema, re.M)
    assert paths and all(p.startswith("/api/v1/") for p in paths)
    assert len(paths) == len({route for route, _ in api_patterns()})


def test_docs_are_served_from_local_assets(client):
    response = client.get("/api/docs/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "swagger-ui" in content
    # No CDN host (a random CSRF token or nonce may contain the letters "cdn").
    assert not re.search(r"cdn\.|//cdn", content.lower())
    assert not re.search(r'(src|href)="https?://', content)


def test_every_endpoint_declares_its_permissions():
    for route, view in api_patterns():
        declared = any(
            "permission_classes" in vars(klass)
            for klass in view.__mro__[:-1]
            if klass.__module__.split(".")[0] in {"accounts", "courses", "certificates"}
        )
        assert declared, f"{route}: {view.__name__} relies on the default permissions"


def test_other_learners_and_trainers_get_403_or_404(
    api, course_tree, cohort, learner, other_learner, enrolled, trainer
):
    """Object endpoints answer 403/404 to a learner who is not the owner and to a
    trainer of another cohort."""
    submission = evidence_submit(
        learner=learner, lesson=course_tree["l3"], block_id="act1", text="x"
    )
    certificate = certificate_issue(
        learner=learner, course=course_tree["course"], by=trainer, reason="x"
    )
    session = CohortSessionFactory(cohort=cohort, title="S")
    notification = Notification.objects.create(
        user=learner, kind=Notification.Kind.REVIEW, title="Yours", text="x"
    )
    link = record_link_create(learner=learner)
    stranger = make_user("stranger")
    make_cohort(course_tree["course"], trainers=[stranger])
    private = [
        ("get", f"/api/v1/me/enrolments/{cohort.code}", other_learner),
        ("delete", f"/api/v1/me/enrolments/{cohort.code}", other_learner),
        ("get", f"/api/v1/me/progress/{course_tree['course'].pk}", other_learner),
        ("get", f"/api/v1/cohorts/{cohort.code}", other_learner),
        ("get", f"/api/v1/cohorts/{cohort.code}", stranger),
        ("get", f"/api/v1/cohorts/{cohort.code}/enrolments", stranger),
        ("get", f"/api/v1/cohorts/{cohort.code}/progress", stranger),
        (
            "put",
            f"/api/v1/cohorts/{cohort.code}/sessions/{session.pk}/attendance",
            stranger,
        ),
        ("post", f"/api/v1/cohorts/{cohort.code}/requests/{learner.pk}", stranger),
        ("get", f"/api/v1/reviews/{submission.public_id}", stranger),
        ("post", f"/api/v1/reviews/{submission.public_id}", stranger),
        ("get", f"/api/v1/reviews/{submission.public_id}", other_learner),
        ("post", f"/api/v1/certificates/{certificate.code}/revoke", stranger),
        ("post", f"/api/v1/me/notifications/{notification.pk}/read", other_learner),
        ("post", f"/api/v1/me/record/links/{link.code}/withdraw", other_learner),
    ]
    object_routes = {route for route, _ in api_patterns() if "<" in route}
    covered = {resolve(url).route for _method, url, _user in private}
    # Public object routes (a course, a verification) and the learner's own
    # lesson actions (tested in test_api) are the only ones not in the matrix.
    public_or_own = {
        route
        for route in object_routes
        if route.startswith(
            (
                "api/v1/courses/",
                "api/v1/verify/",
                "api/v1/records/",
                "api/v1/me/lessons/",
            )
        )
    }
    assert object_routes - public_or_own <= covered, (
        object_routes - public_or_own - covered
    )
    for method, url, user in private:
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        response = getattr(api, method)(url, {}, format="json")
        assert response.status_code in (403, 404), (
            method,
            url,
            user,
            response.status_code,
        )
    certificate.refresh_from_db()
    assert certificate.revoked_at is None
    link.refresh_from_db()
    assert link.revoked_at is None
    submission.refresh_from_db()
    assert submission.status == "submitted"


# -- Schemathesis ------------
# What the API promises: no server errors, and every response (status, content
# type, headers, body) as the schema documents it. (Schemathesis' stricter
# positive-data check is left out: the API rightly refuses e.g. NUL characters
# in strings, which JSON Schema cannot express.)
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture
def schema(db):
    """The live schema, served in-process by the WSGI application.

    As Django's test client does, keep the test's database connection open
    across requests (it holds the test transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(settings):
    settings.ACADEMY_VERIFY_RATE_PER_MINUTE = None  # no verification limit
    original = SimpleRateThrottle.THROTTLE_RATES
    SimpleRateThrottle.THROTTLE_RATES = dict.fromkeys(original, "100000/minute")
    cache.clear()
    yield
    SimpleRateThrottle.THROTTLE_RATES = original


@pytest.mark.parametrize("who", ["anonymous", "learner", "trainer"])
def test_fuzz_every_operation(
    schema, who, course_tree, cohort, enrolled, learner, trainer, unthrottled
):
    headers = {}
    if who != "anonymous":
        user = learner if who == "learner" else trainer
        headers = {"Authorization": f"Bearer {token_for(user)}"}
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=6,
            deadline=None,
            database=None,
            derandomize=True,  # the same examples on every run, so CI is repeatable
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as error:  # noqa: BLE001 - collect every failing operation
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures[:5])


# Invalid input (wrong types, out-of-range ids and sizes, missing fields): the API
# refuses it with a documented 4xx in the error shape, never a 5xx or a 2xx.
NEGATIVE_CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


def test_fuzz_invalid_input_is_refused(
    schema, course_tree, cohort, enrolled, learner, trainer, unthrottled
):
    headers = {"Authorization": f"Bearer {token_for(trainer)}"}
    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
        @settings(
            max_examples=2,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=headers, checks=NEGATIVE_CHECKS)

        try:
            check()
        except Unsatisfiable:
            continue  # nothing in this operation can be invalid (a free-text code)
        except Exception as error:  # noqa: BLE001 - collect every failing operation
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures[:8])
