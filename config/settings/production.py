"""Production: every secret and host comes from the environment; a missing one stops start-up."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env


def required(name: str) -> str:
    """Read a variable that production cannot run without, naming it when it is missing."""
    value = env(name, default="")
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} is required in production and is not set.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = required("ALLOWED_HOSTS").split(",")
DATABASES = {"default": env.db_url_config(required("DATABASE_URL"))}
DATABASES["default"].update(ATOMIC_REQUESTS=True, CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
WAGTAILADMIN_BASE_URL = required("WAGTAILADMIN_BASE_URL")

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
    EMAIL_HOST = env("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)

# Behind a reverse proxy, allauth's rate limits must key on the visitor's address, not the proxy's.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=1)

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
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
