"""Settings for `make bench`: production settings, unchanged but for STATIC_ROOT.

bench/run.py gives production what it reads from the environment, with loopback values:
SECRET_KEY, ALLOWED_HOSTS (127.0.0.1, localhost, testserver), DATABASE_URL (the bench database),
WAGTAILADMIN_BASE_URL, SECURE_SSL_REDIRECT=False (wrk and the test client speak plain HTTP), MEDIA_ROOT
(bench/media/), LOG_LEVEL and placeholders for the mail and proxy variables. The only value
production does not take from the environment is
STATIC_ROOT: the bench collects static files into a temporary directory so that it never overwrites
the developer's staticfiles/.
"""

from config.settings.production import *  # noqa: F401,F403
from config.settings.production import env

STATIC_ROOT = env.path("BENCH_STATIC_ROOT")
SEED_DEMO_ALLOWED = True  # the bench database is a throwaway copy

if not env("BENCH_REDIS_URL", default=""):
    # Measure without touching the developer's Redis: local-memory cache, tasks run in the process.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    # Without Redis, core.audience's flushes would write to the database inside measured requests (every
    # 200 views or 10 s): counting is off for the pages, and bench/audience.py measures it on against off.
    AUDIENCE_COUNTING = False
