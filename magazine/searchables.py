"""The magazine's articles in the site search (`core.searchables`)."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from core.searchables import SearchKind, register_search_kind

from .models import ArticlePage


def article_url(article, request) -> str:
    return article.get_url(request) or ""


def register():
    register_search_kind(
        SearchKind(
            key="articles",
            label=_("Articles"),
            order=10,
            # Listed = live and under no view restriction (the magazine's one rule).
            queryset=lambda: ArticlePage.objects.listed(),
            title=lambda article: article.title,
            text=lambda article: article.lead,
            url=article_url,
            date_field="publication_date",
            meta=lambda article: date_format(localtime(article.publication_date), "DATE_FORMAT"),
        )
    )
