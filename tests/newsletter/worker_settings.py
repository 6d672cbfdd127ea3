"""Settings of the Celery worker started as a process by test_worker_restart.py (test database, real broker)."""

from config.settings.test import *  # noqa: F401,F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = env("REDIS_URL")  # noqa: F405
# The tasks the worker queues itself (the chunks) go to the test's own queue too.
CELERY_TASK_DEFAULT_QUEUE = env("NL_TEST_QUEUE")  # noqa: F405
EMAIL_BACKEND = "tests.newsletter.mail_log_backend.MailLogBackend"
NEWSLETTER_CHUNK_RATE_LIMIT = None
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
