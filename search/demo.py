"""Demo search promotions: editors' pinned results for a few queries (idempotent)."""

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

# (query, slug of a page the demo creates, description shown under the link)
PROMOTIONS = [
    ("solidaires", "a-propos", "Qui nous sommes, ce que nous faisons et comment nous rejoindre."),
    ("emploi", "emploi", "Toutes les offres d’emploi de l’ESS."),
    ("agenda", "agenda", "Les prochains événements de l’économie sociale et solidaire."),
]


def seed(scale: str, stdout) -> None:
    created = 0
    for query_string, slug, description in PROMOTIONS:
        page = Page.objects.live().filter(slug=slug).first()
        if page is None:
            continue
        query = Query.get(query_string)
        _promotion, was_created = SearchPromotion.objects.get_or_create(
            query=query, page=page, defaults={"sort_order": 0, "description": description}
        )
        created += was_created
    if created:
        stdout.write(f"Recherche : {created} résultat(s) promu(s).")
