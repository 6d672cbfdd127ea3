"""Production: every secret and host comes from the environment; a missing one stops start-up."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env


def required(name: str, why: str = "") -> str:
    """Read a variable that production cannot run without, naming it (and why) when it is missing."""
    value = env(name, default="")
    if not value:
        message = f"The environment variable {name} is required in production and is not set."
        raise ImproperlyConfigured(f"{message} {why}".strip())
    return value


DEBUG = False
# Who receives the report of a server error (comma-separated addresses); none when empty.
ADMINS = [("Solidaires", address) for address in env.list("ADMINS", default=[])]
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = required("ALLOWED_HOSTS").split(",")
DATABASES = {"default": env.db_url_config(required("DATABASE_URL"))}
DATABASES["default"].update(ATOMIC_REQUESTS=True, CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
WAGTAILADMIN_BASE_URL = required("WAGTAILADMIN_BASE_URL")
# Redis is not optional here: login rate limits must be shared by every worker, and Celery needs a broker
# (base.py already configured the cache and the broker from it).
required("REDIS_URL", "It is the cache shared by the web workers (login throttling) and the Celery broker.")
DEFAULT_FROM_EMAIL = required("DEFAULT_FROM_EMAIL", "Example: Solidaires <ne-pas-repondre@solidaires.org>")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# Email through an anymail provider (ANYMAIL_PROVIDER=brevo, mailjet, postmark...; its keys in ANYMAIL_*).
ANYMAIL_PROVIDER = env("ANYMAIL_PROVIDER", default="")
if ANYMAIL_PROVIDER:
    EMAIL_BACKEND = f"anymail.backends.{ANYMAIL_PROVIDER}.EmailBackend"
    ANYMAIL = {
        key.removeprefix("ANYMAIL_"): value
        for key, value in env.ENVIRON.items()
        if key.startswith("ANYMAIL_") and key != "ANYMAIL_PROVIDER"
    }
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
    EMAIL_HOST = required("EMAIL_HOST", "Set it for SMTP, or set ANYMAIL_PROVIDER and its ANYMAIL_* keys.")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)

# How many reverse proxies (load balancer, CDN…) stand in front of gunicorn. allauth's rate limits key
# on the visitor's address, read from X-Forwarded-For that many hops back: 0 without any proxy, so a
# forged header cannot dodge the limits; too small a number would make every visitor share one address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(
    required("ALLAUTH_TRUSTED_PROXY_COUNT", "0 when gunicorn faces visitors directly, else the number of proxies.")
)

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
if ALLAUTH_TRUSTED_PROXY_COUNT > 0:
    # Only a proxy may say the visitor used HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
    )
]
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
