"""Enrolment options (issue 18, decision 0036): waiting lists, cohorts that
require a trainer's approval, course prerequisites, how the course page and the
dashboard explain them, the API and the admin."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Notification
from certificates.models import Certificate
from certificates.services import certificate_issue, certificate_revoke
from courses.choices import EnrolmentStatus
from courses.models import Enrolment
from courses.selectors.enrolment import waitlist_position
from courses.selectors.progress import learner_personal_data
from courses.services import (
    ALREADY_IN_COURSE,
    APPROVAL_REQUIRED,
    COHORT_FULL,
    PREREQUISITES_MISSING,
    REQUEST_NOT_PENDING,
    WAITLIST_NOT_FULL,
    enrolment_create,
    enrolment_request,
    enrolment_request_decide,
    enrolment_withdraw,
    learner_progress_erase,
    waitlist_join,
    waitlist_promote,
)
from tests.api.conftest import token_for
from tests.courses.factories import make_cohort, make_course, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(course_tree, trainer):
    """A cohort of one place."""
    return make_cohort(
        course_tree["course"], trainers=[trainer], capacity=1, name="Small"
    )


@pytest.fixture
def people(db):
    return [make_user(f"p{n}", name=f"Person {n}") for n in range(4)]


def status_of(enrolment) -> str:
    return Enrolment.objects.get(pk=enrolment.pk).status


# -- waiting list ------------
def test_join_the_waitlist_of_a_full_cohort_first_come_first_served(
    small, learner, people
):
    enrolment_create(cohort=small, learner=learner)
    entries = [waitlist_join(cohort=small, learner=p) for p in people[:3]]
    assert [e.status for e in entries] == [EnrolmentStatus.WAITING] * 3
    assert [waitlist_position(enrolment=e) for e in entries] == [1, 2, 3]
    # Idempotent: joining again keeps the place in the queue.
    again = waitlist_join(cohort=small, learner=people[0])
    assert again.pk == entries[0].pk and waitlist_position(enrolment=again) == 1
    # Waiting people hold no place and never count as learners.
    assert small.enrolments.active().count() == 1
    with pytest.raises(ValidationError) as excinfo:
        enrolment_create(cohort=small, learner=people[3])
    assert excinfo.value.messages == [str(COHORT_FULL)]


def test_waitlist_is_only_for_full_cohorts(cohort, learner):
    with pytest.raises(ValidationError) as excinfo:
        waitlist_join(cohort=cohort, learner=learner)
    assert excinfo.value.messages == [str(WAITLIST_NOT_FULL)]
    assert not Enrolment.objects.exists()


def test_leaving_the_waitlist_keeps_the_others_order(small, learner, people):
    enrolment_create(cohort=small, learner=learner)
    a, b, c = (waitlist_join(cohort=small, learner=p) for p in people[:3])
    enrolment_withdraw(enrolment=b)
    assert status_of(b) == EnrolmentStatus.CANCELLED
    assert waitlist_position(enrolment=Enrolment.objects.get(pk=a.pk)) == 1
    assert waitlist_position(enrolment=Enrolment.objects.get(pk=c.pk)) == 2
    assert small.enrolments.active().count() == 1


def test_withdrawal_promotes_the_first_person_waiting_with_notice_and_email(
    small, learner, people, mailoutbox, django_capture_on_commit_callbacks
):
    place = enrolment_create(cohort=small, learner=learner)
    a, b = (waitlist_join(cohort=small, learner=p) for p in people[:2])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=place)
    assert status_of(a) == EnrolmentStatus.ACTIVE
    assert status_of(b) == EnrolmentStatus.WAITING
    assert waitlist_position(enrolment=Enrolment.objects.get(pk=b.pk)) == 1
    assert [m.to for m in mailoutbox] == [[people[0].email]]
    assert "A place is yours" in mailoutbox[0].subject
    notice = Notification.objects.get(user=people[0])
    assert notice.kind == Notification.Kind.ENROLMENT
    assert "first on the waiting list" in notice.text
    assert not Notification.objects.filter(user=people[1]).exists()


def test_a_larger_capacity_promotes_in_order(
    small, learner, people, mailoutbox, django_capture_on_commit_callbacks
):
    enrolment_create(cohort=small, learner=learner)
    a, b, c = (waitlist_join(cohort=small, learner=p) for p in people[:3])
    mailoutbox.clear()
    small.capacity = 3
    small.save()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = waitlist_promote(cohort=small)
    assert [e.pk for e in promoted] == [a.pk, b.pk]
    assert status_of(c) == EnrolmentStatus.WAITING
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [people[0].email, people[1].email]
    )


def test_raising_the_capacity_in_the_admin_promotes(
    client, small, learner, people, editor, django_capture_on_commit_callbacks
):
    enrolment_create(cohort=small, learner=learner)
    waiting = waitlist_join(cohort=small, learner=people[0])
    client.force_login(editor)
    url = reverse("cohorts:edit", args=[small.pk])
    response = client.get(url)
    assert response.status_code == 200
    data = {
        "course": small.course_id,
        "name": small.name,
        "starts_on": small.starts_on.isoformat(),
        "ends_on": "",
        "location": "",
        "partner": "",
        "capacity": "2",
        "is_open": "on",
        "trainers": [t.pk for t in small.trainers.all()],
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "1000",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert status_of(waiting) == EnrolmentStatus.ACTIVE


def test_erasing_a_learner_gives_their_place_to_the_next(small, learner, people):
    enrolment_create(cohort=small, learner=learner)
    waiting = waitlist_join(cohort=small, learner=people[0])
    learner_progress_erase(learner=learner)
    assert status_of(waiting) == EnrolmentStatus.ACTIVE


def test_promotion_drops_the_learners_other_queues(course_tree, learner, people):
    a = make_cohort(course_tree["course"], capacity=1)
    b = make_cohort(course_tree["course"], capacity=1)
    first_a = enrolment_create(cohort=a, learner=people[0])
    enrolment_create(cohort=b, learner=people[1])
    in_a = waitlist_join(cohort=a, learner=learner)
    in_b = waitlist_join(cohort=b, learner=learner)
    behind = waitlist_join(cohort=b, learner=people[2])
    assert waitlist_position(enrolment=behind) == 2
    enrolment_withdraw(enrolment=first_a)
    assert status_of(in_a) == EnrolmentStatus.ACTIVE
    assert status_of(in_b) == EnrolmentStatus.CANCELLED
    behind.refresh_from_db()
    assert waitlist_position(enrolment=behind) == 1
    assert (
        Enrolment.objects.active_for(course_tree["course"])
        .filter(learner=learner)
        .count()
        == 1
    )
    with pytest.raises(ValidationError) as excinfo:
        waitlist_join(cohort=b, learner=learner)
    assert excinfo.value.messages == [str(ALREADY_IN_COURSE)]


def test_waiting_people_are_not_learners_of_the_cohort(
    client, small, learner, people, trainer
):
    enrolment_create(cohort=small, learner=learner)
    waitlist_join(cohort=small, learner=people[0])
    client.force_login(trainer)
    page = client.get(f"/trainer/cohorts/{small.code}/").content.decode()
    assert "1 learner" in page
    assert "Waiting list (1)" in page
    assert "Person 0" in page
    assert "Person 0" not in page.split('id="waitlist"')[0].split("Progress")[-1]


# -- concurrency (PostgreSQL) ------------
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_withdrawals_at_once_promote_two_people(course_tree, trainer):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (set DATABASE_URL)")
    cohort = make_cohort(course_tree["course"], capacity=2, name="Race")
    holders = [make_user(f"h{n}") for n in range(2)]
    waiting = [make_user(f"w{n}") for n in range(4)]
    places = [enrolment_create(cohort=cohort, learner=u) for u in holders]
    queue = [waitlist_join(cohort=cohort, learner=u) for u in waiting]
    errors = []
    barrier = threading.Barrier(len(places))

    def worker(enrolment):
        try:
            barrier.wait()
            enrolment_withdraw(enrolment=enrolment)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(p,)) for p in places]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [status_of(e) for e in queue] == [
        EnrolmentStatus.ACTIVE,
        EnrolmentStatus.ACTIVE,
        EnrolmentStatus.WAITING,
        EnrolmentStatus.WAITING,
    ]
    assert cohort.enrolments.active().count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_place_is_never_given_twice(course_tree):
    """A withdrawal, a capacity promotion and self-enrolments race for one
    freed place: one person gets it."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (set DATABASE_URL)")
    cohort = make_cohort(course_tree["course"], capacity=1, name="One")
    holder = enrolment_create(cohort=cohort, learner=make_user("holder"))
    first = waitlist_join(cohort=cohort, learner=make_user("first"))
    newcomers = [make_user(f"n{n}") for n in range(4)]
    errors = []
    barrier = threading.Barrier(2 + len(newcomers))

    def run(call):
        try:
            barrier.wait()
            call()
        except ValidationError:
            pass  # refused: full
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    calls = [
        lambda: enrolment_withdraw(enrolment=holder),
        lambda: waitlist_promote(cohort=cohort),
        *[(lambda u=u: enrolment_create(cohort=cohort, learner=u)) for u in newcomers],
    ]
    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    active = list(cohort.enrolments.active().values_list("pk", flat=True))
    assert active == [first.pk]


# -- approval ------------
@pytest.fixture
def approval(course_tree, trainer):
    return make_cohort(
        course_tree["course"],
        trainers=[trainer],
        requires_approval=True,
        capacity=2,
        name="Guided",
    )


def test_an_approval_cohort_refuses_direct_enrolment(approval, learner):
    with pytest.raises(ValidationError) as excinfo:
        enrolment_create(cohort=approval, learner=learner)
    assert excinfo.value.messages == [str(APPROVAL_REQUIRED)]
    assert not Enrolment.objects.exists()


def test_ask_accept_with_a_message_and_the_learner_is_told(
    approval, learner, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    request = enrolment_request(
        cohort=approval, learner=learner, message="I count birds already."
    )
    assert request.status == EnrolmentStatus.PENDING
    assert approval.enrolments.active().count() == 0  # a request holds no place
    with django_capture_on_commit_callbacks(execute=True):
        decided = enrolment_request_decide(
            enrolment=request, by=trainer, accept=True, response="Welcome!"
        )
    assert decided.status == EnrolmentStatus.ACTIVE
    assert decided.decided_by == trainer
    (mail,) = mailoutbox
    assert mail.to == [learner.email]
    assert "was accepted" in mail.subject
    assert "Welcome!" in mail.body
    with pytest.raises(ValidationError) as excinfo:
        enrolment_request_decide(enrolment=request, by=trainer, accept=False)
    assert excinfo.value.messages == [str(REQUEST_NOT_PENDING)]


def test_decline_tells_the_learner_and_they_may_ask_again(
    approval, learner, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    request = enrolment_request(cohort=approval, learner=learner)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_request_decide(
            enrolment=request, by=trainer, accept=False, response="Full of experts."
        )
    assert status_of(request) == EnrolmentStatus.DECLINED
    (mail,) = mailoutbox
    assert "was declined" in mail.subject and "Full of experts." in mail.body
    again = enrolment_request(cohort=approval, learner=learner, message="Please")
    assert again.pk == request.pk and again.status == EnrolmentStatus.PENDING
    assert again.response == ""


def test_accepting_into_a_full_cohort_puts_them_on_the_waitlist(
    approval, learner, people, trainer, mailoutbox, django_capture_on_commit_callbacks
):
    for person in people[:2]:
        enrolment_create(cohort=approval, learner=person, by=trainer, source="trainer")
    request = enrolment_request(cohort=approval, learner=learner)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decided = enrolment_request_decide(enrolment=request, by=trainer, accept=True)
    assert decided.status == EnrolmentStatus.WAITING
    assert waitlist_position(enrolment=decided) == 1
    assert "waiting list" in mailoutbox[0].body
    assert approval.enrolments.active().count() == 2


def test_only_the_cohorts_trainers_and_editors_decide(
    client, approval, learner, other_trainer, editor, trainer
):
    request = enrolment_request(cohort=approval, learner=learner)
    with pytest.raises(PermissionDenied):
        enrolment_request_decide(enrolment=request, by=other_trainer, accept=True)
    client.force_login(other_trainer)
    url = f"/trainer/cohorts/{approval.code}/requests/"
    data = {"enrolment": request.pk, "accept": "1", "response": ""}
    assert client.post(url, data).status_code == 404
    assert client.get(f"/trainer/cohorts/{approval.code}/").status_code == 404
    assert status_of(request) == EnrolmentStatus.PENDING
    client.force_login(editor)
    assert client.post(url, data).status_code == 302
    assert status_of(request) == EnrolmentStatus.ACTIVE


def test_trainer_answers_from_the_cohort_page(
    client, approval, learner, trainer, django_capture_on_commit_callbacks
):
    enrolment_request(cohort=approval, learner=learner, message="I have boots.")
    client.force_login(trainer)
    page = client.get(f"/trainer/cohorts/{approval.code}/").content.decode()
    assert "Requests to join (1)" in page or "Request to join (1)" in page
    assert "I have boots." in page and "Accept Amina Haddad" in page
    listing = client.get("/trainer/").content.decode()
    assert "1 request to answer" in listing
    request = Enrolment.objects.get(learner=learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/trainer/cohorts/{approval.code}/requests/",
            {"enrolment": request.pk, "accept": "0", "response": "Next time"},
            follow=True,
        )
    assert "You declined the request of Amina Haddad" in response.content.decode()
    assert Notification.objects.get(user=learner).kind == Notification.Kind.ENROLMENT


def test_learner_asks_and_takes_the_request_back_on_the_page(
    client, approval, learner, course_tree
):
    client.force_login(learner)
    course = course_tree["course"]
    page = client.get(course.url).content.decode()
    assert "requires a trainer’s approval" in page
    assert "Ask to join Guided" in page
    response = client.post(
        f"/learn/cohorts/{approval.code}/request/",
        {"message": "Hello"},
        follow=True,
    )
    assert "Your request to join Guided is with its trainers" in (
        response.content.decode()
    )
    request = Enrolment.objects.get(learner=learner)
    assert request.status == EnrolmentStatus.PENDING and request.message == "Hello"
    assert "Take back your request to join Guided" in (
        client.get(course.url).content.decode()
    )
    client.post(f"/learn/cohorts/{approval.code}/leave/")
    assert status_of(request) == EnrolmentStatus.CANCELLED


# -- prerequisites ------------
@pytest.fixture
def basics(course_index):
    return make_course(course_index, title="Safety basics", slug="safety-basics")


@pytest.fixture
def needs_basics(course_tree, basics):
    course = course_tree["course"]
    course.required_courses.set([basics])
    course.save_revision().publish()
    return course


def test_prerequisites_refuse_with_the_course_named_then_accept(
    needs_basics, cohort, learner, editor, basics
):
    with pytest.raises(ValidationError) as excinfo:
        enrolment_create(cohort=cohort, learner=learner)
    assert excinfo.value.messages == [
        str(PREREQUISITES_MISSING) % {"courses": "“Safety basics”"}
    ]
    assert excinfo.value.code == "prerequisites_missing"
    assert not Enrolment.objects.exists()
    certificate_issue(learner=learner, course=basics, by=editor, reason="test")
    assert enrolment_create(cohort=cohort, learner=learner).status == "active"


def test_a_revoked_or_expired_certificate_does_not_count(
    needs_basics, cohort, learner, editor, basics
):
    certificate = certificate_issue(
        learner=learner, course=basics, by=editor, reason="test"
    )
    certificate_revoke(certificate=certificate, by=editor, reason="Mistake")
    with pytest.raises(ValidationError):
        enrolment_create(cohort=cohort, learner=learner)
    expired = certificate_issue(
        learner=learner, course=basics, by=editor, reason="again"
    )
    Certificate.objects.filter(pk=expired.pk).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        enrolment_create(cohort=cohort, learner=learner)
    assert not Enrolment.objects.exists()


def test_the_course_page_names_and_links_the_missing_course(
    client, needs_basics, cohort, learner, basics
):
    client.force_login(learner)
    page = client.get(needs_basics.url).content.decode()
    assert "Requires the certificate of:" in page
    assert f'href="{basics.url}"' in page
    assert "Enrol in Autumn" not in page
    response = client.post(f"/learn/cohorts/{cohort.code}/enrol/", follow=True)
    assert "Safety basics" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_trainers_may_enrol_without_the_prerequisite(
    needs_basics, cohort, learner, trainer
):
    enrolment = enrolment_create(
        cohort=cohort, learner=learner, by=trainer, source="trainer"
    )
    assert enrolment.status == EnrolmentStatus.ACTIVE


# -- the course page and the dashboard ------------
def test_course_page_offers_per_state(client, course_tree, small, people, learner):
    course = course_tree["course"]
    open_one = make_cohort(course, name="Roomy", capacity=5)
    client.force_login(learner)
    page = client.get(course.url).content.decode()
    assert "1 place left" in page and "Enrol in Small" in page
    assert "5 places left" in page and "Enrol in Roomy" in page
    enrolment_create(cohort=small, learner=people[0])
    waitlist_join(cohort=small, learner=people[1])
    page = client.get(course.url).content.decode()
    assert "full — join the waiting list (1 waiting)" in page
    assert "Join the waiting list of Small" in page
    assert "Enrol in Small" not in page
    response = client.post(f"/learn/cohorts/{small.code}/waitlist/", follow=True)
    assert "You are number 2 on the waiting list of Small" in (
        response.content.decode()
    )
    page = client.get(course.url).content.decode()
    assert "You are number 2 on the waiting list." in page
    assert "Leave the waiting list of Small" in page
    assert open_one.code in page
    client.post(f"/learn/cohorts/{small.code}/leave/")
    assert not Enrolment.objects.filter(
        learner=learner, status=EnrolmentStatus.WAITING
    ).exists()


def test_dashboard_shows_waitlist_positions_and_requests(
    client, course_tree, small, people, learner, trainer, course_index
):
    enrolment_create(cohort=small, learner=people[0])
    waitlist_join(cohort=small, learner=people[1])
    waitlist_join(cohort=small, learner=learner)
    other_course = make_course(course_index, title="Air watch", slug="air-watch")
    guided = make_cohort(
        other_course, trainers=[trainer], requires_approval=True, name="Guided"
    )
    enrolment_request(cohort=guided, learner=learner)
    client.force_login(learner)
    page = client.get("/learn/").content.decode()
    assert "Waiting lists and requests" in page
    assert "You are number 2 on the waiting list." in page
    assert "A trainer will answer your request." in page
    response = client.post(f"/learn/cohorts/{small.code}/leave/", {"next": "dashboard"})
    assert response.status_code == 302 and response["Location"].endswith("/learn/")


def test_the_personal_page_cache_reads_the_new_state_on_the_next_request(
    small, learner, people, django_capture_on_commit_callbacks
):
    """A signed-in person's pages are kept until their records change; a
    promotion and a position moving up (someone ahead left) are such changes."""
    client = Client()
    client.force_login(people[1])
    enrolment_create(cohort=small, learner=learner)
    ahead = waitlist_join(cohort=small, learner=people[0])
    waitlist_join(cohort=small, learner=people[1])
    url = "/learn/"
    assert "You are number 2 on the waiting list." in client.get(url).content.decode()
    assert "You are number 2 on the waiting list." in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=ahead)  # someone else's row
    assert "You are number 1 on the waiting list." in client.get(url).content.decode()
    place = Enrolment.objects.get(learner=learner)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_withdraw(enrolment=place)
    page = client.get(url).content.decode()
    assert "Waiting lists and requests" not in page
    assert "Small" in page  # now among their courses
    course_page = client.get(small.course.url).content.decode()
    assert "You are enrolled in Small." in course_page


def test_public_course_page_shows_the_waiting_count_on_the_next_request(
    client, small, people, course_tree
):
    url = course_tree["course"].url
    enrolment_create(cohort=small, learner=people[0])
    assert "(0 waiting)" in client.get(url).content.decode()
    waitlist_join(cohort=small, learner=people[1])
    assert "(1 waiting)" in client.get(url).content.decode()


# -- API ------------
def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
    return client


def test_api_reports_waiting_and_pending_and_refuses_in_the_error_shape(
    small, approval, learner, people
):
    enrolment_create(cohort=small, learner=people[0])
    api = api_for(learner)
    full = api.post("/api/v1/me/enrolments", {"cohort": small.code}, format="json")
    assert full.status_code == 400
    assert full.json()["error"]["code"] == "validation_error"
    assert full.json()["error"]["reason"] == "full"
    assert full.json()["error"]["message"]
    waiting = api.post(
        "/api/v1/me/enrolments",
        {"cohort": small.code, "waitlist": True},
        format="json",
    )
    assert waiting.status_code == 201
    assert waiting.json()["status"] == "waiting"
    assert waiting.json()["position"] == 1
    pending = api.post(
        "/api/v1/me/enrolments",
        {"cohort": approval.code, "message": "Hi"},
        format="json",
    )
    assert pending.status_code == 201
    body = pending.json()
    assert body["status"] == "pending" and body["message"] == "Hi"
    assert body["position"] is None
    listed = api.get("/api/v1/me/enrolments?status=waiting").json()
    assert [e["cohort"] for e in listed["results"]] == [small.code]
    left = api.delete(f"/api/v1/me/enrolments/{small.code}")
    assert left.status_code == 200 and left.json()["status"] == "cancelled"


def test_api_refuses_missing_prerequisites(needs_basics, cohort, learner):
    response = api_for(learner).post(
        "/api/v1/me/enrolments", {"cohort": cohort.code}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["reason"] == "prerequisites_missing"
    assert "Safety basics" in str(response.json()["error"]["message"])


# -- admin ------------
def test_editors_see_the_waitlist_and_requests_in_the_admin(
    client, small, approval, learner, people, editor
):
    enrolment_create(cohort=small, learner=people[0])
    waitlist_join(cohort=small, learner=people[1])
    enrolment_request(cohort=approval, learner=learner, message="Let me in")
    client.force_login(editor)
    page = client.get(reverse("cohorts:inspect", args=[small.pk])).content.decode()
    assert "Waiting list" in page and "Person 1" in page
    page = client.get(reverse("cohorts:inspect", args=[approval.pk])).content.decode()
    assert "Requests to join" in page and "Let me in" in page


def test_trainers_answer_requests_through_the_api(
    approval, learner, other_learner, trainer, other_trainer
):
    enrolment_request(cohort=approval, learner=learner, message="Hi")
    listed = api_for(trainer).get(
        f"/api/v1/cohorts/{approval.code}/enrolments?status=pending"
    )
    assert [e["message"] for e in listed.json()["results"]] == ["Hi"]
    url = f"/api/v1/cohorts/{approval.code}/requests/{learner.pk}"
    assert api_for(other_trainer).post(url, {"accept": True}).status_code in (
        403,
        404,
    )
    accepted = api_for(trainer).post(
        url, {"accept": True, "response": "Welcome"}, format="json"
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "active"
    again = api_for(trainer).post(url, {"accept": False}, format="json")
    assert again.status_code == 400
    assert again.json()["error"]["reason"] == "not_pending"
    missing = api_for(trainer).post(
        f"/api/v1/cohorts/{approval.code}/requests/{other_learner.pk}",
        {"accept": True},
        format="json",
    )
    assert missing.status_code == 404


def test_the_data_export_holds_the_request_and_the_answer(approval, learner, trainer):
    request = enrolment_request(cohort=approval, learner=learner, message="Hi there")
    enrolment_request_decide(
        enrolment=request, by=trainer, accept=False, response="Not this time"
    )
    (entry,) = learner_personal_data(learner=learner)["enrolments"]
    assert entry["status"] == "declined"
    assert entry["message"] == "Hi there" and entry["response"] == "Not this time"
