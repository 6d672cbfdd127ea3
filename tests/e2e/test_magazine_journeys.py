"""A reader of the magazine, in a real browser: home → rubrique → article → tag → feed."""

import re

import feedparser
import pytest
from playwright.sync_api import expect

from .support import AxeAudit, scroll_width

pytestmark = pytest.mark.e2e


def test_reader_goes_from_home_to_an_article_its_tag_and_the_tag_feed(page):
    audit = AxeAudit()
    page.goto("/")
    featured = page.locator("section.home-section--featured_articles")
    expect(featured.get_by_role("heading", level=2)).to_have_text("À la une du magazine")
    expect(featured.get_by_role("article")).to_have_count(4)
    audit.check(page, "accueil avec « À la une »")

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Magazine").click()
    expect(page).to_have_url(re.compile(r"/magazine/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Magazine")
    expect(page.get_by_role("heading", name="À la une", level=2)).to_be_visible()
    audit.check(page, "magazine")

    page.get_by_role("navigation", name="Rubriques du magazine").get_by_role("link", name="Recruteurs").click()
    expect(page).to_have_url(re.compile(r"/magazine/recruteurs/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Recruteurs")
    cards = page.locator("ul.article-list > li")
    expect(cards).to_have_count(20)
    expect(page.get_by_role("navigation", name="Pagination")).to_contain_text("Page 1 sur 2")
    audit.check(page, "rubrique")

    page.get_by_role("link", name="Page suivante").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("page 2")

    page.go_back()
    first = cards.first.get_by_role("heading", level=2)
    title = first.inner_text()
    first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".article__meta")).to_contain_text("minute")
    share = page.get_by_role("navigation", name="Partager cet article")
    expect(share.get_by_role("link", name="Sur Mastodon")).to_have_attribute(
        "href", re.compile("^https://mastodonshare.com/")
    )
    expect(page.get_by_role("heading", name="Autres articles dans cette rubrique")).to_be_visible()
    audit.check(page, "article")

    tag_link = page.locator("a[rel=tag]").first
    tag = tag_link.inner_text()
    tag_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Articles étiquetés « {tag} »")
    expect(page.get_by_role("link", name=title).first).to_be_visible()
    audit.check(page, "étiquette")

    alternate = page.locator("head link[rel=alternate][type='application/rss+xml']")
    expect(alternate).to_have_count(1)
    feed_url = alternate.get_attribute("href")
    assert page.get_by_role("link", name="flux RSS").get_attribute("href") == feed_url
    response = page.request.get(feed_url)
    assert response.status == 200
    feed = feedparser.parse(response.body())
    assert feed.version == "rss20"
    assert feed.feed.title == f"Solidaires — {tag}"
    assert title in [entry.title for entry in feed.entries]

    audit.assert_clean()


def test_article_prints_without_navigation_or_sharing(page):
    page.goto("/magazine/")
    page.locator("ul.article-list a").first.click()
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".share-links")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".article-rubrique")).to_be_hidden()


def test_magazine_pages_fit_a_small_screen_without_javascript(new_context, demo_site):
    """At 320 px, with JavaScript off, no magazine page scrolls sideways and articles stay readable."""
    context = new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto("/magazine/ess/")
    article_url = page.locator("ul.article-list a").first.get_attribute("href")
    paths = [
        "/magazine/",
        "/magazine/ess/",
        "/magazine/ess/?page=2",
        article_url,
        "/magazine/etiquette/emploi/",
        "/magazine/revue-de-presse/",
    ]
    too_wide = {}
    for path in paths:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        if (width := scroll_width(page)) > 320:
            too_wide[path] = width
    assert not too_wide, f"Pages wider than 320 px (scrollWidth): {too_wide}"
