"""Issue 24: what counting the audience (`core.audience`) costs a request, counting on against counting
off in one run. A page is requested in alternate rounds with `AUDIENCE_COUNTING` on and off (the side
going first alternating); per side, the median of each round's CPU time per request (thread time). Also
the cost of one `record` call (flushes included) and of one flush of 199 views to the cache's Redis
(or to the database)."""

import statistics
import time

from django.test import Client
from django.test.utils import override_settings

from core import audience

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


def _round(client: Client, path: str, requests: int) -> float:
    started = time.thread_time()
    for _ in range(requests):
        response = client.get(path, headers={"User-Agent": BROWSER, "Referer": "https://www.qwant.com/"})
        b"".join(response.streaming_content) if response.streaming else response.content  # noqa: B018
    return (time.thread_time() - started) * 1000 / requests


def measure_audience(path: str = "/", *, rounds: int = 8, requests: int = 20) -> dict:
    client = Client()
    on, off = [], []
    for index in range(rounds):
        order = [(True, on), (False, off)] if index % 2 == 0 else [(False, off), (True, on)]
        for counting, results in order:
            with override_settings(AUDIENCE_COUNTING=counting):
                _round(client, path, 2)  # warm-up
                results.append(_round(client, path, requests))
    audience.flush_buffer()
    calls = 20_000
    started = time.perf_counter()
    for index in range(calls):
        audience.record(f"/bench/{index % 50}/", "")
    record_us = (time.perf_counter() - started) * 1e6 / calls
    audience._take_buffer()
    for index in range(audience.FLUSH_EVERY - 1):  # one short of the automatic flush
        audience.record(f"/bench/{index}/", "exemple.org")
    started = time.perf_counter()
    audience.flush_buffer()
    flush_ms = (time.perf_counter() - started) * 1000
    on_ms, off_ms = statistics.median(on), statistics.median(off)
    return {
        "path": path,
        "rounds": rounds,
        "requests_per_round": requests,
        "cpu_ms_counting_on": round(on_ms, 3),
        "cpu_ms_counting_off": round(off_ms, 3),
        "cpu_ms_difference": round(on_ms - off_ms, 3),
        "record_call_us": round(record_us, 2),
        "flush_199_keys_ms": round(flush_ms, 2),
    }
