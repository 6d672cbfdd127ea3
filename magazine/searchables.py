"""The magazine's articles in the site search (`core.searchables`)."""

from datetime import datetime, time, timedelta

from django.utils.formats import date_format
from django.utils.timezone import localtime, make_aware
from django.utils.translation import gettext_lazy as _

from core.forms import FilterDateField, KnownValueChoiceField, ListingFilterForm
from core.searchables import SearchKind, register_search_kind

from .models import ArticlePage, RubriquePage


class ArticleSearchFilterForm(ListingFilterForm):
    """The « Articles » tab of the site search: rubrique and a publication date range (`du`, `au`, both
    included); an unknown rubrique or a date that is not one is dropped with a notice, and a range given
    backwards is read the right way round."""

    rubrique = KnownValueChoiceField(label=_("Rubrique"))
    du = FilterDateField(label=_("Publié depuis le"))
    au = FilterDateField(label=_("Publié jusqu’au"))

    FILTER_NAMES = ("rubrique", "du", "au")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        rubriques = RubriquePage.objects.live().public().order_by("path").values_list("slug", "title")
        self.fields["rubrique"].choices = [("", _("Toutes les rubriques"))] + list(rubriques)
        self.fields["rubrique"].error_messages["invalid_choice"] = self.unknown_value_notice

    def clean(self):
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end and start > end:
            data["du"], data["au"] = end, start
        return data

    def query_values(self, name, value):
        if name in ("du", "au"):
            return [value.isoformat()]
        return super().query_values(name, value)


def filter_articles(queryset, form):
    data = form.filters_data
    if data.get("rubrique"):
        queryset = queryset.filter(rubrique__slug=data["rubrique"])
    # Bounds as instants of the site's time zone, so that the date index serves them.
    if data.get("du"):
        queryset = queryset.filter(publication_date__gte=make_aware(datetime.combine(data["du"], time.min)))
    if data.get("au"):
        end = make_aware(datetime.combine(data["au"] + timedelta(days=1), time.min))
        queryset = queryset.filter(publication_date__lt=end)
    return queryset


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
            filter_form=ArticleSearchFilterForm,
            apply_filters=filter_articles,
        )
    )
