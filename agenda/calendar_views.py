"""iCalendar downloads and subscriptions: the whole agenda, a category, a région, one event."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.response_cache import cached_response, response_key
from reference.models import Region

from . import ical
from .models import EventCategory, EventPage, agenda_index_for

FEED_MAX_AGE = 15 * 60


def calendar_response(content: bytes, filename: str, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(content, content_type=ical.CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return response


def subscription(request, *, category=None, region=None) -> HttpResponse:
    """A subscription feed (the whole agenda, or one category or région) kept whole in the cache
    (gzip-compressed) under the feeds' version, so that calendar clients polling every few minutes cost
    one cache read, whatever the number of events (its title and description are translated only when
    it is built)."""
    if category is not None:
        scope, name = f"category:{category.slug}", category.label
    elif region is not None:
        scope, name = f"region:{region.slug}", region.name
    else:
        scope, name = "all", ""
    filename = f"solidaires-agenda-{scope.split(':', 1)[1]}.ics" if name else "solidaires-agenda.ics"

    def build() -> HttpResponse:
        index = agenda_index_for(request)
        if index is None:
            raise Http404
        if category is not None:
            description = _("Les rendez-vous de l’économie sociale et solidaire : %(category)s.") % {"category": name}
        elif region is not None:
            description = _("Les rendez-vous de l’économie sociale et solidaire en %(region)s.") % {"region": name}
        else:
            description = _("Les rendez-vous de l’économie sociale et solidaire.")
        title = _("Agenda de l’ESS – %(name)s") % {"name": name} if name else _("Agenda de l’ESS – Solidaires")
        content = ical.feed_calendar(
            ical.feed_events(category=category, region=region),
            name=title,
            description=description,
            url=index.get_full_url(request) or "",
            request=request,
        )
        return calendar_response(content, filename)

    key = response_key("agenda-ical", ical.feeds_version(), request.get_host(), scope)
    return cached_response(request, key, build, ical.FEED_CACHE_SECONDS)


@require_safe
def all_events(request):
    return subscription(request)


@require_safe
def category_events(request, slug):
    return subscription(request, category=get_object_or_404(EventCategory, slug=slug, is_active=True))


@require_safe
def region_events(request, slug):
    return subscription(request, region=get_object_or_404(Region, slug=slug))


@require_safe
def event_ics(request, pk):
    """ "Ajouter à mon agenda": one live, public event; drafts and private pages are 404."""
    event = get_object_or_404(
        EventPage.objects.live().public().select_related("category", "commune__departement", "organiser"), pk=pk
    )
    return calendar_response(ical.event_calendar(event, request), f"{event.slug[:80]}.ics", attachment=True)
