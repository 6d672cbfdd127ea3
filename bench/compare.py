"""`bench/run.py --compare REV`: the same pages timed on an older revision and on this tree, side by side.

Why: "no page slower, no more queries" after a refactoring is a claim about two revisions measured on
the same machine at the same time, where two separate `make bench` runs differ by more than the change
being judged (other processes, CPU frequency, caches).

How:
- REV is checked out in a git worktree, bench/.compare/<commit>/ (ignored by git; reused when present);
- each side gets its own database (BENCH_DATABASE_URL or the SQLite file, with `_compare_old` or
  `_compare_new`: bench/databases.py), its own static files and cache prefix, and is migrated and seeded
  by its own code;
- each side runs in a worker process (bench/compare_worker.py) started in its tree: this process never
  imports the other revision's code, and both sides are timed by the same worker code;
- rounds are interleaved: in each round every page is timed on one side then the other, the order
  alternating from round to round, so that a slow spell of the machine hits both sides;
- time is the CPU time of the thread serving the request (time.thread_time): what another process
  running on the other core does not change, unlike wall time (kept too). Database server time is not
  in it: the number of queries stands for it.
- per page: queries old/new (median over rounds, the most in `queries_max_*`); CPU ms old/new, the
  median over rounds of each round's fastest request (another process can only add time to a request,
  so the fastest of a few is the steadiest measure on a busy machine; the median of all requests is kept
  as `cpu_ms_all_*`); and the ratio new/old, the median of the rounds' ratios (each round's two sides ran
  a few seconds apart), with the spread of those ratios (`cpu_ratio_iqr`). A page is flagged when it
  makes more queries, answers another status, or its ratio is above the tolerance (1.03 by default).
  Beside the time, the number of Python function calls of one request per round (cProfile), median over
  rounds, and its ratio: not a time, but the same from one run to the next, where CPU times on a shared
  machine move by several percent; it tells a real change of work from noise, and where to look.
"""

import json
import math
import statistics
import subprocess
import sys
from pathlib import Path

WORKER = Path(__file__).resolve().parent / "compare_worker.py"
SIDES = ("old", "new")


class CompareError(RuntimeError):
    pass


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise CompareError(f"git {' '.join(args)}: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout.strip()


def resolve_commit(repo: Path, revision: str) -> str:
    return git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")


def ensure_worktree(repo: Path, commit: str, root: Path) -> tuple[Path, bool]:
    """A worktree of `commit` at root/<commit>, created unless already there; (path, created)."""
    path = root / commit
    if (path / ".git").exists():
        try:
            if git(path, "rev-parse", "HEAD") == commit:
                return path, False
        except CompareError:
            pass
        git(repo, "worktree", "remove", "--force", str(path))
    git(repo, "worktree", "prune")
    root.mkdir(parents=True, exist_ok=True)
    git(repo, "worktree", "add", "--detach", str(path), commit)
    return path, True


class WorkerProcess:
    """A compare_worker.py process: send a command, read its answer (one JSON line each way)."""

    def __init__(self, side: str, tree: Path, env: dict, log_path: Path, command: list[str] | None = None):
        self.side, self.tree, self.log_path = side, tree, log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 - closed by close()
        command = command or [sys.executable, str(WORKER), "--tree", str(tree)]
        self.process = subprocess.Popen(
            command, cwd=tree, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, text=True
        )
        self.info = self._read()

    def _read(self):
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=30)
            raise CompareError(f"worker {self.side} exited ({self.process.returncode}):\n{self.log_tail()}")
        answer = json.loads(line)
        if not answer.get("ok"):
            raise CompareError(f"worker {self.side}: {answer.get('error')}")
        return answer["result"]

    def call(self, command: str, **arguments):
        if self.process.poll() is not None:
            raise CompareError(f"worker {self.side} exited ({self.process.returncode}):\n{self.log_tail()}")
        self.process.stdin.write(json.dumps({"command": command, **arguments}) + "\n")
        self.process.stdin.flush()
        return self._read()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.call("quit")
                self.process.wait(timeout=10)
            except (CompareError, OSError, ValueError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(timeout=10)
        self._log.close()


def requests_per_round(total: int, rounds: int) -> int:
    return max(1, math.ceil(total / max(1, rounds)))


def interleaved_rounds(
    workers: dict, pairs: list[dict], *, rounds: int, requests: int, warmup: int, uncached: bool, progress=None
) -> dict:
    """{page name: {"old": [round result...], "new": [...]}}; rounds alternate which side goes first."""
    results = {pair["name"]: {side: [] for side in SIDES} for pair in pairs}
    for number in range(rounds):
        order = SIDES if number % 2 == 0 else SIDES[::-1]
        for pair in pairs:
            for side in order:
                result = workers[side].call(
                    "measure",
                    path=pair[f"path_{side}"],
                    requests=requests,
                    warmup=warmup if number == 0 else 1,
                    uncached=uncached,
                )
                results[pair["name"]][side].append(result)
        if progress:
            progress(number + 1, rounds)
    return results


def pair_pages(old_pages: list[dict], new_pages: list[dict], wanted: set[str] | None = None) -> tuple[list, dict]:
    """Pages both sides declare, in the new side's order; and the names only one side has."""
    old = {page["name"]: page for page in old_pages}
    new = {page["name"]: page for page in new_pages}
    pairs = [
        {
            "name": name,
            "app": page["app"],
            "path_old": old[name]["path"],
            "path_new": page["path"],
            "expected_status": page["expected_status"],
        }
        for name, page in new.items()
        if name in old and (not wanted or name in wanted)
    ]
    unpaired = {
        "only_old": sorted(name for name in old if name not in new and (not wanted or name in wanted)),
        "only_new": sorted(name for name in new if name not in old and (not wanted or name in wanted)),
    }
    return pairs, unpaired


def _median(values):
    return round(statistics.median(values), 4) if values else None


def summarize(pairs: list[dict], results: dict, tolerance: float) -> list[dict]:
    rows = []
    for pair in pairs:
        sides = results[pair["name"]]
        row = dict(pair)
        for side in SIDES:
            rounds = sides[side]
            row[f"status_{side}"] = rounds[-1]["status"] if rounds else None
            # The median over rounds: a cache entry expiring during the run adds queries to one round.
            counts = sorted(r["queries"] for r in rounds)
            row[f"queries_{side}"] = counts[len(counts) // 2] if counts else None
            row[f"queries_max_{side}"] = counts[-1] if counts else None
            row[f"calls_{side}"] = _median([r["calls"] for r in rounds if r.get("calls")])
            row[f"cpu_ms_{side}"] = _median([min(r["cpu_ms"]) for r in rounds])
            row[f"cpu_ms_all_{side}"] = _median([value for r in rounds for value in r["cpu_ms"]])
            row[f"wall_ms_{side}"] = _median([value for r in rounds for value in r["wall_ms"]])
            errors = [error for r in rounds for error in r.get("errors", [])]
            if errors:
                row[f"error_{side}"] = errors[0][-2000:]
        round_ratios = [
            min(new["cpu_ms"]) / min(old["cpu_ms"])
            for old, new in zip(sides["old"], sides["new"], strict=True)
            if min(old["cpu_ms"]) > 0
        ]
        row["round_ratios"] = [round(value, 3) for value in round_ratios]
        row["cpu_ratio"] = round(statistics.median(round_ratios), 3) if round_ratios else None
        if row["calls_old"] and row["calls_new"]:
            row["calls_ratio"] = round(row["calls_new"] / row["calls_old"], 3)
        if len(round_ratios) >= 4:
            quartiles = statistics.quantiles(round_ratios, n=4)
            row["cpu_ratio_iqr"] = round(quartiles[2] - quartiles[0], 3)
        flags = []
        if (
            row["queries_new"] is not None
            and row["queries_old"] is not None
            and row["queries_new"] > row["queries_old"]
        ):
            flags.append("more_queries")
        if row["cpu_ratio"] is not None and row["cpu_ratio"] > tolerance:
            flags.append("slower")
        if row["status_new"] != pair["expected_status"] or row["status_old"] != row["status_new"]:
            flags.append("status")
        row["flags"] = flags
        rows.append(row)
    return rows


def _fmt(value, digits=2):
    if value is None:
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def table(rows: list[dict]) -> str:
    headers = [
        "page",
        "status",
        "queries old",
        "queries new",
        "CPU ms old",
        "CPU ms new",
        "new/old",
        "IQR",
        "calls x",
        "flags",
    ]
    lines = [
        [
            row["name"],
            _fmt(row["status_new"]),
            _fmt(row["queries_old"]),
            _fmt(row["queries_new"]),
            _fmt(row["cpu_ms_old"], 3),
            _fmt(row["cpu_ms_new"], 3),
            _fmt(row["cpu_ratio"], 3),
            _fmt(row.get("cpu_ratio_iqr"), 3),
            _fmt(row.get("calls_ratio"), 3),
            " ".join(f"!{flag}" for flag in row["flags"]),
        ]
        for row in rows
    ]
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *lines, strict=True)]

    def line(cells):
        return "  ".join(
            str(cell).ljust(width) if index in (0, 9) else str(cell).rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), line(["-" * width for width in widths]), *(line(cells) for cells in lines)])
