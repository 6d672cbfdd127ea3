"""A reader on the job board, in a real browser: filters without JavaScript, opens an offer, follows the
feed; a partner's page embedded in an iframe. axe-core checks every page on the way."""

import re

import feedparser
import pytest
from playwright.sync_api import expect

from emploi.demo import DEMO_PARTNER_SLUG
from emploi.models import JobOffer, Partner

from .support import AxeAudit, scroll_width

pytestmark = pytest.mark.e2e


def audit_pages(page, urls: dict[str, str]) -> None:
    """axe-core needs scripts: audit the pages the no-script journey went through in a normal page."""
    audit = AxeAudit()
    for label, url in urls.items():
        page.goto(url)
        audit.check(page, label)
    audit.assert_clean()


def test_reader_filters_opens_an_offer_and_follows_the_feed(new_context, demo_site, page):
    visited = {}
    context = new_context(java_script_enabled=False)
    reader = context.new_page()
    run_journey(reader, demo_site, visited)
    audit_pages(page, visited)


def run_journey(page, demo_site, visited):
    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Offres d’emploi").click()
    expect(page).to_have_url(re.compile(r"/emploi/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Offres d’emploi")
    visited["listing"] = page.url

    page.get_by_role("checkbox", name=re.compile(r"^CDI \(\d+\)$")).check()
    page.get_by_label("Département").select_option("69")
    page.get_by_role("button", name="Afficher les offres").click()
    # A plain GET form: the address holds the filters (empty fields too), shareable as is.
    expect(page).to_have_url(re.compile(r"/emploi/\?.*contrat=cdi&.*departement=69"))
    rows = page.locator(".offer-row")
    expect(rows.first).to_be_visible()
    count_heading = page.locator("#resultats-titre").inner_text()
    shown = rows.count()
    assert shown == min(int(count_heading.split()[0]), 20)
    for facts in rows.locator(".offer-row__facts").all_inner_texts():
        assert "CDI" in facts and "(69)" in facts, facts
    expect(page.get_by_role("checkbox", name=re.compile(r"^CDI "))).to_be_checked()
    visited["listing filtered"] = page.url

    feed_href = page.get_by_role("link", name="flux RSS").get_attribute("href")
    assert feed_href == "/emploi/rss/?contrat=cdi&departement=69"
    alternate = page.locator("link[rel=alternate][type='application/rss+xml']").get_attribute("href")
    assert alternate == feed_href

    title = rows.first.get_by_role("heading").inner_text()
    rows.first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("heading", name="Candidater")).to_be_visible()
    assert page.locator("script[type='application/ld+json']").count() == 2  # breadcrumb and JobPosting
    visited["offer"] = page.url

    feed = feedparser.parse(page.request.get(demo_site.url + feed_href).body())
    assert not feed.bozo
    assert len(feed.entries) == int(count_heading.split()[0]) or len(feed.entries) == 50
    assert any(entry.title.startswith(title) for entry in feed.entries)

    # Nothing scrolls sideways on a small screen.
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/emploi/?contrat=cdi&departement=69")
    assert scroll_width(page) <= 320


def test_offer_pages_and_listing_do_not_scroll_sideways_at_320_px(page):
    """A word longer than a small screen (« d’accompagnement » in a 28 px title, a recruiter's long word or
    address) breaks instead of widening the page."""
    from tests.emploi.factories import JobOfferFactory

    demo_offer = JobOffer.objects.listed().filter(title__icontains="accompagnement social").first()
    long_words = JobOfferFactory(
        title="Coordinateur·rice-accompagnateur·rice socioprofessionnel·le",
        description="<p>Fiche : https://exemple.org/recrutement/coordination-accompagnement-socioprofessionnel</p>",
    )
    page.set_viewport_size({"width": 320, "height": 640})
    for url in (f"/emploi/{demo_offer.url_key}/", f"/emploi/{long_words.url_key}/", "/emploi/", "/emploi/?page=2"):
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert scroll_width(page) <= 320, url


def test_closed_offer_is_marked_and_cannot_be_applied_to(page):
    closed = JobOffer.objects.visible().filter(status="closed").first()
    page.goto(f"/emploi/{closed.url_key}/")
    expect(page.get_by_text("Offre clôturée")).to_be_visible()
    expect(page.get_by_role("heading", name="Candidater")).to_have_count(0)
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"
    audit = AxeAudit()
    audit.check(page, "closed offer")
    audit.assert_clean()


def test_partner_widget_in_an_iframe(page, demo_site):
    partner = Partner.objects.get(slug=DEMO_PARTNER_SLUG)
    widget_url = f"{demo_site.url}/emploi/partenaires/{partner.token}/widget/"
    page.goto(widget_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Offres d’emploi de l’ESS")
    links = page.get_by_role("main").get_by_role("link")
    assert links.count() >= 2
    assert set(links.evaluate_all("links => links.map(a => a.target)")) == {"_top"}
    audit = AxeAudit()
    audit.check(page, "partner widget")
    audit.assert_clean()

    # Embedded in a page (X-Frame-Options DENY would refuse even the same origin; the guard forbids
    # other hosts here): the frame loads, and a link opens the offer in the whole window.
    page.goto("/robots.txt")
    page.set_content(f'<iframe src="{widget_url}" title="Offres" width="600" height="500"></iframe>')
    frame = page.frame_locator("iframe")
    first = frame.get_by_role("main").get_by_role("link").first
    expect(first).to_be_visible()
    title = first.inner_text()
    assert first.get_attribute("target") == "_top"
    # Links are absolute, on the Site's own address (http://localhost in the demo, not the test server's
    # port): follow the same path here.
    path = "/" + first.get_attribute("href").split("/", 3)[3]
    assert path.startswith("/emploi/")
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_reader_applies_to_an_offer_after_fixing_the_errors(page):
    from emploi.models import OfferApplication

    offer = JobOffer.objects.listed().filter(apply_mode="site").order_by("-published_at").first()
    page.goto(f"/emploi/{offer.url_key}/")
    audit = AxeAudit()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Envoyer ma candidature"))

    # Sent empty, then with a wrong address: the summary names each field, in French, nothing is saved.
    form.get_by_label("Votre adresse électronique").fill("pas-une-adresse")
    form.get_by_role("button", name="Envoyer ma candidature").click()
    summary = page.locator(".form-errors")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Le formulaire contient 3 erreurs.")
    expect(summary.get_by_role("link", name="Votre adresse électronique")).to_be_visible()
    audit.check(page, "application with errors")
    assert not OfferApplication.objects.filter(offer=offer).exists()

    form = page.locator("form").filter(has=page.get_by_role("button", name="Envoyer ma candidature"))
    form.get_by_label("Vos prénom et nom").fill("Camille Martin")
    form.get_by_label("Votre adresse électronique").fill("camille.martin@example.org")
    form.get_by_label("Votre message").fill("Je coordonne depuis trois ans un tiers-lieu associatif en Isère.")
    form.get_by_role("button", name="Envoyer ma candidature").click()

    expect(page.get_by_text("Votre candidature a été transmise à la structure.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(offer.title)
    audit.check(page, "offer after applying")
    audit.assert_clean()
    application = OfferApplication.objects.get(offer=offer)
    assert application.email == "camille.martin@example.org"
