"""`make test`: PostgreSQL when DATABASE_URL is set, SQLite otherwise."""

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".pytest_cache" / "media"  # noqa: F405
# Local memory, never Redis; tests/conftest.py empties it before each test (rate limits, site root paths).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests run Celery eagerly unless a test starts a real worker against Redis (tests/core/test_celery_redis.py).
CELERY_TASK_ALWAYS_EAGER = True
# No check of the scheduled jobs after each request: its queries would land in the tests' query counts
# (tests/core/test_jobs.py turns it on where it tests it).
SCHEDULED_JOBS_CHECK_INTERVAL = None
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True
SEED_DEMO_ALLOWED = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file, not in memory: the live server of the browser tests and the Celery
    # worker of the Redis test use it from other threads, which an in-memory shared cache serves badly
    # ("database table is locked"). pytest-xdist gives each worker its own file.
    (BASE_DIR / ".pytest_cache").mkdir(exist_ok=True)  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".pytest_cache" / "test-db.sqlite3")}  # noqa: F405
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA synchronous=OFF; PRAGMA journal_mode=WAL;",
    }  # noqa: F405
# No audience counting by default: its flushes would land in the tests' query counts
# (tests/core/test_audience.py turns it on where it tests it).
AUDIENCE_COUNTING = False
