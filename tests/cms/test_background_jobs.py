"""The admin's "Background jobs" report: queues and failed jobs, for superusers."""

import django_rq.settings
import pytest
import redis
from rq import Queue, SimpleWorker

pytestmark = pytest.mark.django_db

REDIS_TEST_URL = "redis://127.0.0.1:6379/12"


def test_only_superusers_see_it(client, editor, superuser):
    client.force_login(editor)
    refused = client.get("/admin/jobs/")  # Wagtail sends them back to the dashboard
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    client.force_login(superuser)
    page = client.get("/admin/jobs/")
    assert page.status_code == 200
    assert "nothing is ever queued" in page.content.decode()  # immediate backend
    assert "/admin/jobs/" in client.get("/admin/").content.decode()


@pytest.fixture
def rq_queues(settings, monkeypatch):
    connection = redis.Redis.from_url(REDIS_TEST_URL)
    try:
        connection.ping()
    except redis.exceptions.ConnectionError:
        pytest.fail(f"Redis is required for this test ({REDIS_TEST_URL}).")
    connection.flushdb()
    queues = {name: {"URL": REDIS_TEST_URL} for name in settings.TASK_QUEUES}
    settings.RQ_QUEUES = queues
    monkeypatch.setattr(django_rq.settings, "QUEUES", queues)
    yield connection
    connection.flushdb()


def test_failed_jobs_are_listed_and_can_be_retried(client, superuser, rq_queues):
    queue = Queue("default", connection=rq_queues)
    job = queue.enqueue("json.loads", "not json")
    SimpleWorker([queue], connection=rq_queues).work(burst=True)
    assert job.id in queue.failed_job_registry.get_job_ids()

    client.force_login(superuser)
    page = client.get("/admin/jobs/").content.decode()
    assert "Failed jobs" in page
    assert "JSONDecodeError: Expecting value" in page
    assert f'value="{job.id}"' in page

    retried = client.post("/admin/jobs/", {"job": job.id}, follow=True)
    assert "The job is back in its queue." in retried.content.decode()
    assert job.id not in queue.failed_job_registry.get_job_ids()
    assert job.id in queue.get_job_ids()
    again = client.post("/admin/jobs/", {"job": job.id}, follow=True)
    assert "no longer in the failed list" in again.content.decode()
