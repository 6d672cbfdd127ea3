"""What the agenda adds to the directory (`annuaire.directory`): « Prochains évènements » on an
organisation's page, and the « organise des évènements » activity of the listing. Registered in
`AgendaConfig.ready()`; the annuaire never imports the agenda."""

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

from .models import EventOccurrence

MAX_EVENTS = 5


def upcoming_events(organisation, request=None) -> list[SectionItem]:
    occurrences = (
        EventOccurrence.objects.live()
        .upcoming()
        .filter(event__organiser=organisation)
        .select_related("event")
        .order_by("start", "pk")[: MAX_EVENTS * 3]
    )
    items, seen = [], set()
    for occurrence in occurrences:
        if occurrence.event_id in seen:
            continue
        seen.add(occurrence.event_id)
        url = occurrence.event.get_url(request=request)
        if not url:
            continue
        when = formats.date_format(timezone.localtime(occurrence.start), "l j F Y")
        items.append(SectionItem(title=occurrence.event.title, url=url, meta=when))
        if len(items) == MAX_EVENTS:
            break
    return items


def organises_events() -> Exists:
    return Exists(EventOccurrence.objects.live().upcoming().filter(event__organiser_id=OuterRef("pk")))


def register() -> None:
    register_section(
        OrganisationSection(key="evenements", title=_("Prochains évènements"), items=upcoming_events, order=20)
    )
    register_activity(
        OrganisationActivity(
            key="evenements",
            label=_("Organise des évènements"),
            badge=_("Évènements à venir"),
            exists=organises_events,
            order=20,
        )
    )
