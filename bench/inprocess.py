"""In-process measures of one page: status, SQL queries, server time and weight (Django test client).

No test environment is set up (no template instrumentation): the client goes through the same
middleware and views as gunicorn would, minus the network.
"""

import math
import re
import statistics
import time
import traceback

from django.core.signals import got_request_exception
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .weight import page_weight

NUMBERS = re.compile(r"\b\d+\b|'[^']*'")
TRANSACTION = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b", re.I)
# Sent like a browser does, so GZipMiddleware does its usual work while we time.
BROWSER_HEADERS = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br", "HTTP_ACCEPT": "text/html,*/*;q=0.8"}


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _consume(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


class _ExceptionRecorder:
    """Keeps the traceback of an exception raised while serving (the client then answers 500)."""

    def __init__(self):
        self.errors: list[str] = []

    def __call__(self, sender, request=None, **kwargs):
        self.errors.append(traceback.format_exc())

    def __enter__(self):
        got_request_exception.connect(self, weak=False)
        return self

    def __exit__(self, *exc):
        got_request_exception.disconnect(self)


def _get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **BROWSER_HEADERS)
        body = _consume(response)
    return response, body, [query["sql"] for query in queries.captured_queries]


def repeated_queries(sqls: list[str]) -> int:
    """How many queries repeat another one but for their literals (a sign of N+1)."""
    shapes = [NUMBERS.sub("?", sql) for sql in sqls if not TRANSACTION.match(sql)]
    return len(shapes) - len(set(shapes))


def measure_page(path: str, *, requests: int, warmup: int, max_seconds: float, keep_sql: bool = False) -> dict:
    client = Client(raise_request_exception=False)
    with _ExceptionRecorder() as recorder:
        # Warm-up: the first request is cold (template loading, caches), the next ones are warm.
        counts = []
        for _ in range(max(1, warmup)):
            response, body, sqls = _get(client, path)
            counts.append(len(sqls))
        times, cpu_times = [], []
        deadline = time.perf_counter() + max_seconds
        for _ in range(requests):
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.get(path, **BROWSER_HEADERS)
            _consume(response)
            times.append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu_start) * 1000)
            if time.perf_counter() > deadline:
                break
        # Queries are counted apart from timing (capturing them costs time).
        response, body, sqls = _get(client, path)
        warm_counts = counts[1:] + [len(sqls)]
        weight = page_weight(Client(raise_request_exception=False), path)
    result = {
        "status": response.status_code,
        "queries": max(warm_counts),
        "queries_cold": counts[0],
        "transaction_queries": sum(1 for sql in sqls if TRANSACTION.match(sql)),
        "repeated_queries": repeated_queries(sqls),
        "requests": len(times),
        "median_ms": round(statistics.median(times), 2) if times else None,
        "p95_ms": round(percentile(times, 0.95), 2) if times else None,
        # CPU of this process per request (the worker's cost, without waiting for the database).
        "cpu_ms": round(sum(cpu_times) / len(cpu_times), 2) if cpu_times else None,
        "served_bytes": len(body),
        "content_encoding": response.get("Content-Encoding"),
        "compressed_bytes": weight.compressed_bytes,
        "weight": weight.as_dict(),
        "errors": recorder.errors[:1],
    }
    if keep_sql:
        result["sql"] = sqls
    return result
