"""Routing costs the same number of queries whatever the depth of the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def queries_for(client, path):
    client.get(path)  # warm Wagtail's per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured)


@pytest.fixture
def branch(home_page):
    """Six nested editorial pages: /niveau-1/…/niveau-6/."""
    pages, parent = [], home_page
    for level in range(1, 7):
        parent = StandardPageFactory(parent=parent, title=f"Niveau {level}", slug=f"niveau-{level}")
        pages.append(parent)
    return pages


def test_a_deep_page_costs_no_more_queries_than_a_shallow_one(client, branch):
    paths = ["/".join(["", *[f"niveau-{n}" for n in range(1, depth + 1)], ""]) for depth in range(1, 7)]
    client.get("/")  # the site frame (core.frame) is built once, not per page
    counts = [queries_for(client, path) for path in paths]
    assert max(counts) <= 8, counts
    assert max(counts) - min(counts) <= 2, counts


def test_a_deep_page_has_its_whole_breadcrumb(client, branch):
    response = client.get("/niveau-1/niveau-2/niveau-3/niveau-4/niveau-5/niveau-6/")
    html = response.content.decode()
    for level in range(1, 6):
        assert f'href="/{"/".join(f"niveau-{n}" for n in range(1, level + 1))}/"' in html


def test_a_wrong_deep_path_is_a_404(client, branch):
    assert client.get("/niveau-1/niveau-2/niveau-3/autre/").status_code == 404
    assert client.get("/niveau-1/niveau-3/niveau-2/niveau-4/").status_code == 404


def test_a_draft_deep_page_is_not_served(client, branch):
    branch[-1].unpublish()
    assert client.get("/niveau-1/niveau-2/niveau-3/niveau-4/niveau-5/niveau-6/").status_code == 404
