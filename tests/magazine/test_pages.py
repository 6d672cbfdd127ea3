"""What readers see on the magazine's pages, and what each costs in queries."""

import datetime

import pytest
from django.utils import timezone
from wagtail.rich_text import RichText

from magazine.models import ArticleKind, PressReviewLink, RelatedArticle
from tests.home.html import json_ld_of_type, opengraph, parse, texts

from .factories import ArticlePageFactory, PressReviewLinkFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


def many_articles(rubrique, count, **kwargs):
    return [ArticlePageFactory(parent=rubrique, **kwargs) for _ in range(count)]


def get_warm(client, url):
    """The second view of a page: renditions exist and the listing counts are cached."""
    client.get(url)
    return client.get(url)


# --- Article ---------------------------------------------------------------------------------------


def test_article_shows_its_lead_body_image_authors_terms_and_reading_time(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    tree = parse(response)
    assert texts(tree, "//h1") == ["À Lyon, la coopérative d’habitants ouvre ses portes"]
    assert "Vingt familles ont conçu ensemble leur immeuble." in texts(tree, "//p[@class='lead']")[0]
    assert texts(tree, "//div[@class='article__body']//h2") == ["Un chantier participatif"]
    image = tree.xpath("//figure[@class='article__image']/img")[0]
    assert image.get("alt") == "La façade en bois de l’immeuble"
    assert len(image.get("srcset").split(",")) == 3
    meta = texts(tree, "//p[@class='article__meta']")[0]
    assert "Léa Martin" in meta and "2 minutes de lecture" in meta
    assert tree.xpath("//a[@href='/magazine/auteur/lea-martin/']")
    tag_links = tree.xpath("//ul[@class='tag-list']//a/@href")
    assert "/magazine/etiquette/habitat/" in tag_links
    assert "/magazine/departement/rhone/" in tag_links
    assert "/magazine/region/auvergne-rhone-alpes/" in tag_links


def test_article_share_links_are_plain_links_without_scripts(client, article):
    tree = parse(client.get(article.url))
    links = tree.xpath("//nav[@aria-labelledby='partager']//a/@href")
    assert [link.split(":")[0] for link in links] == ["mailto", "https", "https", "https", "https"]
    assert any(link.startswith("https://mastodonshare.com/?text=") for link in links)
    assert any("linkedin.com" in link for link in links)
    assert any("facebook.com" in link for link in links)
    assert any(link.startswith("https://x.com/") for link in links)
    assert all("lyon-cooperative-habitants" in link for link in links)
    scripts = tree.xpath("//script/@src")
    assert all(src.startswith("/static/") for src in scripts)


def test_article_json_ld_news_article_and_breadcrumbs(client, article):
    response = client.get(article.url)
    (news,) = json_ld_of_type(response, "NewsArticle")
    assert news["headline"] == article.title
    assert news["description"] == article.lead
    assert news["author"] == [{"@type": "Person", "name": "Léa Martin"}]
    assert news["url"] == "http://localhost/magazine/ess/lyon-cooperative-habitants/"
    assert news["articleSection"] == "ESS"
    assert datetime.datetime.fromisoformat(news["datePublished"]) == article.publication_date
    assert news["image"][0].startswith("http://testserver/") or news["image"][0].startswith("http://localhost/")
    (crumbs,) = json_ld_of_type(response, "BreadcrumbList")
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Solidaires, le média de l'ESS",
        "Magazine",
        "ESS",
        article.title,
    ]


def test_article_open_graph_is_an_article_with_its_image(client, article):
    og = opengraph(client.get(article.url))
    assert og["og:type"] == "article"
    assert og["og:title"].startswith(article.title)
    assert og["og:description"] == article.lead
    assert og["og:image"].startswith("http")
    tree = parse(client.get(article.url))
    assert tree.xpath("//meta[@name='twitter:card']/@content") == ["summary_large_image"]
    assert tree.xpath("//meta[@property='article:author']/@content") == ["Léa Martin"]


def test_article_lists_manual_picks_first_then_shared_tags_then_its_rubrique(client, article, rubrique, other_rubrique):
    shared_tag = ArticlePageFactory(parent=other_rubrique, title="Habitat partagé à Nantes", tag_names=["habitat"])
    picked = ArticlePageFactory(
        parent=other_rubrique,
        title="Choisi par la rédaction",
        publication_date=timezone.now() - datetime.timedelta(days=300),
    )
    neighbour = ArticlePageFactory(parent=rubrique, title="Voisin de rubrique")
    unrelated = ArticlePageFactory(parent=other_rubrique, title="Sans rapport")
    RelatedArticle.objects.create(page=article, article=picked, sort_order=0)

    tree = parse(client.get(article.url))
    related = texts(tree, "//section[@aria-labelledby='articles-lies']//h3")
    in_rubrique = texts(tree, "//section[@aria-labelledby='autres-articles']//h3")
    assert related == [picked.title, shared_tag.title]
    assert in_rubrique == [neighbour.title]
    assert unrelated.title not in related + in_rubrique


@pytest.mark.parametrize("others", [0, 25])
def test_article_costs_at_most_15_queries(client, article, rubrique, others, django_assert_max_num_queries):
    many_articles(rubrique, others, tag_names=["habitat"], main_image=article.main_image)
    client.get(article.url)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(article.url).status_code == 200


def test_press_release_names_its_source(client, rubrique):
    release = ArticlePageFactory(parent=rubrique, kind=ArticleKind.PRESS_RELEASE, source_name="Agence Coop")
    tree = parse(client.get(release.url))
    assert texts(tree, "//p[@class='article__source']") == ["Communiqué de Agence Coop"]
    assert "Communiqué de presse" in texts(tree, "//p[@class='article__kicker']")[0]


def test_press_release_from_an_organisation_names_it_within_the_budget(
    client, rubrique, image, django_assert_max_num_queries
):
    from annuaire.models import Organisation

    organisation = Organisation.objects.create(name="Coopérative Les Tisserands", slug="les-tisserands")
    release = ArticlePageFactory(
        parent=rubrique, kind=ArticleKind.PRESS_RELEASE, source_organisation=organisation, main_image=image
    )
    client.get(release.url)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get(release.url)
    assert texts(parse(response), "//p[@class='article__source']") == ["Communiqué de Coopérative Les Tisserands"]


def test_embed_loads_nothing_from_the_provider_before_a_click(client, rubrique):
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    Embed.objects.create(
        hash=get_embed_hash("https://video.example/watch/1"),
        url="https://video.example/watch/1",
        max_width=None,
        type="video",
        html='<iframe src="https://video.example/embed/1"></iframe>',
        provider_name="VidéoExemple",
        thumbnail_url="",
    )
    article = ArticlePageFactory(
        parent=rubrique,
        body=[("embed", {"url": "https://video.example/watch/1", "title": "Le reportage vidéo", "caption": ""})],
    )
    tree = parse(client.get(article.url))
    figure = tree.xpath("//figure[@data-click-to-load]")[0]
    # The iframe sits in an inert <template>: outside it, no element points at the provider.
    assert not tree.xpath("//iframe[not(ancestor::template)]")
    assert figure.xpath(".//template")
    assert figure.xpath(".//a[@href='https://video.example/watch/1']")
    assert figure.xpath(".//button[@hidden]")


def test_script_in_an_article_is_escaped(client, rubrique):
    article = ArticlePageFactory(
        parent=rubrique,
        title="<script>alert(1)</script>",
        lead="<img src=x onerror=alert(1)>",
        body=[("paragraph", RichText("<p>ok</p><script>alert(2)</script>"))],
    )
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Listings ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 45])
def test_listings_cost_at_most_15_queries(client, magazine, rubrique, article, count, django_assert_max_num_queries):
    many_articles(rubrique, count - 1, tag_names=["habitat"], main_image=article.main_image)
    urls = [
        magazine.url,
        rubrique.url,
        rubrique.url + ("?page=3" if count > 40 else "?page=1"),
        "/magazine/etiquette/habitat/",
        "/magazine/region/auvergne-rhone-alpes/",
        "/magazine/departement/rhone/",
        "/magazine/auteur/lea-martin/",
        f"/magazine/{timezone.localtime(article.publication_date):%Y/%m}/",
        "/magazine/revue-de-presse/",
    ]
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url).status_code == 200, url


def test_rubrique_lists_its_articles_newest_first_twenty_a_page(client, rubrique, other_rubrique):
    articles = many_articles(rubrique, 45)
    elsewhere = ArticlePageFactory(parent=other_rubrique, title="Ailleurs")
    draft = ArticlePageFactory(parent=rubrique, title="Brouillon", live=False)

    page_one = parse(client.get(rubrique.url))
    titles = texts(page_one, "//ul[contains(@class, 'article-list')]//h2")
    assert titles == [article.title for article in articles[:20]]
    assert elsewhere.title not in titles and draft.title not in titles
    assert texts(page_one, "//nav[@class='pagination']//span[@aria-current='page']") == ["Page 1 sur 3"]

    page_three = parse(client.get(rubrique.url + "?page=3"))
    assert texts(page_three, "//ul[contains(@class, 'article-list')]//h2") == [a.title for a in articles[40:]]
    assert page_three.xpath("//a[@rel='prev']/@href") == ["?page=2"]


def test_listing_counts_follow_publication(client, rubrique):
    many_articles(rubrique, 21)
    assert "Page 1 sur 2" in client.get(rubrique.url).content.decode()
    many_articles(rubrique, 20)
    assert "Page 1 sur 3" in client.get(rubrique.url).content.decode()


def test_magazine_index_shows_featured_then_latest(client, magazine, rubrique):
    featured = ArticlePageFactory(parent=rubrique, title="À la une !", is_featured=True)
    latest = many_articles(rubrique, 3)
    tree = parse(client.get(magazine.url))
    assert texts(tree, "//section[@aria-labelledby='a-la-une']//h3") == [featured.title]
    latest_titles = texts(tree, "//section[@aria-labelledby='derniers-articles']//h3")
    assert latest_titles == [article.title for article in latest]
    assert texts(tree, "//nav[@class='magazine-rubriques']//a") == ["ESS", "Revue de presse"]


def test_tag_territory_author_and_month_listings(client, article, rubrique, other_rubrique):
    other = ArticlePageFactory(parent=other_rubrique, title="Ailleurs", tag_names=["emploi"])
    old = ArticlePageFactory(
        parent=rubrique, title="L’an dernier", publication_date=timezone.now() - datetime.timedelta(days=400)
    )

    def titles(url):
        response = client.get(url)
        assert response.status_code == 200, url
        return texts(parse(response), "//ul[contains(@class, 'article-list')]//h2")

    assert titles("/magazine/etiquette/habitat/") == [article.title]
    assert titles("/magazine/etiquette/emploi/") == [other.title]
    assert titles("/magazine/region/auvergne-rhone-alpes/") == [article.title]
    assert titles("/magazine/departement/rhone/") == [article.title]
    assert titles("/magazine/auteur/lea-martin/") == [article.title]
    month = timezone.localtime(old.publication_date)
    assert titles(f"/magazine/{month:%Y/%m}/") == [old.title]
    tree = parse(client.get("/magazine/etiquette/habitat/?page=1"))
    assert texts(tree, "//h1") == ["Articles étiquetés « habitat »"]
    assert texts(tree, "//title")[0].startswith("Articles étiquetés « habitat » — ")
    assert tree.xpath("//link[@rel='canonical']/@href") == ["http://testserver/magazine/etiquette/habitat/"]
    assert texts(tree, "//nav[@aria-label='Fil d’Ariane']//li") == [
        "Accueil",
        "Magazine",
        "Articles étiquetés « habitat »",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/magazine/etiquette/inconnue/",
        "/magazine/etiquette/%C3%A9t%C3%A9/",
        "/magazine/etiquette/" + "x" * 300 + "/",
        "/magazine/region/atlantide/",
        "/magazine/departement/99/",
        "/magazine/auteur/personne/",
        "/magazine/rubrique-inconnue/",
        "/magazine/ess/article-inconnu/",
        "/magazine/2026/13/",
        "/magazine/2026/00/",
        "/magazine/0000/03/",
        "/magazine/99999/03/",
        "/magazine/2026/3/",
        "/magazine/2026/03/x/",
        "/magazine/ess/?page=0",
        "/magazine/ess/?page=-1",
        "/magazine/ess/?page=abc",
        "/magazine/ess/?page=99",
        "/magazine/ess/?page=99999999999999999999",
        "/magazine/ess/?page=%D9%A3",
        "/magazine/flux/etiquette/inconnue/rss/",
        "/magazine/flux/rubrique/inconnue/atom/",
        "/magazine/flux/region/atlantide/rss/",
        "/magazine/flux/rss2/",
        "/magazine/revue-de-presse/?page=9",
    ],
)
def test_unknown_names_dates_and_pages_are_404s(client, article, url):
    assert client.get(url).status_code == 404


def test_draft_article_is_not_served(client, rubrique):
    draft = ArticlePageFactory(parent=rubrique, live=False)
    assert client.get(f"/magazine/ess/{draft.slug}/").status_code == 404


def test_press_review_lists_links_newest_first(client, magazine):
    old = PressReviewLinkFactory(title="Ancien", published_on=datetime.date(2025, 1, 5))
    new = PressReviewLinkFactory(title="Récent", published_on=datetime.date(2026, 3, 3), source="Ouest-Solidaire")
    tree = parse(client.get("/magazine/revue-de-presse/"))
    assert texts(tree, "//ul[@class='press-review']/li/a") == [new.title, old.title]
    assert tree.xpath("//ul[@class='press-review']/li/a/@href")[0] == new.url
    assert "Ouest-Solidaire, mardi 3 mars 2026" in texts(tree, "//span[@class='press-review__meta']")[0]
    assert PressReviewLink.objects.count() == 2


def test_listing_pages_advertise_their_feeds(client, magazine, rubrique, article):
    def alternates(url):
        tree = parse(client.get(url))
        return {(link.get("type"), link.get("href")) for link in tree.xpath("//head/link[@rel='alternate']")}

    assert ("application/rss+xml", "/magazine/flux/rss/") in alternates(magazine.url)
    assert ("application/atom+xml", "/magazine/flux/atom/") in alternates(magazine.url)
    assert ("application/rss+xml", "/magazine/flux/rubrique/ess/rss/") in alternates(rubrique.url)
    assert ("application/rss+xml", "/magazine/flux/rubrique/ess/rss/") in alternates(article.url)
    assert ("application/rss+xml", "/magazine/flux/etiquette/habitat/rss/") in alternates(
        "/magazine/etiquette/habitat/"
    )
    assert ("application/atom+xml", "/magazine/flux/departement/rhone/atom/") in alternates(
        "/magazine/departement/rhone/"
    )
    assert ("application/rss+xml", "/magazine/flux/region/auvergne-rhone-alpes/rss/") in alternates(
        "/magazine/region/auvergne-rhone-alpes/"
    )


def test_home_page_featured_articles_section(client, home_page, article):
    article.is_featured = True
    article.save()
    home_page.body = [("featured_articles", {"title": "À la une", "count": 3})]
    home_page.save()
    tree = parse(get_warm(client, "/"))
    assert texts(tree, "//section[contains(@class, 'home-section--featured_articles')]//h3") == [article.title]


def test_images_above_the_fold_load_first_and_the_others_lazily(client, article, rubrique, image):
    """The article's picture and a listing's first three cards are fetched at once (the first one with
    high priority: it is the largest in view); the cards further down load lazily."""
    tree = parse(client.get(article.url))
    main = tree.xpath("//figure[@class='article__image']//img")[0]
    assert (main.get("loading"), main.get("fetchpriority")) == ("eager", "high")

    for number in range(4):
        ArticlePageFactory(parent=rubrique, title=f"Article illustré {number}", main_image=image)
    cards = parse(client.get(rubrique.url)).xpath("//ul[contains(@class, 'article-list')]//img")
    assert [(img.get("loading"), img.get("fetchpriority")) for img in cards] == [
        ("eager", "high"),
        ("eager", "auto"),
        ("eager", "auto"),
        ("lazy", "auto"),
        ("lazy", "auto"),
    ]
    assert (
        rubrique.intro
        and f'<meta name="description" content="{rubrique.intro}"' in client.get(rubrique.url).content.decode()
    )
