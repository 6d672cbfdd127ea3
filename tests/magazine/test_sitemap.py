"""`/sitemap.xml` is an index: a section for pages, a paginated one for articles with their dates."""

from xml.etree import ElementTree

import pytest

from magazine.sitemaps import ArticleSitemap

from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def section_locations(client, url):
    response = client.get(url)
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    return {
        url.find("sm:loc", NS).text: getattr(url.find("sm:lastmod", NS), "text", None)
        for url in tree.iterfind("sm:url", NS)
    }


def test_sitemap_index_lists_its_sections(client, article):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    assert [loc.text for loc in tree.iterfind("sm:sitemap/sm:loc", NS)] == [
        "http://testserver/sitemap-pages.xml",
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-offres.xml",
        "http://testserver/sitemap-structures.xml",
        "http://testserver/sitemap-consultants.xml",
        "http://testserver/sitemap-formulaires.xml",
        "http://testserver/sitemap-cv.xml",
    ]


def test_articles_section_has_each_live_article_with_its_date(client, article, rubrique):
    draft = ArticlePageFactory(parent=rubrique, live=False)
    articles = section_locations(client, "/sitemap-articles.xml")
    assert articles == {
        "http://localhost/magazine/ess/lyon-cooperative-habitants/": (
            article.last_published_at or article.publication_date
        ).strftime("%Y-%m-%d")
    }
    assert not any(draft.slug in url for url in articles)
    pages = section_locations(client, "/sitemap-pages.xml")
    assert "http://localhost/magazine/" in pages and "http://localhost/magazine/ess/" in pages
    assert not any("lyon-cooperative" in url for url in pages)


def test_articles_section_is_split_in_pages(client, rubrique, monkeypatch, django_assert_max_num_queries):
    monkeypatch.setattr(ArticleSitemap, "limit", 3)
    articles = [ArticlePageFactory(parent=rubrique) for _ in range(7)]
    tree = ElementTree.fromstring(client.get("/sitemap.xml").content)
    assert [loc.text for loc in tree.iterfind("sm:sitemap/sm:loc", NS)][1:4] == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    seen = set()
    for page in (1, 2, 3):
        seen |= set(section_locations(client, f"/sitemap-articles.xml?p={page}"))
    assert len(seen) == 7
    assert all(any(a.slug in url for url in seen) for a in articles)
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-inconnu.xml").status_code == 404
    with django_assert_max_num_queries(3):  # the page and its count come from the cache
        client.get("/sitemap-articles.xml?p=2")


def test_robots_txt_points_to_the_sitemap_index(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_articles_under_a_login_restriction_stay_out_of_the_sitemap(client, article, other_rubrique):
    from wagtail.models import PageViewRestriction

    hidden = ArticlePageFactory(parent=other_rubrique, title="Réservé aux membres")
    PageViewRestriction.objects.create(page=other_rubrique, restriction_type=PageViewRestriction.LOGIN)
    articles = section_locations(client, "/sitemap-articles.xml")
    assert any("lyon-cooperative" in url for url in articles)
    assert not any(hidden.slug in url for url in articles)


def test_sitemap_index_is_served_from_the_cache_for_ten_minutes(client, article, django_assert_max_num_queries):
    first = client.get("/sitemap.xml")
    with django_assert_max_num_queries(3):
        again = client.get("/sitemap.xml")
    assert again.content == first.content
    assert "max-age=600" in again["Cache-Control"]
