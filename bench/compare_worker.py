"""One side of `bench/run.py --compare`: a process that serves and times pages of the tree it measures.

    python <any tree>/bench/compare_worker.py --tree <measured tree>

bench/run.py starts two of them, one in the tree of the older revision (a git worktree under
bench/.compare/) and one in the current tree, each with its own database, cache prefix and static files
(environment given by run.py). The worker puts the measured tree first on sys.path and imports only that
tree's project: its settings module, its apps and their `<app>/bench.py` page lists. The bench's own
helpers it needs (bench/databases.py) are loaded by file path from beside this script, so that both
sides are prepared and timed by the same code, whatever the older revision's bench/ contains.

Protocol: one JSON object per line on stdin, one JSON answer per line on stdout; anything else the
process prints goes to stderr. Commands:
    {"command": "prepare", "scale": "small", "reseed": false}   migrate, then seed_demo when needed
    {"command": "pages"}                                         [{name, path, app, expected_status}]
    {"command": "measure", "path": ..., "requests": N, "warmup": W, "uncached": false}
    {"command": "quit"}
An answer is {"ok": true, "result": ...} or {"ok": false, "error": "<traceback>"}. The first line the
worker writes, once Django is set up, is {"ok": true, "result": {"ready": ...}}.
"""

import argparse
import cProfile
import gc
import importlib.util
import json
import os
import pstats
import statistics
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Sent like a browser does, so GZipMiddleware does its usual work while we time (as bench/inprocess.py).
BROWSER_HEADERS = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br", "HTTP_ACCEPT": "text/html,*/*;q=0.8"}
TRANSACTION_PREFIXES = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def enter_tree(tree: Path) -> None:
    """The measured tree first on sys.path, and no other checkout of the project (this script's own)."""
    tree = tree.resolve()
    os.chdir(tree)

    def other_checkout(entry: str) -> bool:
        path = Path(entry or ".").resolve()
        return path != tree and ((path / "manage.py").exists() or path.name == "bench" and path == HERE)

    sys.path[:] = [str(tree)] + [entry for entry in sys.path if not other_checkout(entry)]


def load_databases_module():
    """bench/databases.py beside this script, by file path: never the measured tree's `bench` package."""
    spec = importlib.util.spec_from_file_location("_compare_bench_databases", HERE / "databases.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def consume(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


class Worker:
    def __init__(self, tree: Path):
        import django

        self.tree = tree
        self.databases = load_databases_module()
        django.setup()
        import logging

        # 404s are measured on purpose: Django's "Not Found" warnings would drown the log.
        logging.getLogger("django.request").setLevel(logging.ERROR)

    def ready(self) -> dict:
        import django
        from django.conf import settings
        from django.db import connection

        return {
            "ready": True,
            "tree": str(self.tree),
            "pid": os.getpid(),
            "django": django.get_version(),
            "settings": settings.SETTINGS_MODULE,
            "vendor": connection.vendor,
        }

    def prepare(self, scale: str = "small", reseed: bool = False) -> dict:
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        result = self.databases.prepare_database(scale, reseed)
        result["migrate_and_seed_seconds"] = round(time.perf_counter() - started, 1)
        return result

    def pages(self) -> list[dict]:
        """The pages the measured tree's apps declare in their `<app>/bench.py` (see bench/registry.py)."""
        from importlib import import_module
        from importlib.util import find_spec
        from urllib.parse import urlsplit

        from django.apps import apps

        found = []
        for app_config in apps.get_app_configs():
            path = Path(app_config.path).resolve()
            if not path.is_relative_to(self.tree) or ".venv" in path.relative_to(self.tree).parts:
                continue
            if find_spec(f"{app_config.name}.bench") is None:
                continue
            module = import_module(f"{app_config.name}.bench")
            for name, url, *rest in getattr(module, "bench_pages", list)():
                parts = urlsplit(url)
                local = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                expected = int(rest[0]) if rest else 200
                found.append({"name": name, "path": local, "app": app_config.label, "expected_status": expected})
        return found

    def measure(self, path: str, requests: int = 10, warmup: int = 2, uncached: bool = False) -> dict:
        """CPU and wall time of each of `requests` requests, after `warmup` ones; SQL queries apart.

        uncached: the cache is emptied before every request (its time not counted), so that each one
        does the whole work (routing, queries, rendering) instead of reading a cached response.
        """
        from django.core.cache import cache
        from django.core.signals import got_request_exception
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        errors = []

        def record(sender, **kwargs):
            errors.append(traceback.format_exc())

        got_request_exception.connect(record, weak=False)
        client = Client(raise_request_exception=False)
        try:
            for _ in range(max(0, warmup)):
                if uncached:
                    cache.clear()
                consume(client.get(path, **BROWSER_HEADERS))
            gc.collect()
            cpu_ms, wall_ms = [], []
            status = None
            for _ in range(max(1, requests)):
                if uncached:
                    cache.clear()
                cpu, wall = time.thread_time(), time.perf_counter()
                response = client.get(path, **BROWSER_HEADERS)
                consume(response)
                cpu_ms.append((time.thread_time() - cpu) * 1000)
                wall_ms.append((time.perf_counter() - wall) * 1000)
                status = response.status_code
            # Queries are counted apart from timing (capturing them costs time): the most of two requests.
            counts = []
            for _ in range(2):
                if uncached:
                    cache.clear()
                with CaptureQueriesContext(connection) as captured:
                    consume(client.get(path, **BROWSER_HEADERS))
                sqls = [query["sql"] for query in captured.captured_queries]
                counts.append((len(sqls), sum(sql.lstrip().upper().startswith(TRANSACTION_PREFIXES) for sql in sqls)))
            # Python function calls of one more request: a measure of the work no other process changes.
            if uncached:
                cache.clear()
            profile = cProfile.Profile()
            profile.enable()
            consume(client.get(path, **BROWSER_HEADERS))
            profile.disable()
            calls = pstats.Stats(profile).total_calls
        finally:
            got_request_exception.disconnect(record)
        queries, transaction_queries = max(counts)
        return {
            "status": status,
            "queries": queries,
            "transaction_queries": transaction_queries,
            "calls": calls,
            "cpu_ms": [round(value, 4) for value in cpu_ms],
            "wall_ms": [round(value, 4) for value in wall_ms],
            "cpu_median_ms": round(statistics.median(cpu_ms), 4),
            "errors": errors[:1],
        }


def serve(worker: Worker, requests, answers) -> None:
    def answer(payload):
        answers.write(json.dumps(payload) + "\n")
        answers.flush()

    answer({"ok": True, "result": worker.ready()})
    for line in requests:
        if not line.strip():
            continue
        try:
            message = json.loads(line)
            command = message.pop("command")
            if command == "quit":
                answer({"ok": True, "result": "bye"})
                return
            if command not in {"prepare", "pages", "measure"}:
                raise ValueError(f"unknown command {command!r}")
            answer({"ok": True, "result": getattr(worker, command)(**message)})
        except Exception:  # noqa: BLE001 - reported to the parent, which stops the comparison
            answer({"ok": False, "error": traceback.format_exc()})


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Un côté de bench/run.py --compare (JSON sur stdin/stdout).")
    parser.add_argument("--tree", type=Path, required=True, help="l'arbre du projet à mesurer")
    args = parser.parse_args(argv)
    # The protocol owns the real stdout; whatever else prints (seed_demo, warnings) goes to stderr.
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    enter_tree(args.tree)
    try:
        worker = Worker(args.tree.resolve())
    except Exception:  # noqa: BLE001
        answers.write(json.dumps({"ok": False, "error": traceback.format_exc()}) + "\n")
        answers.flush()
        return 1
    serve(worker, sys.stdin, answers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
