"""The budgets of docs/DESIGN.md ("Budgets"), in one place for the bench and the tests."""

# Any public page: at most this many SQL queries per (warm) request, whatever the volume.
MAX_QUERIES = 15
# HTML + linked same-origin CSS and JS of any public page, each gzip-compressed, summed (100 KB).
MAX_COMPRESSED_BYTES = 100_000
# Full-scale median server time over small-scale median, per page.
MAX_FULL_SMALL_RATIO = 1.5
# Below this absolute difference (ms) a full/small ratio is noise, not a violation (sub-ms pages).
RATIO_NOISE_FLOOR_MS = 1.0

BUDGETS = {
    "max_queries": MAX_QUERIES,
    "max_compressed_bytes": MAX_COMPRESSED_BYTES,
    "max_full_small_ratio": MAX_FULL_SMALL_RATIO,
    "ratio_noise_floor_ms": RATIO_NOISE_FLOOR_MS,
}
