"""Settings for `make bench`: production settings, unchanged but for STATIC_ROOT.

bench/run.py gives production what it reads from the environment, with loopback values:
SECRET_KEY, ALLOWED_HOSTS (127.0.0.1, localhost, testserver), DATABASE_URL (the bench database),
WAGTAILADMIN_BASE_URL, SECURE_SSL_REDIRECT=False (wrk and the test client speak plain HTTP), MEDIA_ROOT
(bench/media/) and LOG_LEVEL. The only value production does not take from the environment is
STATIC_ROOT: the bench collects static files into a temporary directory so that it never overwrites
the developer's staticfiles/.
"""

from config.settings.production import *  # noqa: F401,F403
from config.settings.production import env

STATIC_ROOT = env.path("BENCH_STATIC_ROOT")
