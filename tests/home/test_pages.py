"""The public pages as a reader and a crawler see them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import StandardPage
from tests.factories import StandardPageFactory

from .html import h1s, json_ld_of_type, opengraph, parse, texts

pytestmark = pytest.mark.django_db


def test_home_page_in_french_with_one_h1_and_its_sections(client, site):
    response = client.get("/")

    assert response.status_code == 200
    tree = parse(response)
    assert tree.get("lang") == "fr"
    assert h1s(response) == ["Solidaires, le média de l'ESS"]
    hero = texts(tree, "//*[contains(@class, 'hero')]")
    assert "L’économie sociale et solidaire, au quotidien" in hero[0]
    assert tree.xpath("//div[@class='hero']//a/@href") == ["/a-propos/"]
    # Featured pages: the live ones, linked, with their description; the draft is left out.
    cards = texts(tree, "//*[contains(@class, 'card__title')]")
    assert cards == ["À propos", "Contact"]
    assert "Qui fait Solidaires, et pourquoi." in response.content.decode()
    assert "Brouillon secret" not in response.content.decode()
    assert "Vous recrutez dans l’ESS ?" in texts(tree, "//h2")


def test_home_page_footer_shows_site_settings(client, site):
    tree = parse(client.get("/"))

    footer = tree.xpath("//footer")[0]
    footer_text = " ".join(footer.text_content().split())
    assert "Un média indépendant et un logiciel libre." in footer_text
    assert footer.xpath(".//a[@href='mailto:contact@solidaires.test']")
    links = {a.text_content().strip(): a.get("href") for a in footer.xpath(".//nav//a")}
    assert links["Mentions légales"] == "/mentions-legales/"
    assert links["Contact"] == "/contact/"
    assert "Brouillon secret" not in links  # a draft chosen as the privacy page is not linked
    assert footer.xpath(".//a[@href='https://mastodon.example/@solidaires' and contains(@rel, 'me')]")
    assert footer.xpath(".//*[contains(@class, 'site-footer__legal')]//b[text()='CC BY-SA']")
    assert "Le média de l’économie sociale et solidaire" in texts(tree, "//header")[0]


def test_landmarks_carry_no_redundant_role_and_the_logo_link_names_its_visible_text(client, site):
    tree = parse(client.get("/"))

    assert not tree.xpath("//header[@role] | //footer[@role] | //main[@role] | //nav[@role] | //form[@action='']")
    logo = tree.xpath("//a[contains(@class, 'site-logo')]")[0]
    assert logo.get("aria-label") is None  # its name is its content: the visible text, then « – accueil »
    visible = " ".join(" ".join(logo.xpath("./span[not(contains(@class, 'visually-hidden'))]//text()")).split())
    name = " ".join(logo.text_content().split())
    assert name.startswith(visible) and name.endswith("– accueil"), name


def test_main_navigation_lists_live_pages_shown_in_menus(client, site):
    tree = parse(client.get("/contact/"))

    nav = tree.xpath("//nav[@aria-label='Navigation principale']")[0]
    items = {a.text_content().strip(): a for a in nav.xpath(".//a")}
    assert list(items) == ["À propos", "Contact", "Se connecter"]
    assert items["À propos"].get("href") == "/a-propos/"
    assert items["Contact"].get("aria-current") == "page"
    assert items["À propos"].get("aria-current") is None


def test_standard_page_breadcrumb_and_blocks(client, site):
    response = client.get("/a-propos/equipe/")
    assert response.status_code == 200
    assert h1s(response) == ["L’équipe"]
    tree = parse(response)
    crumbs = tree.xpath("//nav[@class='breadcrumb']//li")
    assert [" ".join(li.text_content().split()) for li in crumbs] == [
        "Accueil",
        "À propos",
        "L’équipe",
    ]
    assert tree.xpath("//nav[@class='breadcrumb']//a/@href") == ["/", "/a-propos/"]
    assert tree.xpath("//nav[@class='breadcrumb']//span[@aria-current='page']/text()") == ["L’équipe"]


def test_standard_page_body_renders_every_block(client, site):
    response = client.get("/a-propos/")
    tree = parse(response)

    assert h1s(response) == ["À propos"]
    assert "Solidaires est le média de l’économie sociale et solidaire." in texts(tree, "//article//p")
    assert texts(tree, "//h2[@class='block-heading']") == ["Un outil commun"]
    assert texts(tree, "//blockquote") == ["Un lieu pour parler de l’ESS sans publicité."]
    assert texts(tree, "//aside[@class='callout']/p[@class='callout__title']") == ["Sans pistage"]
    # The sub-pages of the section are listed.
    assert tree.xpath("//nav[@aria-labelledby='sous-pages']//a/@href") == ["/a-propos/equipe/"]


def test_image_block_is_responsive_and_lazy(client, site):
    tree = parse(client.get("/a-propos/"))

    (img,) = tree.xpath("//figure[@class='block-image']//img")
    assert img.get("loading") == "lazy"
    assert img.get("alt") == "Des personnes réunies en assemblée générale"
    candidates = [part.strip().split() for part in img.get("srcset").split(",")]
    assert [width for _url, width in candidates] == ["480w", "800w", "1200w"]
    assert all(url.endswith(".webp") for url, _width in candidates)
    assert img.get("sizes")
    assert img.get("width") and img.get("height")
    caption = texts(tree, "//figure[@class='block-image']/figcaption")[0]
    assert caption == "Assemblée générale d’une coopérative. © Solidaires"


def test_draft_page_is_not_served(client, site):
    response = client.get("/brouillon/")
    assert response.status_code == 404
    assert "Brouillon secret" not in response.content.decode()


def test_breadcrumb_json_ld_on_pages(client, site):
    response = client.get("/a-propos/equipe/")

    (breadcrumb,) = json_ld_of_type(response, "BreadcrumbList")
    items = breadcrumb["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [item["name"] for item in items] == ["Solidaires, le média de l'ESS", "À propos", "L’équipe"]
    assert [item["item"] for item in items] == [
        "http://localhost/",
        "http://localhost/a-propos/",
        "http://localhost/a-propos/equipe/",
    ]
    assert all(item["@type"] == "ListItem" for item in items)


def test_organization_json_ld_on_home(client, site):
    response = client.get("/")

    (organisation,) = json_ld_of_type(response, "Organization")
    assert organisation["name"] == "Solidaires"
    assert organisation["url"] == "http://localhost/"
    assert organisation["email"] == "contact@solidaires.test"
    assert organisation["sameAs"] == ["https://mastodon.example/@solidaires"]


def test_json_ld_cannot_be_closed_by_page_content(client, site):
    site["contact"].title = "Contact</script><script>alert(1)</script>"
    site["contact"].save_revision().publish()

    response = client.get("/contact/")

    assert "<script>alert(1)" not in response.content.decode()
    (breadcrumb,) = json_ld_of_type(response, "BreadcrumbList")
    assert breadcrumb["itemListElement"][-1]["name"] == "Contact</script><script>alert(1)</script>"


def test_open_graph_and_canonical(client, site):
    response = client.get("/a-propos/")
    tree = parse(response)

    assert tree.xpath("//link[@rel='canonical']/@href") == ["http://localhost/a-propos/"]
    assert tree.xpath("//meta[@name='description']/@content") == ["Qui fait Solidaires, et pourquoi."]
    og = opengraph(response)
    assert og["og:title"].startswith("À propos")
    assert og["og:url"] == "http://localhost/a-propos/"
    assert og["og:description"] == "Qui fait Solidaires, et pourquoi."
    assert og["og:type"] == "website"
    assert og["og:site_name"] == "Solidaires"


@pytest.mark.parametrize("path", ["/", "/a-propos/", "/a-propos/equipe/", "/a-propos/equipe/benevoles/", "/contact/"])
def test_each_public_page_has_exactly_one_h1(client, site, path):
    response = client.get(path)
    assert response.status_code == 200
    assert len(h1s(response)) == 1


def count_queries(client, path: str) -> int:
    client.get(path)  # warm the caches a real site keeps warm (site root paths)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


PUBLIC_PAGES = ["/", "/a-propos/", "/contact/", "/a-propos/equipe/", "/a-propos/equipe/benevoles/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_run_a_bounded_number_of_queries(client, site, django_assert_max_num_queries, path):
    client.get(path)
    with django_assert_max_num_queries(8):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_query_count_does_not_grow_with_sibling_pages(client, site, path):
    home = site["home"]
    for number in range(3):
        StandardPageFactory(parent=home, show_in_menus=True, title=f"Rubrique {number}")
        StandardPageFactory(parent=site["about"], title=f"Sous-page {number}")
    with_few = count_queries(client, path)

    for number in range(3, 30):
        StandardPageFactory(parent=home, show_in_menus=True, title=f"Rubrique {number}")
        StandardPageFactory(parent=site["about"], title=f"Sous-page {number}")
    with_many = count_queries(client, path)

    assert with_many == with_few
    assert with_many <= 15
    assert "Rubrique 29" in client.get(path).content.decode()


def test_breadcrumbs_of_a_page_read_outside_routing_cost_one_query(site, django_assert_num_queries):
    page = StandardPage.objects.get(pk=site["volunteers"].pk)  # as in a preview: no routed parents

    with django_assert_num_queries(1):
        crumbs = page.breadcrumbs

    assert [crumb.title for crumb in crumbs] == ["Solidaires, le média de l'ESS", "À propos", "L’équipe"]
    assert isinstance(crumbs[-1], StandardPage)


def test_home_page_survives_a_featured_page_being_deleted(client, site):
    site["contact"].delete()

    response = client.get("/")

    assert response.status_code == 200
    assert texts(parse(response), "//*[contains(@class, 'card__title')]") == ["À propos"]


@pytest.mark.parametrize("target", ["/comptes/signup/", "https://www.ess-france.org/", "", "/a-propos/#equipe"])
def test_call_to_action_accepts_site_paths_and_web_addresses(target):
    from core.blocks import LinkTargetBlock

    assert LinkTargetBlock(required=False).clean(target) == target


@pytest.mark.parametrize("target", ["javascript:alert(1)", "//evil.example/", "ftp://exemple.test/", "nimporte quoi"])
def test_call_to_action_refuses_other_targets_in_french(target):
    from django.core.exceptions import ValidationError

    from core.blocks import LinkTargetBlock

    with pytest.raises(ValidationError, match="Indiquez une adresse du site"):
        LinkTargetBlock(required=False).clean(target)


def test_demo_home_page_can_be_saved_again_by_an_editor(db):
    from django.core.management import call_command

    from home.models import HomePage

    call_command("seed_demo", quiet_accounts=True, stdout=__import__("io").StringIO())
    home = HomePage.objects.get()
    # The admin validates every block of the StreamField on save: the demo content must pass.
    HomePage._meta.get_field("body").stream_block.clean(home.body)


def test_featured_pages_leave_out_a_page_behind_a_view_restriction(client, site, django_assert_max_num_queries):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=site["contact"], restriction_type="password", password="secret")
    client.get("/")  # warm the caches
    with django_assert_max_num_queries(8):
        tree = parse(client.get("/"))
    assert texts(tree, "//*[contains(@class, 'card__title')]") == ["À propos"]
