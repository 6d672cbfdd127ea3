"""`make bench`: measure every public page and write bench/report.json.

    .venv/bin/python bench/run.py [--scale small|full] [--requests N] [--duration S] [--no-wrk]
                                  [--output PATH] [--only NAME,...] [--reseed] [--sql]
    .venv/bin/python bench/run.py --compare REV [--uncached] [--rounds N] [--requests N] [--tolerance 1.03]

--compare: this tree against the revision REV, page by page, in one run (see bench/compare.py).

Own database, never the developer's: bench/bench-<scale>.sqlite3, or BENCH_DATABASE_URL when set
(created if missing on PostgreSQL). Own cache: local memory, or BENCH_REDIS_URL when set. Settings:
bench.settings (production settings; see that module for the one override). Steps:
1. collectstatic into a temporary STATIC_ROOT (in the background), migrate, seed_demo --scale (skipped
   when this database was already seeded at this scale by the same seeders);
2. in-process, for each page of the registry (bench.registry): warm-up, then N timed requests with the
   Django test client; SQL queries of a warm request; HTML + same-origin CSS/JS gzip-compressed;
3. gunicorn -w 2 on 127.0.0.1:<free port> and `wrk -t2 -c8 -d<S>s` per page;
4. report.json (+ report-small.json at small scale, the baseline a full-scale run compares against),
   and a table. Exit status 1 when a page answers 5xx or not its expected status, or gunicorn fails;
   budget violations are flagged, not fatal.
"""

import argparse
import json
import logging
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
# Run as a script: import the project (and `bench` as a package), not bench/'s modules at top level.
if sys.path and Path(sys.path[0]).resolve() == BENCH_DIR:
    sys.path[0] = str(BASE_DIR)
elif str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from bench import databases  # noqa: E402
from bench.databases import ensure_postgres_database, mask_url, prepare_database  # noqa: E402

DEFAULT_OUTPUT = BENCH_DIR / "report.json"
SMALL_BASELINE = BENCH_DIR / "report-small.json"
COMPARE_OUTPUT = BENCH_DIR / "report-compare.json"
COMPARE_DIR = BENCH_DIR / ".compare"  # worktrees of the revisions compared with (ignored by git)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Mesure les pages publiques et écrit bench/report.json.")
    parser.add_argument("--scale", choices=["small", "full"], default="small")
    parser.add_argument("--requests", type=int, default=50, help="requêtes chronométrées par page (in-process)")
    parser.add_argument("--warmup", type=int, default=5, help="requêtes de chauffe par page")
    parser.add_argument("--max-seconds", type=float, default=30, help="durée max. des mesures in-process par page")
    parser.add_argument("--duration", type=float, default=5, help="durée de wrk par page, en secondes (max. 60)")
    parser.add_argument("--no-wrk", action="store_true", help="sans gunicorn ni wrk")
    parser.add_argument("--output", type=Path, help="bench/report.json (bench/report-compare.json avec --compare)")
    parser.add_argument("--only", default="", help="noms de pages séparés par des virgules")
    parser.add_argument("--reseed", action="store_true", help="relancer seed_demo même si déjà fait")
    parser.add_argument("--sql", action="store_true", help="garder le SQL d'une requête chaude dans le rapport")
    compare = parser.add_argument_group("comparaison avec une autre révision (bench/compare.py)")
    compare.add_argument("--compare", metavar="REV", help="mesurer aussi REV (commit, branche) et comparer page à page")
    compare.add_argument("--uncached", action="store_true", help="vider le cache avant chaque requête (--compare)")
    compare.add_argument("--rounds", type=int, default=5, help="tours alternés par page (--compare)")
    compare.add_argument(
        "--tolerance", type=float, default=1.03, help="rapport CPU nouveau/ancien toléré (--compare, 1.03)"
    )
    return parser.parse_args(argv)


def database_url(scale: str) -> str:
    return databases.database_url(scale, BENCH_DIR)


def bench_environment(db_url: str, static_root: Path, tree: Path = BASE_DIR, cache_prefix="solidaires-bench") -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY="bench-only-secret-key-loopback-never-in-production-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=db_url,
        WAGTAILADMIN_BASE_URL="http://127.0.0.1",
        SECURE_SSL_REDIRECT="False",
        BENCH_STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(tree / "bench" / "media"),
        LOG_LEVEL=os.environ.get("BENCH_LOG_LEVEL", "ERROR"),
        CACHE_KEY_PREFIX=cache_prefix,
        DEFAULT_FROM_EMAIL="Solidaires <bench@127.0.0.1>",
        EMAIL_HOST="127.0.0.1",
        ALLAUTH_TRUSTED_PROXY_COUNT="0",
        PYTHONPATH=os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH", "")])),
    )
    # The developer's Redis is not ours to fill: bench/settings.py uses a local-memory cache unless
    # BENCH_REDIS_URL is set. Production settings require REDIS_URL, hence the placeholder.
    env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL") or "redis://127.0.0.1:6379/13"
    return env


def reload_static_manifest() -> None:
    """collectstatic ran in another process: forget any manifest this process may have loaded before."""
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.files.storage import storages
    from django.utils.functional import empty

    if "config.urls" in sys.modules:  # it baked static URLs in at import, from an empty manifest
        raise RuntimeError("The URLconf was imported before collectstatic finished.")
    storages._storages.pop("staticfiles", None)
    staticfiles_storage._wrapped = empty


def git_commit() -> dict:
    def git(*args):
        try:
            done = subprocess.run(
                ["git", "--no-optional-locks", *args], cwd=BASE_DIR, capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(status) if status is not None else None}


def machine() -> dict:
    info = {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_mb"] = int(line.split()[1]) // 1024
                break
    except OSError:
        pass
    if hasattr(os, "getloadavg"):
        info["load_average_at_start"] = [round(value, 2) for value in os.getloadavg()]
    return info


def versions() -> dict:
    import django
    import wagtail

    return {"django": django.get_version(), "wagtail": wagtail.__version__}


def run_load(pages: list[dict], env: dict, duration: float, tmp: Path) -> dict:
    from bench import load

    wrk, reason = load.ensure_wrk()
    if wrk is None:
        print(f"Pas de mesure de charge : {reason}", flush=True)
        for page in pages:
            page.update(rps=None, rps_reason=reason)
        return {"skipped": reason}
    log_path = tmp / "gunicorn.log"
    info = {"workers": load.GUNICORN_WORKERS, "threads": load.WRK_THREADS, "connections": load.WRK_CONNECTIONS}
    info.update(duration_s=duration, headers=load.WRK_HEADERS)
    with load.gunicorn(env, BASE_DIR, log_path) as base_url:
        print(f"gunicorn -w {load.GUNICORN_WORKERS} sur {base_url}", flush=True)
        for page in pages:
            status, headers, size = load.warm(base_url, page["path"])
            page["http_status"] = status
            page["http_content_encoding"] = headers.get("Content-Encoding")
            page["http_bytes"] = size
            result = load.run_wrk(wrk, base_url + page["path"], duration)
            page["rps"] = result.pop("rps")
            page["wrk_latency_ms"] = result.pop("latency_ms")
            page["wrk"] = result
            print(f"  {page['name']:<20} {page['rps'] or '-':>8} req/s", flush=True)
        # Read before stopping: what the workers logged while serving, not while shutting down.
        errors = log_path.read_text(errors="replace") if log_path.exists() else ""
    if "Traceback" in errors or "[ERROR]" in errors:
        info["server_errors"] = errors[-4000:]
        print("gunicorn a journalisé des erreurs (voir load.server_errors dans le rapport).", file=sys.stderr)
    return info


def run_compare(args) -> int:
    """--compare REV: this tree against REV, page by page (see bench/compare.py)."""
    from bench import compare

    started = time.perf_counter()
    host = machine()
    try:
        commit = compare.resolve_commit(BASE_DIR, args.compare)
    except compare.CompareError as error:
        sys.exit(f"Révision inconnue : {args.compare} ({error})")
    old_tree, created = compare.ensure_worktree(BASE_DIR, commit, COMPARE_DIR)
    print(f"Comparaison avec {commit[:10]} ({'créé' if created else 'réutilisé'} : {old_tree})", flush=True)
    base_url = database_url(args.scale)
    trees = {"old": old_tree, "new": BASE_DIR}
    urls = {side: databases.compare_database_url(base_url, side) for side in compare.SIDES}
    tmp = Path(tempfile.mkdtemp(prefix="solidaires-compare-"))
    envs = {
        side: bench_environment(urls[side], tmp / f"static-{side}", trees[side], f"solidaires-bench-{side}")
        for side in compare.SIDES
    }
    workers, collecting = {}, []
    try:
        for side in compare.SIDES:
            print(f"  {side} : {trees[side]}, base {mask_url(urls[side])}", flush=True)
            log = open(tmp / f"collectstatic-{side}.log", "wb")  # noqa: SIM115 - closed below
            command = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"]
            process = subprocess.Popen(command, cwd=trees[side], env=envs[side], stdout=log, stderr=subprocess.STDOUT)
            collecting.append((side, process, log))
            if urls[side].startswith(("postgres", "pgsql")):
                ensure_postgres_database(urls[side])
        for side, process, log in collecting:
            status = process.wait(timeout=600)
            log.close()
            if status != 0:
                print((tmp / f"collectstatic-{side}.log").read_text(errors="replace")[-4000:], file=sys.stderr)
                return 1
        preparation = {}
        for side in compare.SIDES:
            workers[side] = compare.WorkerProcess(side, trees[side], envs[side], tmp / f"worker-{side}.log")
            print(f"Préparation de la base {side} (migrate, seed_demo --scale {args.scale})…", flush=True)
            preparation[side] = workers[side].call("prepare", scale=args.scale, reseed=args.reseed)
        wanted = {name.strip() for name in args.only.split(",") if name.strip()}
        pairs, unpaired = compare.pair_pages(workers["old"].call("pages"), workers["new"].call("pages"), wanted)
        per_round = compare.requests_per_round(args.requests, args.rounds)
        print(
            f"{len(pairs)} pages, {args.rounds} tours de {per_round} requêtes par côté"
            f"{' sans cache' if args.uncached else ''}",
            flush=True,
        )
        results = compare.interleaved_rounds(
            workers,
            pairs,
            rounds=args.rounds,
            requests=per_round,
            warmup=args.warmup,
            uncached=args.uncached,
            progress=lambda done, total: print(f"  tour {done}/{total}", flush=True),
        )
        rows = compare.summarize(pairs, results, args.tolerance)
    except compare.CompareError as error:
        print(f"Échec de la comparaison : {error}", file=sys.stderr)
        return 1
    finally:
        for worker in workers.values():
            worker.close()
        for _side, process, log in collecting:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)
            log.close()
        shutil.rmtree(tmp, ignore_errors=True)

    report = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "mode": "compare",
        "scale": args.scale,
        "uncached": args.uncached,
        "rounds": args.rounds,
        "requests_per_round": per_round,
        "tolerance": args.tolerance,
        "timing": "CPU time of the serving thread (time.thread_time): fastest request of each round, median over "
        "rounds; ratio = median of the rounds' ratios",
        "old": {"revision": args.compare, "commit": commit, "tree": str(old_tree), "database": mask_url(urls["old"])},
        "new": {**git_commit(), "tree": str(BASE_DIR), "database": mask_url(urls["new"])},
        "preparation": preparation,
        "machine": host,
        "versions": versions(),
        "unpaired": unpaired,
        "pages": rows,
        "duration_s": round(time.perf_counter() - started, 1),
    }
    if hasattr(os, "getloadavg"):
        report["machine"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    output = args.output or COMPARE_OUTPUT
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print()
    print(compare.table(rows))
    print()
    for side, names in unpaired.items():
        if names:
            print(f"Pages seulement côté {side.removeprefix('only_')} : {', '.join(names)}")
    flagged = [row for row in rows if row["flags"]]
    for row in flagged:
        print(f"! {row['name']}: {', '.join(row['flags'])}")
    print(f"{len(flagged)} page(s) signalée(s). Rapport : {output} ({report['duration_s']} s)")
    return 1 if flagged else 0


def main(argv=None) -> int:
    args = parse_args(argv)
    args.requests = max(1, args.requests)
    if args.compare:
        return run_compare(args)
    args.output = args.output or DEFAULT_OUTPUT
    started = time.perf_counter()
    host = machine()
    db_url = database_url(args.scale)
    tmp = Path(tempfile.mkdtemp(prefix="solidaires-bench-"))
    static_root = tmp / "static"
    env = bench_environment(db_url, static_root)
    os.environ.update(env)
    collectstatic = None
    try:
        print(f"Banc d'essai — échelle {args.scale}, base {mask_url(db_url)}", flush=True)
        with open(tmp / "collectstatic.log", "wb") as static_log:
            collectstatic = subprocess.Popen(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=BASE_DIR,
                env=env,
                stdout=static_log,
                stderr=subprocess.STDOUT,
            )
        if db_url.startswith(("postgres", "pgsql")):
            ensure_postgres_database(db_url)

        import django

        django.setup()
        # 404s are measured on purpose: Django's "Not Found" warnings would drown the output.
        logging.getLogger("django.request").setLevel(logging.ERROR)
        from django.core.management import call_command
        from django.db import connection

        from bench.budgets import BUDGETS
        from bench.inprocess import measure_page
        from bench.registry import apps_with_bench_module, discover_pages
        from bench.report import check_budgets, compare_with_small, load_baseline, table

        migrate_started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        migrate_seconds = time.perf_counter() - migrate_started
        # The URLconf resolves static URLs when imported (seeding imports it): the manifest must be there.
        if collectstatic.wait(timeout=600) != 0:
            print((tmp / "collectstatic.log").read_text(errors="replace")[-4000:], file=sys.stderr)
            return 1
        reload_static_manifest()
        database = prepare_database(args.scale, args.reseed)
        database.update(vendor=connection.vendor, url=mask_url(db_url), migrate_seconds=round(migrate_seconds, 1))

        registry = discover_pages()
        wanted = {name.strip() for name in args.only.split(",") if name.strip()}
        if wanted:
            registry = [page for page in registry if page.name in wanted]
        print(f"{len(registry)} pages ({', '.join(apps_with_bench_module())}) — {args.requests} requêtes", flush=True)

        pages = []
        for entry in registry:
            result = measure_page(
                entry.path, requests=args.requests, warmup=args.warmup, max_seconds=args.max_seconds, keep_sql=args.sql
            )
            page = {"name": entry.name, "app": entry.app, "path": entry.path, "expected_status": entry.expected_status}
            page.update(result)
            pages.append(page)
            print(
                f"  {entry.name:<20} {page['status']} {page['queries']:>3} requêtes SQL "
                f"{page['median_ms']:>8.2f} ms médiane",
                flush=True,
            )
            if page["errors"]:
                print(page["errors"][0], file=sys.stderr)

        # Issue 24: the audience counting, on against off in one run (bench/audience.py).
        audience_cost = None
        if not wanted or "audience" in wanted:
            from bench.audience import measure_audience

            audience_cost = measure_audience()
            print(f"  audience : {audience_cost}", flush=True)

        load_info, load_failed = None, False
        if not args.no_wrk and pages:
            from bench.load import LoadError

            try:
                load_info = run_load(pages, env, args.duration, tmp)
            except LoadError as error:
                print(f"Échec de la mesure de charge : {error}", file=sys.stderr)
                load_info, load_failed = {"error": str(error)}, True
                for page in pages:
                    page.update(rps=None, rps_reason="gunicorn failed")
        elif args.no_wrk:
            load_info = {"skipped": "--no-wrk"}
            for page in pages:
                page.update(rps=None, rps_reason="--no-wrk")

        baseline = None
        if args.scale == "full":
            baseline = load_baseline(SMALL_BASELINE)
            if baseline:
                compare_with_small(pages, baseline)
                if baseline.get("database", {}).get("vendor") != database["vendor"]:
                    print(f"Attention : {SMALL_BASELINE.name} a été mesuré sur une autre base de données.")
            else:
                print(f"Pas de référence {SMALL_BASELINE.name} : lancez d'abord make bench (échelle small).")
        violations = check_budgets(pages)
        report = {
            "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scale": args.scale,
            "database": database,
            "git_commit": git_commit(),
            "machine": host,
            "versions": versions(),
            "settings": os.environ["DJANGO_SETTINGS_MODULE"],
            "in_process": {"requests": args.requests, "warmup": args.warmup, "client": "django.test.Client"},
            "load": load_info,
            "budgets": BUDGETS,
            "baseline": {"path": str(SMALL_BASELINE.relative_to(BASE_DIR)), "generated_at": baseline["generated_at"]}
            if baseline
            else None,
            "pages": pages,
            "audience": audience_cost,
            "violations": violations,
            "duration_s": round(time.perf_counter() - started, 1),
        }
        if hasattr(os, "getloadavg"):
            report["machine"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
        text = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text)
        if args.scale == "small" and not wanted:
            SMALL_BASELINE.write_text(text)

        print()
        print(table(report))
        print()
        for violation in violations:
            print(f"! {violation['page']}: {violation['message']}")
        print(f"{len(violations)} dépassement(s) de budget. Rapport : {args.output} ({report['duration_s']} s)")
        busy = max(host.get("load_average_at_start", [0])[0], report["machine"].get("load_average_at_end", [0])[0])
        if busy > (host.get("usable_cores") or 1):
            print(f"Attention : machine chargée (charge {busy}, {host['usable_cores']} cœurs) : temps bruités.")

        broken = [p for p in pages if p["status"] >= 500 or (p.get("http_status") or 0) >= 500]
        unexpected = [p for p in pages if p["status"] != p["expected_status"]]
        if broken or unexpected or load_failed:
            for page in broken + unexpected:
                print(f"ÉCHEC {page['name']} {page['path']} : statut {page['status']}", file=sys.stderr)
            return 1
        return 0
    finally:
        if collectstatic is not None and collectstatic.poll() is None:
            collectstatic.terminate()
            collectstatic.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


def _terminate(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _terminate)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        sys.exit(130)
