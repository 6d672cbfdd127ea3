"""What the magazine adds to the directory (`annuaire.directory`): « Dans le magazine » on an
organisation's page (its press releases published as articles), and the « publie dans le magazine »
activity of the listing. Registered in `MagazineConfig.ready()`; the annuaire never imports the magazine."""

from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from annuaire.directory import (
    OrganisationActivity,
    OrganisationSection,
    SectionItem,
    register_activity,
    register_section,
)

from .models import ArticlePage

MAX_ARTICLES = 5


def in_the_magazine(organisation, request=None) -> list[SectionItem]:
    articles = (
        ArticlePage.objects.listed()
        .filter(source_organisation=organisation)
        .newest_first()
        .only("id", "title", "url_path", "path", "depth", "publication_date")[:MAX_ARTICLES]
    )
    items = []
    for article in articles:
        url = article.get_url(request=request)
        if url:
            when = formats.date_format(timezone.localtime(article.publication_date), "j F Y")
            items.append(SectionItem(title=article.title, url=url, meta=when))
    return items


def publishes() -> Exists:
    return Exists(ArticlePage.objects.listed().filter(source_organisation_id=OuterRef("pk")))


def register() -> None:
    register_section(OrganisationSection(key="magazine", title=_("Dans le magazine"), items=in_the_magazine, order=30))
    register_activity(
        OrganisationActivity(
            key="publie", label=_("Publie dans le magazine"), badge=_("Dans le magazine"), exists=publishes, order=30
        )
    )
