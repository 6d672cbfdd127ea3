"""The site search: one query string through Wagtail's search backend, per kind (`core.searchables`).

On PostgreSQL the backend (`wagtail.search.backends.database`) matches against its index with the
`french_unaccent` text search configuration (migration `search/0001`: French stemming, accents ignored);
elsewhere Wagtail's database fallback. Results are ranked by priority (open offers, upcoming events), then
relevance × freshness."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import BigIntegerField, F, FloatField, Func, Value, Window
from django.db.models.aggregates import Count
from django.db.models.expressions import CombinedExpression
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry
from wagtail.search.utils import get_descendants_content_types_pks, normalise_query_string

from core.searchables import SearchKind, search_kinds
from core.text import single_line

from .highlight import fold, highlight
from .models import UnansweredSearch

MAX_QUERY_LENGTH = 200
PER_PAGE = 20
PER_KIND_PREVIEW = 5
# PostgreSQL: results are ranked among a bounded set of candidates (see `candidates`). The « Tout » tab
# and the tabs' counts look at COUNT_CAP of them, a type tab ranks and pages PAGED_CAP; title matches are
# always among the candidates.
COUNT_CAP = 100
PAGED_CAP = 300
TITLE_CANDIDATES = 50
VOCABULARY_CACHE_KEY = "search:vocabulary"
POPULAR_CACHE_KEY = "search:popular"
FRESHNESS_DAYS = 180  # at equal relevance, a result this old weighs two thirds of a new one


def clean_query(value) -> str:
    """One line, no control characters or markup, at most MAX_QUERY_LENGTH characters."""
    return single_line(value or "", max_length=MAX_QUERY_LENGTH)


def has_words(query: str) -> bool:
    return bool(re.search(r"\w", query))


class Freshness(Func):
    """PostgreSQL: 1 for today, decreasing with the distance in days from now (past or future)."""

    template = (
        "(1.0 / (1.0 + abs(extract(epoch from (now() - %(expressions)s))) / " + str(FRESHNESS_DAYS * 86400) + ".0))"
    )
    output_field = FloatField()


def matching(kind: SearchKind, queryset, query: str, *, autocomplete: bool = False):
    """The rows of `queryset` (what the public may see, filters applied) that match `query` in the search
    index. The index is searched over the whole model and the result narrowed to `queryset` in SQL: the
    visibility rules and filters stay plain Django lookups (related fields, subqueries) that the backend
    would otherwise want declared as index filter fields. PostgreSQL: an annotated queryset (`_score`);
    elsewhere (development) the first 1,000 matches of the database fallback, by id."""
    backend = get_search_backend()
    everything = queryset.model._default_manager.all()
    if autocomplete:
        results = backend.autocomplete(query, everything, operator="and")
    else:
        results = backend.search(query, everything, operator="and")
    if connection.vendor == "postgresql":
        matched = results.annotate_score("_score").get_queryset().order_by()
        if kind.select_related:
            matched = matched.select_related(*kind.select_related)
        return matched.filter(pk__in=queryset.order_by().values("pk"))
    ids = [row.pk for row in results[:1000]]
    return queryset.filter(pk__in=ids).order_by(f"-{kind.date_field}", "-pk")


def candidates(kind: SearchKind, queryset, tsquery, cap: int):
    """PostgreSQL: the ids of the rows ranked for a query (a UNION subquery), at most about `cap` + 100:
    - among the `cap` newest rows of `queryset`, those that match (the kind's date index, each row checked
      against its index entry: bounded work whatever the volume);
    - up to `cap` + 1 rows of `queryset` among the matches of the index's GIN (content type and document,
      migration search/0003): for a narrow query, every match;
    - up to `TITLE_CANDIDATES` rows of `queryset` whose title matches (the GIN of the titles).

    Ranking every match is what made broad queries slow at full scale: « économie sociale » matches
    36,000 articles, and scoring them all (ts_rank over each title and body, carried with each row through
    a sort and a window) took over a second. Each part above has one plan whatever the query (no estimate
    of how many rows match can send the planner down a long walk). More than `cap` candidates means more
    than `cap` results: the count then reads « plus de … » (`Tally`)."""
    model = queryset.model
    newest = queryset.order_by(f"-{kind.date_field}", "-pk")
    window = newest.values("pk")[:cap]
    recent = model._default_manager.filter(pk__in=window).annotate(_document=DOCUMENT).filter(_document=tsquery)
    entries = IndexEntry.objects.filter(content_type_id__in=get_descendants_content_types_pks(model))
    matched = entries.annotate(_document=ENTRY_DOCUMENT).filter(_document=tsquery)
    titled = entries.filter(title=tsquery)
    object_id = Cast("object_id", output_field=BigIntegerField())
    indexed = queryset.order_by().filter(pk__in=matched.values(_id=object_id)[: cap + 1])
    by_title = queryset.order_by().filter(pk__in=titled.values(_id=object_id)[:TITLE_CANDIDATES])
    return recent.order_by().values("pk").union(indexed.values("pk"), by_title.values("pk"))


# What Wagtail's PostgreSQL backend matches a query against: an index entry's title and body together
# (the expression of the GIN index of migration search/0003), from the model and from the entry.
DOCUMENT = CombinedExpression(F("index_entries__title"), "||", F("index_entries__body"))
ENTRY_DOCUMENT = CombinedExpression(F("title"), "||", F("body"))


def search_expressions(model, query: str):
    """(tsquery, score): the tsquery Wagtail's backend builds for `query` (operator « and », the site's
    configuration) and its relevance expression over an index entry (what the backend's `annotate_score`
    adds), to use in querysets the backend's own filter check would refuse (visibility rules on fields that
    are not index filter fields) and without the backend's extra wrapping."""
    backend = get_search_backend()
    compiler = backend.search(query, model._default_manager.all(), operator="and").query_compiler
    config = compiler.get_config(backend)
    tsquery = compiler.build_tsquery(compiler.query, config=config)
    return tsquery, compiler._build_rank_expression(compiler.get_index_vectors(tsquery), config)


def ranked(kind: SearchKind, queryset, query: str, cap: int = PAGED_CAP):
    """`matching` rows best first: priority (open offers, upcoming events), then relevance × freshness.
    PostgreSQL: among `candidates` only."""
    if connection.vendor != "postgresql":
        return matching(kind, queryset, query)
    tsquery, score = search_expressions(queryset.model, query)
    # The candidates all match: the relevance alone is computed (once, in `_rank`), not the match again.
    matched = queryset.model._default_manager.filter(pk__in=candidates(kind, queryset, tsquery, cap))
    if kind.select_related:
        matched = matched.select_related(*kind.select_related)
    ordering = []
    if kind.priority is not None:
        matched = matched.annotate(_priority=kind.priority())
        ordering.append(F("_priority").desc())
    matched = matched.annotate(
        _rank=score * (Value(1.0) + Coalesce(Freshness(F(kind.date_field)), Value(0.0)) / Value(2.0))
    )
    return matched.order_by(*ordering, F("_rank").desc(), "-pk")


def steer_planner() -> None:
    """PostgreSQL, for the rest of the request's transaction (ATOMIC_REQUESTS): no sequential scan and no
    parallel workers, in one query.

    The planner estimates how many index entries match a query over all kinds at once: « économie
    sociale » is in most articles, so it expects thousands of matching offers and scans the whole index
    table to find the first hundred, when there are 49 (120 ms instead of 1). Every query of the search
    has an index to follow; and parallel workers cost more to start than these small queries take."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)"
        )


def kind_queryset(kind: SearchKind, form=None):
    queryset = kind.queryset()
    if kind.select_related:
        queryset = queryset.select_related(*kind.select_related)
    if form is not None and kind.apply_filters is not None:
        queryset = kind.apply_filters(queryset, form)
    return queryset


@dataclass(frozen=True, eq=False)
class Tally:
    """How many results a kind has, counted up to `cap`: beyond it the page says « plus de {cap} ». Equal
    to the number counted."""

    value: int
    cap: int

    def __eq__(self, other):
        if isinstance(other, Tally):
            return (self.value, self.cap) == (other.value, other.cap)
        return self.value == other

    def __hash__(self):
        return hash(self.value)

    @property
    def capped(self) -> bool:
        return self.value > self.cap

    def __bool__(self):
        return self.value > 0

    def __str__(self):
        if self.capped:
            return gettext("plus de %(count)s") % {"count": number_format(self.cap, force_grouping=True)}
        return number_format(self.value, force_grouping=True)

    @classmethod
    def total(cls, tallies) -> Tally:
        tallies = list(tallies)
        value = sum(tally.value for tally in tallies)
        if any(tally.capped for tally in tallies):
            return cls(value, sum(min(tally.value, tally.cap) for tally in tallies))
        return cls(value, max(value, 1))


@dataclass
class Result:
    kind: SearchKind
    title: str
    url: str
    meta: str
    excerpt: str


@dataclass
class KindResults:
    kind: SearchKind
    count: Tally
    results: list[Result] = field(default_factory=list)


def to_result(kind: SearchKind, obj, query: str, request) -> Result:
    return Result(
        kind=kind,
        title=highlight(kind.title(obj), query, words=30),
        url=kind.url(obj, request),
        meta=kind.meta(obj),
        excerpt=highlight(kind.text(obj), query),
    )


def preview(kind: SearchKind, query: str, request, size: int = PER_KIND_PREVIEW) -> KindResults:
    """The first results of a kind and how many there are (up to `COUNT_CAP`), in one query on PostgreSQL
    (the count rides along as a window over the ranked candidates)."""
    results = ranked(kind, kind_queryset(kind), query, cap=COUNT_CAP)
    if connection.vendor == "postgresql":
        rows = list(results.annotate(_total=Window(Count("pk")))[:size])
        count = rows[0]._total if rows else 0
    else:
        rows = list(results[:size])
        count = results.count() if rows else 0
    return KindResults(
        kind=kind, count=Tally(count, COUNT_CAP), results=[to_result(kind, row, query, request) for row in rows]
    )


def count(kind: SearchKind, query: str, form=None) -> Tally:
    """How many results a kind has for `query`, counted up to `COUNT_CAP` (the tabs' counts)."""
    queryset = kind_queryset(kind, form)
    if connection.vendor != "postgresql":
        return Tally(matching(kind, queryset, query).count(), COUNT_CAP)
    tsquery = search_expressions(queryset.model, query)[0]
    return Tally(candidates(kind, queryset, tsquery, COUNT_CAP).count(), COUNT_CAP)


def page_of(kind: SearchKind, query: str, request, form, page: int, per_page: int = PER_PAGE):
    """(results of the page, total as a `Tally`, page number actually shown): a page past the last shows
    the last. At most `PAGED_CAP` results are ranked and paged."""
    results = ranked(kind, kind_queryset(kind, form), query, cap=PAGED_CAP)
    if connection.vendor == "postgresql":
        page = max(1, page)
        rows = list(results.annotate(_total=Window(Count("pk")))[(page - 1) * per_page : page * per_page])
        total = rows[0]._total if rows else None
        if total is None:  # past the last page (or nothing): count, then show the last page
            total = results.count()
            last = max(1, (min(total, PAGED_CAP) + per_page - 1) // per_page)
            page = min(page, last)
            rows = list(results[(page - 1) * per_page : page * per_page]) if total else []
    else:
        total = results.count()
        last = max(1, (total + per_page - 1) // per_page)
        page = min(max(1, page), last)
        rows = list(results[(page - 1) * per_page : page * per_page]) if total else []
    return [to_result(kind, row, query, request) for row in rows], Tally(total, PAGED_CAP), page


def promotions(query: str, request) -> list[dict]:
    """Editors' promoted results for this query: live, public pages and external links, in their order."""
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order")[:5]
    )
    if not picks:
        return []
    public_ids = set(
        Page.objects.live()
        .public()
        .filter(pk__in=[pick.page_id for pick in picks if pick.page_id])
        .values_list("pk", flat=True)
    )
    shown = []
    for pick in picks:
        if pick.page_id:
            if pick.page_id in public_ids:
                shown.append(
                    {"title": pick.page.title, "url": pick.page.get_url(request), "description": pick.description}
                )
        elif pick.external_link_url:
            shown.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "description": pick.description,
                }
            )
    return shown


def record(query: str, found: bool) -> None:
    """Count the query for today (no person, no address, only the normalised words): in search_promotions'
    `Query`/`QueryDailyHits`, and in `UnansweredSearch` when nothing was found. An increment first (one
    UPDATE for a query already seen today), a row created only the first time."""
    normalised = normalise_query_string(query)
    if not normalised:
        return
    today = timezone.localdate()
    query_row = Query.get(normalised)
    if not QueryDailyHits.objects.filter(query=query_row, date=today).update(hits=F("hits") + 1):
        daily, created = QueryDailyHits.objects.get_or_create(query=query_row, date=today, defaults={"hits": 1})
        if not created:
            QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + 1)
    if not found:
        UnansweredSearch.add_hit(normalised)


def popular_searches(limit: int = 8) -> list[str]:
    """The most searched queries of the last 30 days that found something (cached ten minutes)."""

    def load():
        since = timezone.localdate() - timezone.timedelta(days=30)
        unanswered = UnansweredSearch.objects.filter(date__gte=since).values("query_string")
        return list(
            Query.get_most_popular(date_since=since)
            .exclude(query_string__in=unanswered)
            .values_list("query_string", flat=True)[:limit]
        )

    return cache.get_or_set(POPULAR_CACHE_KEY, load, 600)


def vocabulary() -> list[str]:
    """Words of the public titles of every kind, accents folded (cached one hour): what the spelling
    suggestions are taken from. Only what the public may see goes in."""

    def load():
        words = {}
        for kind in search_kinds():
            for title in kind.queryset().values_list(kind.title_field, flat=True).iterator(chunk_size=5000):
                for word in re.findall(r"\w{4,}", title or ""):
                    words.setdefault(fold(word), word.lower())
        return words

    return list(cache.get_or_set(VOCABULARY_CACHE_KEY, load, 3600).items())


def spelling_suggestion(query: str) -> str:
    """The query with each unknown word replaced by the closest word of the titles, "" when nothing
    changes (difflib on the cached vocabulary)."""
    pairs = vocabulary()
    if not pairs:
        return ""
    folded_words = [folded for folded, _word in pairs]
    by_folded = dict(pairs)
    known = set(folded_words)
    changed = False
    corrected = []
    for word in query.split()[:6]:
        folded = fold(word)
        if len(folded) < 4 or folded in known:
            corrected.append(word)
            continue
        close = difflib.get_close_matches(folded, folded_words, n=1, cutoff=0.75)
        if close:
            corrected.append(by_folded[close[0]])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else ""


def autocomplete(query: str, request, per_kind: int = 3) -> list[dict]:
    """Titles that begin like the query, a few per kind (the suggestions of the search box)."""
    suggestions = []
    for kind in search_kinds():
        rows = list(matching(kind, kind_queryset(kind), query, autocomplete=True)[:per_kind])
        for row in rows:
            url = kind.url(row, request)
            if url:
                suggestions.append({"title": kind.title(row), "url": url, "type": str(kind.label)})
    return suggestions


def purge_counts(today=None) -> dict[str, int]:
    """Forget the counted queries older than `WAGTAILSEARCH_HITS_MAX_AGE` days (daily hits and unanswered
    searches), then the queries left with no count and no promoted result (search_promotions' own
    garbage collection): every distinct query typed makes rows, so without this they grow without end.
    Idempotent; run daily by Celery beat (`search.tasks.purge_search_counts`)."""
    today = today or timezone.localdate()
    oldest = today - timezone.timedelta(days=settings.WAGTAILSEARCH_HITS_MAX_AGE)
    daily, _details = QueryDailyHits.objects.filter(date__lt=oldest).delete()
    unanswered, _details = UnansweredSearch.objects.filter(date__lt=oldest).delete()
    queries, _details = Query.objects.filter(daily_hits__isnull=True, editors_picks__isnull=True).delete()
    return {"daily_hits": daily, "unanswered": unanswered, "queries": queries}
