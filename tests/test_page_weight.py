"""Page-weight budget: HTML + same-origin CSS/JS of a public page under 100 KB gzip-compressed.

The measure is bench.weight.page_weight, the one `make bench` reports, so that both always agree.
"""

import pytest

from bench.budgets import MAX_COMPRESSED_BYTES
from bench.weight import page_weight

from .factories import StandardPageFactory


def assert_within_budget(weight):
    assert weight.status == 200, weight.summary()
    assert not weight.missing, weight.summary()
    assert not weight.third_party, weight.summary()
    assert any(resource.kind == "css" for resource in weight.resources), "the stylesheet is counted"
    assert weight.compressed_bytes < MAX_COMPRESSED_BYTES, weight.summary()


@pytest.mark.django_db
def test_home_page_weight(client, home_page):
    assert_within_budget(page_weight(client, home_page.url))


@pytest.mark.django_db
def test_standard_page_weight(client, home_page):
    page = StandardPageFactory(parent=home_page)
    assert_within_budget(page_weight(client, page.url))


def test_weight_counts_linked_same_origin_css_and_js_only():
    from bench.weight import linked_assets

    html = """<html><head>
      <link rel="stylesheet" href="/static/a.css"><link rel="stylesheet" href="https://cdn.example/b.css">
      <link rel="icon" href="/favicon.svg"><link rel="preload" as="script" href="/static/c.js">
      <script src="/static/d.js"></script><script>inline()</script></head></html>"""
    assert linked_assets(html) == [
        ("css", "/static/a.css"),
        ("css", "https://cdn.example/b.css"),
        ("js", "/static/c.js"),
        ("js", "/static/d.js"),
    ]
