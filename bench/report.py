"""Budget checks, comparison with the small-scale baseline, and the printed table."""

import json
from pathlib import Path

from .budgets import MAX_COMPRESSED_BYTES, MAX_FULL_SMALL_RATIO, MAX_QUERIES, RATIO_NOISE_FLOOR_MS


def check_budgets(pages: list[dict]) -> list[dict]:
    violations = []

    def flag(page, budget, value, limit, message):
        violations.append({"page": page["name"], "budget": budget, "value": value, "limit": limit, "message": message})
        page.setdefault("flags", []).append(budget)

    for page in pages:
        if page.get("status") is None:
            continue
        if page["status"] != page["expected_status"]:
            flag(page, "status", page["status"], page["expected_status"], f"{page['path']} answered {page['status']}")
        if page["queries"] > MAX_QUERIES:
            flag(page, "queries", page["queries"], MAX_QUERIES, f"{page['queries']} SQL queries (max {MAX_QUERIES})")
        if page["compressed_bytes"] >= MAX_COMPRESSED_BYTES:
            flag(
                page,
                "weight",
                page["compressed_bytes"],
                MAX_COMPRESSED_BYTES,
                f"{page['compressed_bytes']} bytes compressed (max {MAX_COMPRESSED_BYTES})",
            )
        if page["weight"]["third_party"]:
            flag(page, "third_party", page["weight"]["third_party"], [], "third-party CSS/JS")
        if page["weight"]["missing"]:
            flag(page, "missing_asset", page["weight"]["missing"], [], "linked CSS/JS not found")
        ratio = page.get("vs_small", {}).get("median_ratio")
        small = page.get("vs_small", {}).get("small_median_ms")
        if ratio and ratio > MAX_FULL_SMALL_RATIO and page["median_ms"] - small > RATIO_NOISE_FLOOR_MS:
            flag(page, "full_vs_small", ratio, MAX_FULL_SMALL_RATIO, f"full scale {ratio}x slower than small")
    return violations


def load_baseline(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def compare_with_small(pages: list[dict], baseline: dict) -> None:
    """Adds `vs_small` (full/small ratios) to the pages the small-scale report also measured."""
    small_pages = {page["name"]: page for page in baseline.get("pages", [])}
    for page in pages:
        small = small_pages.get(page["name"])
        if not small or not small.get("median_ms") or page.get("median_ms") is None:
            continue
        comparison = {
            "small_median_ms": small["median_ms"],
            "median_ratio": round(page["median_ms"] / small["median_ms"], 2),
            "small_queries": small.get("queries"),
        }
        if small.get("rps") and page.get("rps"):
            comparison["small_rps"] = small["rps"]
            comparison["rps_ratio"] = round(small["rps"] / page["rps"], 2)  # >1: full is slower
        page["vs_small"] = comparison


def _fmt(value, digits=1):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def table(report: dict) -> str:
    with_ratio = any("vs_small" in page for page in report["pages"])
    headers = ["page", "path", "status", "queries", "median ms", "p95 ms", "KB gz", "req/s", "wrk p50", "wrk p99"]
    if with_ratio:
        headers += ["x small", "rps x"]
    headers.append("flags")
    rows = []
    for page in report["pages"]:
        latency = page.get("wrk_latency_ms") or {}
        row = [
            page["name"],
            page["path"] if len(page["path"]) <= 32 else page["path"][:31] + "…",
            _fmt(page.get("status")),
            _fmt(page.get("queries")),
            _fmt(page.get("median_ms"), 2),
            _fmt(page.get("p95_ms"), 2),
            _fmt(page["compressed_bytes"] / 1000 if page.get("compressed_bytes") is not None else None),
            _fmt(page.get("rps")),
            _fmt(latency.get("p50"), 2),
            _fmt(latency.get("p99"), 2),
        ]
        if with_ratio:
            comparison = page.get("vs_small", {})
            row += [_fmt(comparison.get("median_ratio"), 2), _fmt(comparison.get("rps_ratio"), 2)]
        row.append(" ".join(f"!{flag}" for flag in page.get("flags", [])))
        rows.append(row)
    numeric = {"status", "queries", "median ms", "p95 ms", "KB gz", "req/s", "wrk p50", "wrk p99", "x small", "rps x"}
    widths = [max(len(str(cell)) for cell in column) for column in zip(headers, *rows, strict=True)]

    def line(cells):
        return "  ".join(
            str(cell).rjust(width) if header in numeric else str(cell).ljust(width)
            for cell, width, header in zip(cells, widths, headers, strict=True)
        ).rstrip()

    out = [line(headers), line(["-" * width for width in widths])]
    out += [line(row) for row in rows]
    return "\n".join(out)
