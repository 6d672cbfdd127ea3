"""`make bench`: measures every public page (SQL queries, server time, weight, requests per second).

Entry point: `bench/run.py`. Apps declare the pages to measure in their own `bench.py`
(see `bench.registry`). The page-weight measure (`bench.weight`) is shared with the test suite.
"""
