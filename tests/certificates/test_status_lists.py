"""Status list entries: never two certificates on one bit, unpredictable, many lists.

Bulk issuance used to die at random: indexes were drawn at random under a
unique constraint, and a collision was taken for a duplicate certificate.
"""

import threading
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction

from certificates import openbadges
from certificates.models import STATUS_LIST_SIZE, Certificate, StatusList
from certificates.services import certificate_issue, certificate_revoke
from certificates.status_lists import permuted_index, status_entry_allocate
from courses.services import enrolment_create
from tests.certificates.factories import StatusListFactory
from tests.certificates.test_concurrency import THREADS, run_threads
from tests.courses.factories import make_user

pytestmark = pytest.mark.django_db


def _issue(n, course_tree, cohort, trainer, *, prefix="l"):
    certificates = []
    for i in range(n):
        learner = make_user(f"{prefix}{i}")
        enrolment_create(cohort=cohort, learner=learner)
        certificates.append(
            certificate_issue(
                learner=learner, course=course_tree["course"], by=trainer, reason="t"
            )
        )
    return certificates


def test_a_random_choice_that_collides_does_not_stop_issuance(
    course_tree, cohort, trainer
):
    """Every random draw returns the same number: issuance still succeeds."""
    with mock.patch("secrets.randbelow", return_value=4242):
        certificates = _issue(3, course_tree, cohort, trainer)
    entries = {(c.status_list, c.status_index) for c in certificates}
    assert len(entries) == 3
    assert Certificate.objects.count() == 3


def test_a_taken_entry_is_an_error_not_a_duplicate(course_tree, cohort, trainer):
    """A status entry collision is never reported as "already issued"."""
    (first,) = _issue(1, course_tree, cohort, trainer)
    learner = make_user("second")
    enrolment_create(cohort=cohort, learner=learner)
    taken = (first.status_list, first.status_index)
    with (
        mock.patch("certificates.services.status_entry_allocate", return_value=taken),
        pytest.raises(IntegrityError),
    ):
        certificate_issue(
            learner=learner, course=course_tree["course"], by=trainer, reason="t"
        )
    assert not Certificate.objects.filter(learner=learner).exists()


def test_the_permutation_is_a_bijection_and_not_sequential():
    key = "ab" * 32
    for size in (7, 1000):
        assert sorted(permuted_index(p, key=key, size=size) for p in range(size)) == (
            list(range(size))
        )
    first = [permuted_index(p, key=key, size=STATUS_LIST_SIZE) for p in range(2000)]
    assert len(set(first)) == 2000
    assert max(first) - min(first) > STATUS_LIST_SIZE // 2
    steps = {b - a for a, b in zip(first, first[1:], strict=False)}
    assert len(steps) > 1900  # no stride to extrapolate from
    other = [permuted_index(p, key="cd" * 32, size=STATUS_LIST_SIZE) for p in range(20)]
    assert other != first[:20]  # each list has its own secret order


def test_indexes_taken_before_the_allocator_are_skipped(course_tree, cohort, trainer):
    (first,) = _issue(1, course_tree, cohort, trainer, prefix="a")
    status_list = StatusList.objects.get(number=0)
    legacy = permuted_index(1, key=status_list.permutation_key, size=STATUS_LIST_SIZE)
    Certificate.objects.filter(pk=first.pk).update(status_index=legacy)
    (second,) = _issue(1, course_tree, cohort, trainer, prefix="b")
    assert second.status_index == permuted_index(
        2, key=status_list.permutation_key, size=STATUS_LIST_SIZE
    )
    assert StatusList.objects.get(number=0).allocated == 3


def test_a_full_list_is_followed_by_the_next_one(client, course_tree, cohort, trainer):
    StatusListFactory(number=0, size=2)
    certificates = _issue(3, course_tree, cohort, trainer)
    assert [c.status_list for c in certificates] == [0, 0, 1]
    assert {c.status_index for c in certificates[:2]} == {0, 1}
    assert StatusList.objects.get(number=1).size == STATUS_LIST_SIZE

    third = certificates[2]
    credential = openbadges.build_credential(
        certificate=third, issuer={"name": "Academy"}, alignments=[]
    )
    list_url = "http://127.0.0.1:8000/openbadges/status/revocation/1"
    assert credential["credentialStatus"]["statusListCredential"] == list_url
    first = openbadges.build_credential(
        certificate=certificates[0], issuer={"name": "Academy"}, alignments=[]
    )
    assert first["credentialStatus"]["statusListCredential"].endswith(
        "/openbadges/status/revocation"
    )

    certificate_revoke(certificate=third, by=trainer, reason="Mistake")
    cache.clear()
    public = openbadges.issuer_key().public_key()
    served = client.get("/openbadges/status/revocation/1").json()
    assert served["id"] == list_url
    assert openbadges.verify(served, public)
    bits = openbadges.decode_status_list(served["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == STATUS_LIST_SIZE
    assert openbadges.status_bit(bits, third.status_index)
    legacy = client.get("/openbadges/status/revocation").json()
    bits = openbadges.decode_status_list(legacy["credentialSubject"]["encodedList"])
    assert not any(openbadges.status_bit(bits, i) for i in (0, 1))
    assert client.get("/openbadges/status/revocation/7").status_code == 404


def test_a_rolled_back_issue_gives_its_position_back(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        status_entry_allocate()
        raise RuntimeError
    assert StatusList.objects.filter(allocated__gt=0).count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issues_never_share_an_entry(course_tree, cohort, trainer):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL (set DATABASE_URL)")
    StatusListFactory(number=0, size=8)  # fills, and opens list 1
    learners = []
    for i in range(THREADS):
        learner = make_user(f"c{i}")
        enrolment_create(cohort=cohort, learner=learner)
        learners.append(learner)
    lock = threading.Lock()

    def issue():
        with lock:
            learner = learners.pop()
        certificate_issue(
            learner=learner, course=course_tree["course"], by=trainer, reason="t"
        )

    assert run_threads(issue) == []
    entries = list(Certificate.objects.values_list("status_list", "status_index"))
    assert len(entries) == THREADS == len(set(entries))
    per_list = [sum(1 for n, _i in entries if n == number) for number in (0, 1)]
    assert per_list == [8, THREADS - 8]
    assert StatusList.objects.count() == 2
