"""`/recherche/`: the site search (results page, suggestions for the search box, OpenSearch description).
Thin: `services` does the searching, `core.searchables` says what there is to search."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from core import throttling
from core.searchables import search_kind, search_kinds

from . import services
from .forms import SearchForm

SUGGESTIONS_MIN_LENGTH = 2


@require_GET
def search(request):
    form = SearchForm(request.GET)
    data = form.filters_data
    query = data.get("q", "")
    kind = search_kind(data.get("type") or "")
    context = {"form": form, "query": query, "kinds": search_kinds(), "current_kind": kind}
    if not query or not services.has_words(query):
        context["popular"] = services.popular_searches()
        return render(request, "search/search.html", context)

    services.steer_planner()
    filter_form = None
    if kind is not None:
        if kind.filter_form is not None:
            filter_form = kind.filter_form(request.GET)
        results, total, page = services.page_of(kind, query, request, filter_form, data.get("page") or 1)
        counts = {
            other.key: (total if other is kind and not _filtered(filter_form) else None) for other in search_kinds()
        }
        for other in search_kinds():
            if counts[other.key] is None:
                counts[other.key] = services.count(other, query)
        shown = min(total.value, services.PAGED_CAP)
        pages = max(1, (shown + services.PER_PAGE - 1) // services.PER_PAGE)
        context.update(
            results=results,
            total=total,
            page_number=page,
            pages=pages,
            filter_form=filter_form,
            filter_fields=[filter_form[name] for name in filter_form.FILTER_NAMES] if filter_form else [],
        )
        found = any(counts.values())
    else:
        groups = [services.preview(other, query, request) for other in search_kinds()]
        counts = {group.kind.key: group.count for group in groups}
        context["groups"] = [group for group in groups if group.count]
        found = any(group.count for group in groups)
    context["counts"] = counts
    context["tabs"] = [(other, counts[other.key]) for other in search_kinds()]
    context["all_count"] = services.Tally.total(counts.values())
    context["promotions"] = services.promotions(query, request) if (data.get("page") or 1) == 1 else []
    found = found or bool(context["promotions"])
    if not found:
        context["spelling"] = services.spelling_suggestion(query)
        context["popular"] = services.popular_searches()
    services.record(query, found)
    return render(request, "search/search.html", context)


def _filtered(filter_form) -> bool:
    return bool(filter_form is not None and filter_form.query_items())


@require_GET
def suggestions(request):
    """JSON for the search box's suggestions: `{"results": [{"title", "url", "type"}]}`; rate limited per
    address (`RATE_LIMITS["search.suggestions"]`), 429 past it."""
    try:
        throttling.attempt("search.suggestions", throttling.client_ip(request))
    except throttling.RateLimited:
        return JsonResponse({"results": [], "error": _("Trop de demandes : réessayez dans une minute.")}, status=429)
    query = services.clean_query(request.GET.get("q", ""))
    if len(query) < SUGGESTIONS_MIN_LENGTH or not services.has_words(query):
        return JsonResponse([query, []] if request.GET.get("format") == "opensearch" else {"results": []}, safe=False)
    results = services.autocomplete(query, request)
    if request.GET.get("format") == "opensearch":  # the browsers' suggestions format: [query, [titles]]
        return JsonResponse([query, [result["title"] for result in results]], safe=False)
    return JsonResponse({"results": results})


@require_GET
@cache_control(public=True, max_age=86400)
def opensearch(request):
    """The OpenSearch description (https://github.com/dewitt/opensearch) browsers read to add the site's
    search, advertised by a <link rel="search"> in every page's head."""
    xml = render_to_string("search/opensearch.xml", {"base_url": request.build_absolute_uri("/").rstrip("/")})
    return HttpResponse(xml, content_type="application/opensearchdescription+xml; charset=utf-8")
