"""`bench/run.py --compare REV`: worktree, databases, the worker protocol, interleaving and the summary."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench import compare
from bench.databases import compare_database_url

pytestmark = pytest.mark.bench

BASE_DIR = Path(__file__).resolve().parents[2]


def test_each_side_has_its_own_database_named_after_the_bench_one():
    url = "postgres://bench:secret@127.0.0.1:5432/sol_bench?sslmode=disable"
    assert (
        compare_database_url(url, "old")
        == "postgres://bench:secret@127.0.0.1:5432/sol_bench_compare_old?sslmode=disable"
    )
    assert compare_database_url(url, "new").endswith("/sol_bench_compare_new?sslmode=disable")
    assert compare_database_url("sqlite:////x/bench/bench-small.sqlite3", "old") == (
        "sqlite:////x/bench/bench-small_compare_old.sqlite3"
    )
    with pytest.raises(ValueError):
        compare_database_url("postgres://127.0.0.1:5432/", "old")


def git(repo, *args):
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout.strip()


def test_the_older_revision_is_checked_out_once_in_a_worktree_then_reused(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    for number in (1, 2):
        (repo / "page.txt").write_text(f"version {number}\n")
        git(repo, "add", "page.txt")
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", f"v{number}")
    commit = compare.resolve_commit(repo, "HEAD~1")
    root = repo / "bench" / ".compare"

    path, created = compare.ensure_worktree(repo, commit, root)
    assert created and path == root / commit
    assert (path / "page.txt").read_text() == "version 1\n"
    assert (repo / "page.txt").read_text() == "version 2\n"  # the working tree is left alone
    assert compare.ensure_worktree(repo, commit, root) == (path, False)
    with pytest.raises(compare.CompareError):
        compare.resolve_commit(repo, "no-such-revision")


def round_result(cpu, queries=3, status=200):
    return {
        "status": status,
        "queries": queries,
        "calls": int(cpu * 100),
        "cpu_ms": [cpu] * 3,
        "wall_ms": [cpu * 2] * 3,
        "cpu_median_ms": cpu,
    }


def test_pages_are_paired_by_name_and_flagged_when_slower_or_making_more_queries():
    old = [
        {"name": "home", "path": "/", "app": "home", "expected_status": 200},
        {"name": "listing", "path": "/emploi/", "app": "emploi", "expected_status": 200},
        {"name": "feed", "path": "/flux/", "app": "emploi", "expected_status": 200},
        {"name": "month", "path": "/agenda/", "app": "agenda", "expected_status": 200},
        {"name": "gone", "path": "/old/", "app": "home", "expected_status": 200},
    ]
    new = [{**page, "path": page["path"] + "?v=2"} for page in old[:4]]
    new.append({"name": "added", "path": "/new/", "app": "home", "expected_status": 200})
    pairs, unpaired = compare.pair_pages(old, new)
    assert [pair["name"] for pair in pairs] == ["home", "listing", "feed", "month"]
    assert pairs[0]["path_old"] == "/" and pairs[0]["path_new"] == "/?v=2"
    assert unpaired == {"only_old": ["gone"], "only_new": ["added"]}

    results = {
        "home": {"old": [round_result(10), round_result(12)], "new": [round_result(10.1), round_result(12.2)]},
        "listing": {"old": [round_result(10), round_result(20)], "new": [round_result(11), round_result(22)]},
        "feed": {"old": [round_result(1)] * 3, "new": [round_result(0.9, queries=4)] * 3},
        "month": {"old": [round_result(5)] * 3, "new": [round_result(5), round_result(5, queries=9), round_result(5)]},
    }
    rows = {row["name"]: row for row in compare.summarize(pairs, results, tolerance=1.03)}
    assert rows["home"]["flags"] == [] and rows["home"]["cpu_ratio"] == pytest.approx(1.013, abs=0.001)
    assert rows["listing"]["flags"] == ["slower"] and rows["listing"]["cpu_ratio"] == 1.1
    assert rows["listing"]["cpu_ms_old"] == 15 and rows["listing"]["round_ratios"] == [1.1, 1.1]
    assert rows["listing"]["calls_ratio"] == 1.1
    assert rows["feed"]["flags"] == ["more_queries"]
    assert (rows["feed"]["queries_old"], rows["feed"]["queries_new"]) == (3, 4)
    # One round's extra queries (a cache entry expiring during the run) is not a page making more.
    assert rows["month"]["flags"] == [] and rows["month"]["queries_max_new"] == 9
    assert "listing" in compare.table(list(rows.values()))


class StubWorker:
    def __init__(self, side, calls):
        self.side, self.calls = side, calls

    def call(self, command, **arguments):
        self.calls.append((self.side, arguments["path"], arguments["warmup"]))
        return round_result(1.0)


def test_rounds_alternate_which_side_goes_first():
    calls = []
    workers = {side: StubWorker(side, calls) for side in compare.SIDES}
    pairs = [{"name": "home", "path_old": "/a/", "path_new": "/b/", "expected_status": 200, "app": "home"}]
    results = compare.interleaved_rounds(workers, pairs, rounds=3, requests=2, warmup=5, uncached=False)
    assert calls == [("old", "/a/", 5), ("new", "/b/", 5), ("new", "/b/", 1), ("old", "/a/", 1)] + [
        ("old", "/a/", 1),
        ("new", "/b/", 1),
    ]
    assert len(results["home"]["old"]) == len(results["home"]["new"]) == 3
    assert compare.requests_per_round(50, 10) == 5 and compare.requests_per_round(7, 2) == 4


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    credentials = settings["USER"] + (f":{settings['PASSWORD']}" if settings.get("PASSWORD") else "")
    return f"postgres://{credentials}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


def test_a_worker_lists_and_times_the_pages_of_its_tree(django_db_setup, tmp_path):
    """The real worker process, on this tree and the test database as migrations left it (the Wagtail root
    and default Site): this test writes nothing, so no transactional test has to flush what later tests
    (the browser ones) need."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "PYTHONPATH": str(BASE_DIR),
    }
    worker = compare.WorkerProcess("new", BASE_DIR, env, tmp_path / "worker.log")
    try:
        assert worker.info["ready"] and worker.info["tree"] == str(BASE_DIR)
        assert worker.info["settings"] == "config.settings.test"
        pages = {page["name"]: page for page in worker.call("pages")}
        assert pages["robots_txt"] == {
            "name": "robots_txt",
            "path": "/robots.txt",
            "app": "home",
            "expected_status": 200,
        }
        assert pages["not_found"]["expected_status"] == 404
        measured = worker.call("measure", path="/robots.txt", requests=3, warmup=1, uncached=True)
        assert measured["status"] == 200 and measured["errors"] == []
        assert len(measured["cpu_ms"]) == len(measured["wall_ms"]) == 3
        assert measured["cpu_median_ms"] > 0 and measured["queries"] >= 0 and measured["calls"] > 100
        with pytest.raises(compare.CompareError, match="unknown command"):
            worker.call("shutdown")
        assert worker.call("measure", path="/cette-page-n-existe-pas/", requests=1, warmup=0)["status"] == 404
    finally:
        worker.close()
    assert worker.process.returncode == 0


def test_the_worker_script_runs_without_importing_the_bench_package_it_measures():
    """Run by path in another revision's tree: only bench/databases.py beside it, by file path."""
    source = (BASE_DIR / "bench" / "compare_worker.py").read_text()
    assert "from bench" not in source and "import bench" not in source
    done = subprocess.run(
        [sys.executable, str(BASE_DIR / "bench" / "compare_worker.py"), "--help"], capture_output=True
    )
    assert done.returncode == 0
