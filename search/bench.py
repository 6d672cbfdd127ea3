"""The site search measured by `make bench` (see bench/registry.py): typical French queries, accents
left out as readers type them, each on the « Tout » tab, and a few on a type tab with a filter."""

from urllib.parse import urlencode

QUERIES = [
    "économie sociale",
    "economie solidaire",
    "coopérative",
    "insertion",
    "association",
    "chargé de mission",
    "animateur",
    "emploi lyon",
    "habitat participatif",
    "alimentation",
    "mutuelle",
    "bénévolat",
    "finance solidaire",
    "scop",
    "formation",
    "transition écologique",
    "jeunesse",
    "culture",
    "handicap",
    "recyclage",
]


def bench_pages():
    pages = [(f"search_{n:02d}", "/recherche/?" + urlencode({"q": query})) for n, query in enumerate(QUERIES, 1)]
    pages += [
        ("search_offers_tab", "/recherche/?" + urlencode({"q": "chargé de mission", "type": "offres"})),
        (
            "search_offers_departement",
            "/recherche/?" + urlencode({"q": "animateur", "type": "offres", "departement": "69"}),
        ),
        ("search_articles_page_2", "/recherche/?" + urlencode({"q": "économie", "type": "articles", "page": 2})),
        ("search_no_result", "/recherche/?" + urlencode({"q": "zzyzx introuvable"})),
        ("search_suggestions", "/recherche/suggestions/?" + urlencode({"q": "coop"})),
        ("search_opensearch", "/recherche/opensearch.xml"),
    ]
    return pages
