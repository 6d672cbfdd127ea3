"""iCalendar downloads and subscriptions: the whole agenda, a category, a région, one event."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from home.response_cache import cached_response, response_key
from reference.models import Region

from . import ical
from .submission import agenda_index_for

FEED_MAX_AGE = 15 * 60


def calendar_response(content: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=ical.CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return response


def _index_url(request) -> str:
    index = agenda_index_for(request)
    if index is None:
        raise Http404
    return index.get_full_url(request) or ""


def cached_calendar(request, scope: str, filename: str, build) -> HttpResponse:
    """A subscription feed kept whole in the cache (gzip-compressed) under the feeds' version, so
    that calendar clients polling every few minutes cost one cache read, whatever the number of events."""
    key = response_key("agenda-ical", ical.feeds_version(), request.get_host(), scope)
    return cached_response(request, key, lambda: calendar_response(build(), filename), ical.FEED_CACHE_SECONDS)


@require_safe
def all_events(request):
    return cached_calendar(
        request,
        "all",
        "solidaires-agenda.ics",
        lambda: ical.feed_calendar(
            ical.feed_events(),
            name=_("Agenda de l’ESS – Solidaires"),
            description=_("Les rendez-vous de l’économie sociale et solidaire."),
            url=_index_url(request),
            request=request,
        ),
    )


@require_safe
def category_events(request, slug):
    from .models import EventCategory

    category = get_object_or_404(EventCategory, slug=slug, is_active=True)
    return cached_calendar(
        request,
        f"category:{category.slug}",
        f"solidaires-agenda-{category.slug}.ics",
        lambda: ical.feed_calendar(
            ical.feed_events(category=category),
            name=_("Agenda de l’ESS – %(category)s") % {"category": category.label},
            description=_("Les rendez-vous de l’économie sociale et solidaire : %(category)s.")
            % {"category": category.label},
            url=_index_url(request),
            request=request,
        ),
    )


@require_safe
def region_events(request, slug):
    region = get_object_or_404(Region, slug=slug)
    return cached_calendar(
        request,
        f"region:{region.slug}",
        f"solidaires-agenda-{region.slug}.ics",
        lambda: ical.feed_calendar(
            ical.feed_events(region=region),
            name=_("Agenda de l’ESS – %(region)s") % {"region": region.name},
            description=_("Les rendez-vous de l’économie sociale et solidaire en %(region)s.")
            % {"region": region.name},
            url=_index_url(request),
            request=request,
        ),
    )


@require_safe
def event_ics(request, pk):
    """ "Ajouter à mon agenda": one live, public event; drafts and private pages are 404."""
    from .models import EventPage

    event = get_object_or_404(
        EventPage.objects.live().public().select_related("category", "commune__departement", "organiser"), pk=pk
    )
    return calendar_response(ical.event_calendar(event, request), f"{event.slug[:80]}.ics", attachment=True)
