"""A small but complete public site: home page with every section, editorial pages, settings."""

import pytest
import wagtail_factories
from wagtail.rich_text import RichText
from wagtailseo.models import SeoSettings

from home.models import SiteSettings
from tests.factories import StandardPageFactory


@pytest.fixture
def image(db):
    return wagtail_factories.ImageFactory(title="Assemblée générale", file__width=1600, file__height=900)


@pytest.fixture
def site_pages(home_page, image):
    """Editorial pages under the home page: two in the menu, one out of it, one draft, one child page."""
    about = StandardPageFactory(
        parent=home_page,
        title="À propos",
        slug="a-propos",
        show_in_menus=True,
        search_description="Qui fait Solidaires, et pourquoi.",
        body=[
            ("paragraph", RichText("<p>Solidaires est le média de l’économie sociale et solidaire.</p>")),
            ("heading", {"text": "Un outil commun", "level": "h2"}),
            (
                "image",
                {
                    "image": image,
                    "alt_text": "Des personnes réunies en assemblée générale",
                    "caption": "Assemblée générale d’une coopérative.",
                    "credit": "Solidaires",
                },
            ),
            ("quote", {"quote": "Un lieu pour parler de l’ESS sans publicité.", "author": "La rédaction"}),
            ("callout", {"title": "Sans pistage", "text": RichText("<p>Aucun cookie publicitaire.</p>")}),
        ],
    )
    contact = StandardPageFactory(
        parent=home_page, title="Contact", slug="contact", show_in_menus=True, lead="Écrire à la rédaction."
    )
    legal = StandardPageFactory(parent=home_page, title="Mentions légales", slug="mentions-legales")
    draft = StandardPageFactory(parent=home_page, title="Brouillon secret", slug="brouillon", live=False)
    team = StandardPageFactory(
        parent=about,
        title="L’équipe",
        slug="equipe",
        lead="Qui nous sommes.",
        body=[("image", {"image": image, "alt_text": "", "caption": "", "credit": ""})],
    )
    volunteers = StandardPageFactory(parent=team, title="Les bénévoles", slug="benevoles")
    return {"about": about, "contact": contact, "legal": legal, "draft": draft, "team": team, "volunteers": volunteers}


@pytest.fixture
def site(home_page, site_pages):
    """The home page composed like the demo one, and the footer settings filled in."""
    home_page.body = [
        (
            "hero",
            {
                "title": "L’économie sociale et solidaire, au quotidien",
                "lead": "Actualité, emplois et rendez-vous de l’ESS.",
                "link_label": "Découvrir Solidaires",
                "link_page": site_pages["about"],
            },
        ),
        (
            "featured_pages",
            {
                "title": "Pour bien commencer",
                "pages": [site_pages["about"], site_pages["contact"], site_pages["draft"]],
            },
        ),
        ("text", RichText("<p>Un média indépendant.</p>")),
        (
            "call_to_action",
            {
                "title": "Vous recrutez dans l’ESS ?",
                "text": "Publiez vos offres.",
                "link_label": "Créer un compte",
                "link_page": None,
                "link_url": "https://solidaires.example/comptes/signup/",
            },
        ),
    ]
    home_page.save()
    site_settings = SiteSettings.for_site(home_page.get_site())
    site_settings.tagline = "Le média de l’économie sociale et solidaire"
    site_settings.contact_email = "contact@solidaires.test"
    site_settings.footer_text = "Un média indépendant et un logiciel libre."
    site_settings.legal_notice = "<p>Contenus sous licence <b>CC BY-SA</b>.</p>"
    site_settings.legal_notice_page = site_pages["legal"]
    site_settings.contact_page = site_pages["contact"]
    site_settings.privacy_page = site_pages["draft"]  # not live: must not be linked
    site_settings.mastodon_url = "https://mastodon.example/@solidaires"
    site_settings.save()
    seo = SeoSettings.for_site(home_page.get_site())
    seo.struct_org_name = "Solidaires"
    seo.save()
    return {"home": home_page, **site_pages}
