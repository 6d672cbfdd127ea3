"""The bench's databases: which one, creating it on PostgreSQL, and seeding it once per seeders' state.

Used by bench/run.py and by bench/compare_worker.py. The worker runs inside another revision's tree
(`--compare`), where `bench` is that revision's package: it loads this file by its path, so this module
imports nothing from `bench` and only the standard library at import (Django inside the functions, once
the worker has set it up).
"""

import hashlib
import os
import sys
import time
from datetime import UTC, datetime
from importlib import import_module
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SEED_TABLE = "bench_seed"
# `--compare`: each side on its own database, named after BENCH_DATABASE_URL's (or the SQLite file's).
COMPARE_SUFFIXES = {"old": "_compare_old", "new": "_compare_new"}


def mask_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def database_url(scale: str, bench_dir: Path) -> str:
    """BENCH_DATABASE_URL, or bench/bench-<scale>.sqlite3; never the developer's DATABASE_URL."""
    url = os.environ.get("BENCH_DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{bench_dir / f'bench-{scale}.sqlite3'}"
    developer = os.environ.get("DATABASE_URL", "").strip()
    if developer and developer.rstrip("/") == url.rstrip("/"):
        sys.exit("BENCH_DATABASE_URL is the same as DATABASE_URL: the bench needs a database of its own.")
    return url


def compare_database_url(url: str, side: str) -> str:
    """The database of one side of `--compare`: the bench database's name with `_compare_<side>`.

    postgres://u@h/sol_bench -> postgres://u@h/sol_bench_compare_old;
    sqlite:////x/bench-small.sqlite3 -> sqlite:////x/bench-small_compare_old.sqlite3.
    """
    suffix = COMPARE_SUFFIXES[side]
    if url.startswith("sqlite"):
        # Not through urlsplit/urlunsplit: they turn sqlite:////abs/path into sqlite://abs/path.
        stem, dot, extension = url.rpartition(".")
        return f"{stem}{suffix}.{extension}" if dot and "/" not in extension else f"{url}{suffix}"
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise ValueError(f"No database name in {mask_url(url)}")
    return urlunsplit(parts._replace(path=f"/{name}{suffix}"))


def ensure_postgres_database(db_url: str) -> bool:
    """Create the bench database on PostgreSQL when it does not exist yet; True when created."""
    import environ
    import psycopg2

    config = environ.Env.db_url_config(db_url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        return False
    params = {
        key: value
        for key, value in {
            "host": config.get("HOST"),
            "port": config.get("PORT"),
            "user": config.get("USER"),
            "password": config.get("PASSWORD"),
        }.items()
        if value
    }
    try:
        psycopg2.connect(dbname=config["NAME"], connect_timeout=5, **params).close()
        return False
    except psycopg2.OperationalError as error:
        if "does not exist" not in str(error):
            raise
    connection = psycopg2.connect(dbname="postgres", connect_timeout=5, **params)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{config["NAME"]}"')
    connection.close()
    print(f"Base {config['NAME']} créée.", flush=True)
    return True


def seed_fingerprint(scale: str) -> str:
    """Changes when the seeders, seed_demo or the applied migrations change (then seed_demo runs again)."""
    from django.conf import settings
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    digest = hashlib.sha256(scale.encode())
    modules = ["home.management.commands.seed_demo"] + [path.rsplit(".", 1)[0] for path in settings.DEMO_SEEDERS]
    for name in [*settings.DEMO_SEEDERS, *modules]:
        digest.update(name.encode())
    for name in modules:
        module = import_module(name)
        files = [Path(module.__file__)]
        if files[0].name == "__init__.py":  # a demo/ package: all of it
            files = sorted(files[0].parent.rglob("*.py"))
        for file in files:
            digest.update(file.read_bytes())
    for app, migration in sorted(MigrationRecorder(connection).applied_migrations()):
        digest.update(f"{app}.{migration}".encode())
    return digest.hexdigest()


def seeded_state() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {SEED_TABLE} "
            "(scale VARCHAR(16) PRIMARY KEY, fingerprint VARCHAR(64) NOT NULL, seeded_at VARCHAR(40) NOT NULL)"
        )
        cursor.execute(f"SELECT scale, fingerprint FROM {SEED_TABLE}")
        return dict(cursor.fetchall())


def prepare_database(scale: str, reseed: bool) -> dict:
    """seed_demo --scale, skipped when this database was already seeded at this scale by the same seeders."""
    from django.core.management import call_command
    from django.db import connection, transaction

    started = time.perf_counter()
    fingerprint = seed_fingerprint(scale)
    state = seeded_state()
    if not reseed and state.get(scale) == fingerprint:
        print(f"Base déjà peuplée à l'échelle {scale} : seed_demo sauté.", flush=True)
        seeded = False
    else:
        print(f"seed_demo --scale {scale}…", flush=True)
        call_command("seed_demo", scale=scale, quiet_accounts=True, stdout=StringIO())
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SEED_TABLE} WHERE scale = %s", [scale])
            cursor.execute(
                f"INSERT INTO {SEED_TABLE} (scale, fingerprint, seeded_at) VALUES (%s, %s, %s)",
                [scale, fingerprint, datetime.now(UTC).isoformat(timespec="seconds")],
            )
        seeded = True
    if seeded and connection.vendor == "postgresql":
        # What an operator does after a bulk load, and autovacuum would do a little later: statistics for
        # the planner and a visibility map for index-only scans, so that timings are the steady state's.
        print("VACUUM ANALYZE…", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    scales = sorted(seeded_state())
    if scale == "small" and "full" in scales:
        print("Attention : cette base contient aussi les volumes de l'échelle full.", flush=True)
    return {"seeded_now": seeded, "seeded_scales": scales, "seconds": round(time.perf_counter() - started, 1)}
