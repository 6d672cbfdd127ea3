"""The kinds of things the site-wide search (`search/`) looks through, registered by the features.

`search` sits beside `magazine` in the layers and never imports a feature: each feature registers its
kinds here from its `AppConfig.ready()` (the magazine its articles, emploi its offers, agenda its events,
annuaire its organisations; `conseil` will register its consultants the same way), and `search` reads
`search_kinds()`. A new kind plugs in without touching `search`.

A kind says which rows the public may see (`queryset`), how to rank them beside relevance (`priority`,
e.g. open offers first, and `date_field` for freshness), how to show one result (`title`, `text`, `url`,
`meta`), and optionally its filters: a `core.forms.ListingFilterForm` subclass and `apply_filters`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Expression, Model, QuerySet
from wagtail.search.backends import get_search_backend


@dataclass(frozen=True)
class SearchKind:
    key: str  # the ?type= value, French, stable
    label: str  # the tab's label, plural (« Articles »)
    order: int  # tabs from left to right
    queryset: Callable[[], QuerySet]  # what the public may open, nothing else
    title: Callable[[Model], str]
    text: Callable[[Model], str]  # plain text the excerpt is taken from
    url: Callable[[Model, object], str]  # (object, request) → its public address, "" if none
    date_field: str  # freshness: the newer, the higher at equal relevance
    meta: Callable[[Model], str] = lambda obj: ""  # one line under the title (date, place…)
    priority: Callable[[], Expression] | None = None  # ranked before relevance (1 before 0)
    filter_form: type | None = None  # a core.forms.ListingFilterForm subclass
    apply_filters: Callable[[QuerySet, dict], QuerySet] | None = None
    title_field: str = "title"  # the words of the spelling suggestions
    select_related: tuple[str, ...] = field(default_factory=tuple)


_KINDS: dict[str, SearchKind] = {}


def register_search_kind(kind: SearchKind) -> None:
    """Called from a feature's `AppConfig.ready()`; registering the same key again replaces it."""
    _KINDS[kind.key] = kind


def search_kinds() -> list[SearchKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.key))


def search_kind(key: str) -> SearchKind | None:
    return _KINDS.get(key)


def search_filter(queryset: QuerySet, keywords: str) -> QuerySet:
    """PostgreSQL: `queryset` narrowed to the rows whose entry in Wagtail's search index matches
    `keywords` (the site's one index and French configuration), as a subquery so it combines with any
    other filter, count or union. A listing's own keyword box uses this rather than a second full-text
    expression; other databases keep their own fallback."""
    results = get_search_backend().search(keywords, queryset.model._default_manager.all(), order_by_relevance=False)
    return queryset.filter(pk__in=results.get_queryset().order_by().values("pk"))


def index_objects(queryset: QuerySet, chunk_size: int = 1000) -> None:
    """Add rows created with `bulk_create` (demo and bench seeders) to the search index, in chunks: what
    `manage.py update_index` does, for these rows only (saving one by one indexes through Wagtail's signals)."""
    backend = get_search_backend()
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for offset in range(0, len(ids), chunk_size):
        backend.add_bulk(
            queryset.model, list(queryset.model._default_manager.filter(pk__in=ids[offset : offset + chunk_size]))
        )
