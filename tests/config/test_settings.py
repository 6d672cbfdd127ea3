"""Settings chosen by environment variables, read in a fresh interpreter as a server would read them."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "solidaires.example,www.solidaires.example",
    "DATABASE_URL": "postgres://solidaires:motdepasse@db.solidaires.example:5432/solidaires",
    "WAGTAILADMIN_BASE_URL": "https://solidaires.example",
    "REDIS_URL": "redis://cache.solidaires.example:6379/0",
    "DEFAULT_FROM_EMAIL": "Solidaires <ne-pas-repondre@solidaires.example>",
    "EMAIL_HOST": "smtp.solidaires.example",
    "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
}


def clean_env(**variables: str) -> dict[str, str]:
    """The machine's environment without any of the project's variables, plus `variables`."""
    project = {
        "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "WAGTAILADMIN_BASE_URL", "REDIS_URL", "DEBUG",
        "DJANGO_SETTINGS_MODULE", "EMAIL_BACKEND", "CELERY_TASK_ALWAYS_EAGER", "SECURE_SSL_REDIRECT",
        "DEFAULT_FROM_EMAIL", "EMAIL_HOST", "ALLAUTH_TRUSTED_PROXY_COUNT", "AWS_STORAGE_BUCKET_NAME",
        "AWS_S3_CUSTOM_DOMAIN",
    }  # fmt: skip
    env = {key: value for key, value in os.environ.items() if key not in project and not key.startswith("ANYMAIL_")}
    return {**env, **variables}


def run_python(code: str, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def read_settings(module: str, **variables: str) -> dict:
    """Import a settings module (no Django set-up) and return the values the tests look at."""
    code = f"""
import json, importlib
s = importlib.import_module({module!r})
print(json.dumps({{
    "DEBUG": s.DEBUG,
    "DATABASE": s.DATABASES["default"],
    "CACHE": s.CACHES["default"],
    "CELERY_BROKER_URL": s.CELERY_BROKER_URL,
    "CELERY_TASK_ALWAYS_EAGER": s.CELERY_TASK_ALWAYS_EAGER,
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
    "ANYMAIL": getattr(s, "ANYMAIL", None),
    "SECURE_PROXY_SSL_HEADER": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
    "SEED_DEMO_ALLOWED": s.SEED_DEMO_ALLOWED,
    "STORAGE": s.STORAGES["default"]["BACKEND"],
    "CSP": s.CONTENT_SECURITY_POLICY,
}}, default=str))
"""
    result = run_python(code, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def manage(*args: str, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", "--settings=config.settings.production", **PRODUCTION_ENV
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_deploy_check_would_catch_a_weak_secret_key():
    weak = {**PRODUCTION_ENV, "SECRET_KEY": "court"}

    result = manage("check", "--deploy", "--fail-level", "WARNING", "--settings=config.settings.production", **weak)

    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "DATABASE_URL",
        "ALLOWED_HOSTS",
        "WAGTAILADMIN_BASE_URL",
        "REDIS_URL",
        "DEFAULT_FROM_EMAIL",
        "EMAIL_HOST",
        "ALLAUTH_TRUSTED_PROXY_COUNT",
    ],
)
def test_production_refuses_to_start_without_a_required_variable(missing):
    variables = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = run_python("import config.settings.production", **variables)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"The environment variable {missing} is required" in result.stderr


def test_production_ignores_a_debug_variable():
    assert read_settings("config.settings.production", DEBUG="true", **PRODUCTION_ENV)["DEBUG"] is False


def test_database_url_selects_postgresql():
    database = read_settings("config.settings.base", DATABASE_URL="postgres://alice:s3cret@db.example:6543/solidaires")[
        "DATABASE"
    ]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["HOST"], database["PORT"]) == ("solidaires", "db.example", 6543)
    assert (database["USER"], database["PASSWORD"]) == ("alice", "s3cret")
    assert database["ATOMIC_REQUESTS"] is True
    assert database["CONN_MAX_AGE"] == 60


def test_without_database_url_sqlite_is_used():
    database = read_settings("config.settings.base")["DATABASE"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(BASE_DIR / "db.sqlite3")
    assert database["ATOMIC_REQUESTS"] is True


def test_production_database_comes_from_database_url():
    database = read_settings("config.settings.production", **PRODUCTION_ENV)["DATABASE"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db.solidaires.example"
    assert database["ATOMIC_REQUESTS"] is True


def test_without_redis_url_celery_is_eager_and_the_cache_is_local():
    values = read_settings("config.settings.base")
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True
    assert values["CELERY_BROKER_URL"] == "memory://"
    assert values["CACHE"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize(
    "module, extra", [("config.settings.base", {}), ("config.settings.production", PRODUCTION_ENV)]
)
def test_with_redis_url_redis_is_the_broker_and_the_cache(module, extra):
    values = read_settings(module, **{**extra, "REDIS_URL": "redis://cache.example:6379/3"})
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["CELERY_BROKER_URL"] == "redis://cache.example:6379/3"
    assert values["CACHE"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert values["CACHE"]["LOCATION"] == "redis://cache.example:6379/3"


def test_the_celery_app_reads_its_broker_from_the_settings():
    code = """
import django
django.setup()
from config.celery import app
print(app.conf.broker_url, app.conf.task_always_eager, app.conf.task_acks_late)
"""
    variables = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "config.settings.production"}
    variables["REDIS_URL"] = "redis://cache.example:6379/3"
    result = run_python(code, **variables)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["redis://cache.example:6379/3", "False", "True"]


def test_production_sends_email_through_anymail_when_a_provider_is_set():
    values = read_settings(
        "config.settings.production", ANYMAIL_PROVIDER="brevo", ANYMAIL_BREVO_API_KEY="cle-api", **PRODUCTION_ENV
    )
    assert values["EMAIL_BACKEND"] == "anymail.backends.brevo.EmailBackend"
    assert values["ANYMAIL"] == {"BREVO_API_KEY": "cle-api"}


def test_without_a_proxy_the_forwarded_proto_header_is_not_trusted():
    values = read_settings("config.settings.production", **{**PRODUCTION_ENV, "ALLAUTH_TRUSTED_PROXY_COUNT": "0"})
    assert values.get("SECURE_PROXY_SSL_HEADER") is None


def test_with_a_proxy_the_forwarded_proto_header_is_trusted():
    values = read_settings("config.settings.production", **PRODUCTION_ENV)
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_production_does_not_allow_demo_content():
    assert read_settings("config.settings.production", **PRODUCTION_ENV)["SEED_DEMO_ALLOWED"] is False


def test_media_on_s3_are_stored_there_and_allowed_as_images():
    values = read_settings(
        "config.settings.production",
        **PRODUCTION_ENV,
        AWS_STORAGE_BUCKET_NAME="solidaires-medias",
        AWS_S3_CUSTOM_DOMAIN="medias.solidaires.example",
    )
    assert values["STORAGE"] == "storages.backends.s3.S3Storage"
    assert values["CSP"]["DIRECTIVES"]["img-src"] == ["'self'", "data:", "https://medias.solidaires.example"]


def test_without_s3_images_come_only_from_the_site():
    values = read_settings("config.settings.production", **PRODUCTION_ENV)
    assert values["STORAGE"] == "django.core.files.storage.FileSystemStorage"
    assert values["CSP"]["DIRECTIVES"]["img-src"] == ["'self'", "data:"]
