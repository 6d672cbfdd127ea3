"""One email through the real chain: outbox row → Redis broker → a Celery worker → the mail backend."""

import os
import threading
import time
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections, transaction
from kombu import pools as kombu_pools

from config.celery import app
from core.emails import send_email
from core.models import OutgoingEmail

TEST_REDIS_DB = 14


def redis_test_url() -> str:
    """REDIS_URL (or the local server) with a database number of its own, away from other uses."""
    parts = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return urlunsplit(parts._replace(path=f"/{TEST_REDIS_DB}"))


def reachable_redis(url: str) -> str:
    """The URL of a Redis that answers: skipped without one, but a failure in CI (Redis is required)."""
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI and is unreachable at {url}: {error}")
        pytest.skip(f"Redis is unreachable at {url}")
    return url


@pytest.fixture
def redis_url():
    return reachable_redis(redis_test_url())


WORKER_RUNS = []


def after_worker_task(task=None, **kwargs):
    WORKER_RUNS.append((task.name, threading.get_ident()))
    # The worker thread has its own database connections: close them, or the test database cannot be dropped.
    connections.close_all()


def forget_broker_connections():
    """Drop the connection pools (and routing) the app built for its previous broker, e.g. `memory://`."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
        for cached in ("default_queue", "queues", "router", "default_exchange"):
            amqp.__dict__.pop(cached, None)
    # kombu keeps process-wide producer pools keyed by connection; the worker's shutdown closes them
    # but leaves them registered, so later eager tasks would "Acquire on closed pool".
    kombu_pools.reset()


@pytest.fixture
def celery_worker_on_redis(redis_url):
    """An in-process worker consuming a queue of its own on the real broker (parallel runs do not mix)."""
    queue = f"solidaires-test-{uuid.uuid4().hex}"
    overrides = {
        "broker_url": redis_url,
        "task_always_eager": False,
        "task_default_queue": queue,
        "broker_connection_retry_on_startup": False,
    }
    saved = {key: app.conf.get(key) for key in overrides}
    app.conf.update(overrides)
    forget_broker_connections()
    WORKER_RUNS.clear()
    task_postrun.connect(after_worker_task, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, queues=[queue], shutdown_timeout=20) as worker:
            yield worker
    finally:
        task_postrun.disconnect(after_worker_task)
        app.conf.update(saved)
        forget_broker_connections()
        server = redis.Redis.from_url(redis_url)
        leftovers = list(server.scan_iter(match=f"*{queue}*"))
        if leftovers:
            server.delete(*leftovers)


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Real commits, like pytest-django's `transactional_db` (replaced in this module), without its flush.

    pytest-django empties every table after a transactional test, which would also remove what
    migrations created (Wagtail's root page, the editorial groups, the reference data) for every later
    test of this process. This test deletes the rows it created instead.
    """
    with django_db_blocker.unblock():
        first_id = (OutgoingEmail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        yield
        OutgoingEmail.objects.filter(pk__gte=first_id).delete()
        connections.close_all()


@pytest.mark.redis
def test_email_is_delivered_by_a_real_worker_through_redis(transactional_db, celery_worker_on_redis):
    database = str(connections["default"].settings_dict["NAME"])
    assert "test" in database or "memory" in database, "must run against the test database"
    with transaction.atomic():
        email = send_email(to=["camille@exemple.test"], subject="Bienvenue sur Solidaires", text="Bonjour Camille.")
        # Inside the transaction nothing is queued yet: the worker could not even see the row.
        assert OutgoingEmail.objects.get(pk=email.pk).status == OutgoingEmail.Status.PENDING

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        email.refresh_from_db()
        if email.status != OutgoingEmail.Status.PENDING:
            break
        time.sleep(0.1)

    assert email.status == OutgoingEmail.Status.SENT
    assert WORKER_RUNS == [("core.tasks.deliver_email", WORKER_RUNS[0][1])]
    assert WORKER_RUNS[0][1] != threading.get_ident()  # delivered by the worker, not eagerly here
    assert email.attempts == 1
    assert (email.text_body, email.html_body) == ("", "")  # sent: the outbox keeps no content
    assert [message.subject for message in mail.outbox] == ["Bienvenue sur Solidaires"]
    assert mail.outbox[0].alternatives[0][1] == "text/html"
