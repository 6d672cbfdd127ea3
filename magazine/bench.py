"""Magazine pages measured by `make bench` (see bench/registry.py)."""

from django.utils.timezone import localtime

from .listings import PER_PAGE
from .models import ArticlePage, MagazineIndexPage, RubriquePage


def bench_pages():
    index = MagazineIndexPage.objects.live().first()
    if index is None:
        return []
    pages = [("magazine_index", index.url)]
    # Page 1,000 of the whole magazine (offset 19,980 at full scale; its last page at small scale).
    total = ArticlePage.objects.listed().count()
    pages.append(
        ("magazine_index_page_1000", f"{index.url}?page={max(1, min(1000, (total + PER_PAGE - 1) // PER_PAGE))}")
    )
    article = ArticlePage.objects.listed().newest_first().first()
    if article is not None:
        pages.append(("article", article.url))
    rubrique = RubriquePage.objects.live().child_of(index).order_by("path").first()
    if rubrique is not None:
        pages.append(("rubrique_page_1", rubrique.url))
        # The deepest page the rubrique has, up to page 1,000 (page 1,000 exists at full scale).
        count = ArticlePage.objects.listed().filter(rubrique=rubrique).count()
        last = max(1, min(1000, (count + PER_PAGE - 1) // PER_PAGE))
        pages.append(("rubrique_page_1000", f"{rubrique.url}?page={last}"))
    tag = article.tags.first() if article is not None else None
    if tag is not None:
        pages.append(("tag_page", f"{index.url}etiquette/{tag.slug}/"))
    pages += [
        ("magazine_rss", f"{index.url}flux/rss/"),
        ("month_archive", f"{index.url}{localtime(article.publication_date):%Y/%m}/" if article else index.url),
    ]
    return pages
