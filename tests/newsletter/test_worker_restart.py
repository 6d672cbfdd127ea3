"""A small letter sent end to end by real Celery worker processes on the real Redis broker; the first
worker is killed (SIGKILL) in the middle of the send, a second one finishes it: nobody gets it twice,
nobody is missed."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connections
from django.utils import timezone
from wagtail.models import Page

from config.celery import app
from newsletter import services, tasks
from newsletter.models import (
    Delivery,
    MailingList,
    NewsletterIndexPage,
    NewsletterPage,
    SendStatus,
    Subscriber,
    SubscriberStatus,
)
from tests.core.test_celery_redis import forget_broker_connections

BASE_DIR = Path(settings.BASE_DIR)
RECIPIENTS = 10


def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/2"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        if os.environ.get("CI"):
            pytest.fail(f"Redis is required in CI and is unreachable at {url}: {error}")
        pytest.skip(f"Redis is unreachable at {url}")
    return url


def database_url() -> str:
    database = connections["default"].settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{database['NAME']}"
    user, host, port = database["USER"], database["HOST"] or "127.0.0.1", database["PORT"] or 5432
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


def start_worker(queue: str, env: dict) -> subprocess.Popen:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-P", "solo", "-Q", queue]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "INFO"]
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"Timed out waiting for {what}", pytrace=False)


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Real commits, like pytest-django's `transactional_db` (replaced in this module, as in
    tests/core/test_celery_redis.py), without its flush, which would empty what migrations created for
    the later tests: this test deletes the rows it created instead."""
    with django_db_blocker.unblock():
        created = {}
        yield created
        Delivery.objects.filter(letter__in=created.get("letters", [])).delete()
        for page in created.get("pages", []):
            Page.objects.filter(pk=page.pk).delete()
        Subscriber.objects.filter(email__startswith="redemarrage").delete()
        connections.close_all()


@pytest.mark.redis
def test_worker_killed_mid_send_then_restarted_sends_everyone_once(transactional_db, tmp_path):
    committed = transactional_db
    database = str(connections["default"].settings_dict["NAME"])
    assert "test" in database, "must run against the test database"
    url = redis_url()
    queue = f"solidaires-newsletter-test-{uuid.uuid4().hex}"
    mail_log = tmp_path / "mail.log"
    mail_log.touch()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.newsletter.worker_settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": url,
        "NL_TEST_MAIL_LOG": str(mail_log),
        "NL_TEST_SEND_DELAY": "1.5",
        "NEWSLETTER_CHUNK_SIZE": "2",
        "NL_TEST_QUEUE": queue,
    }
    weekly = MailingList.objects.get(slug="hebdo")
    index = NewsletterIndexPage(title="Lettres (test)", slug=f"lettres-{uuid.uuid4().hex[:8]}")
    Page.get_first_root_node().add_child(instance=index)
    letter = NewsletterPage(
        title="Lettre redémarrage", slug="lettre", mailing_list=weekly, body=[("heading", "Bonjour")]
    )
    index.add_child(instance=letter)
    letter.save_revision().publish()
    committed["pages"] = [index]
    committed["letters"] = [letter]
    now = timezone.now()
    subscribers = Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"redemarrage{n}@exemple.fr", status=SubscriberStatus.ACTIVE, consent_at=now)
            for n in range(RECIPIENTS)
        ]
    )
    weekly.subscribers.add(*Subscriber.objects.filter(email__startswith="redemarrage"))
    assert len(subscribers) == RECIPIENTS

    overrides = {"broker_url": url, "task_always_eager": False, "task_default_queue": queue}
    saved = {key: app.conf.get(key) for key in overrides}
    app.conf.update(overrides)
    forget_broker_connections()
    workers = []
    try:
        workers.append(start_worker(queue, env))
        # The chunk size is the worker's (environment); the test process only queues the first task.
        services.start_sending(NewsletterPage.objects.get(pk=letter.pk))

        def lines():
            return mail_log.read_text().split()

        wait_for(lambda: len(lines()) >= 2, 60, "the first chunk")
        time.sleep(0.5)  # inside the second chunk's hand-over
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait(10)
        sent_before = Delivery.objects.filter(letter=letter, status=Delivery.Status.SENT).count()
        assert 2 <= sent_before < RECIPIENTS
        assert len(lines()) == sent_before

        workers.append(start_worker(queue, env))
        # What the beat's `send_scheduled_letters` does for a letter still sending: queue it again.
        tasks.prepare_letter.delay(letter.pk)
        wait_for(
            lambda: NewsletterPage.objects.get(pk=letter.pk).send_status == SendStatus.SENT, 90, "the end of the send"
        )
        time.sleep(2)  # a redelivered task of the dead worker, if any, would send now
        received = lines()
        assert sorted(received) == sorted(f"redemarrage{n}@exemple.fr" for n in range(RECIPIENTS))
        assert Delivery.objects.filter(letter=letter, status=Delivery.Status.SENT).count() == RECIPIENTS
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                try:
                    worker.wait(20)
                except subprocess.TimeoutExpired:
                    worker.kill()
            print(worker.stderr.read().decode(errors="replace")[-3000:])
        app.conf.update(saved)
        forget_broker_connections()
        server = redis.Redis.from_url(url)
        leftovers = list(server.scan_iter(match=f"*{queue}*"))
        if leftovers:
            server.delete(*leftovers)
