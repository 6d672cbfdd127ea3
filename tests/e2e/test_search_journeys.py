"""A reader searches the whole site from the header, in a real browser: without JavaScript (a plain GET
form), switches to the offers' tab and refines by département; with JavaScript the box offers
suggestions. axe-core checks every page on the way."""

import re

import pytest
from playwright.sync_api import expect

from .support import AxeAudit

pytestmark = pytest.mark.e2e


def test_reader_searches_from_the_header_switches_to_offers_and_refines(new_context, demo_site, page):
    visited = {}
    reader = new_context(java_script_enabled=False).new_page()
    reader.goto("/")
    header_search = reader.get_by_role("search", name="Recherche sur tout le site")
    header_search.get_by_label("Rechercher sur le site").fill("insertion")
    header_search.get_by_role("button", name="Rechercher").click()
    expect(reader).to_have_url(re.compile(r"/recherche/\?q=insertion$"))
    expect(reader.get_by_role("heading", level=1)).to_have_text("Résultats pour « insertion »")
    expect(reader.locator(".search-result mark").first).to_be_visible()
    visited["all results"] = reader.url

    tabs = reader.get_by_role("navigation", name="Types de résultats")
    tabs.get_by_role("link", name=re.compile(r"^Offres d’emploi \(\d+\)$")).click()
    expect(reader).to_have_url(re.compile(r"type=offres"))
    expect(tabs.get_by_role("link", name=re.compile(r"^Offres d’emploi"))).to_have_attribute("aria-current", "page")
    expect(reader.locator(".search-result").first).to_be_visible()
    visited["offers tab"] = reader.url

    reader.get_by_label("Département").select_option("69")
    reader.get_by_role("button", name="Filtrer").click()
    expect(reader).to_have_url(re.compile(r"type=offres.*departement=69|departement=69.*type=offres"))
    expect(reader.get_by_label("Département")).to_have_value("69")
    visited["offers in 69"] = reader.url

    reader.goto("/recherche/?q=zzyzx+introuvable")
    expect(reader.get_by_role("heading", name="Aucun résultat")).to_be_visible()
    visited["no result"] = reader.url

    audit = AxeAudit()
    for label, url in visited.items():
        page.goto(url)
        audit.check(page, label)
    audit.assert_clean()


def test_search_box_offers_suggestions_with_javascript(page):
    page.goto("/")
    box = page.get_by_role("search", name="Recherche sur tout le site").get_by_label("Rechercher sur le site")
    box.fill("insert")
    expect(page.locator("#recherche-suggestions option").first).to_be_attached()
