"""Import of a partner's .ics file: events become DRAFT EventPages under the agenda index.

- The file is refused as a whole (nothing imported, a French message) when it is too big
  (MAX_ICS_BYTES), unreadable, not a VCALENDAR, or holds more than MAX_EVENTS events.
- Each VEVENT is then checked on its own and skipped with a reason when it has no UID, no DTSTART,
  no title, is already over, starts more than two years ahead, or lasts more than the model allows.
  Text (title, description, place) is reduced to plain text by `core.text`: markup and scripts are
  removed; only http(s) links are kept.
- Deduplication is by UID (`EventPage.source_uid`). An `EventImportRecord` keeps the fingerprint of
  what the last import brought: a re-import of an unchanged event does nothing (so an editor's
  corrections are not undone by the next import of the same file); a changed event gets a new DRAFT
  revision built on the page's latest revision, with only the imported fields replaced (category,
  image, organiser, photos chosen by editors stay); the live version changes only when an editor
  publishes that revision. An older SEQUENCE than the one imported last is skipped.
- A recurrence the agenda can repeat (`agenda.recurrence`: every n weeks, or the nth weekday every n
  months, until a date or for a count) becomes the event's own; the file's events are not expanded
  (one page per event, its dates computed by the agenda like those of any event).
- Everything happens in one transaction: any unexpected error leaves nothing half-imported.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from icalendar import Calendar
from wagtail.rich_text import RichText

from core.text import is_safe_url, plain_text, single_line, text_to_rich_text

from .models import EventCategory, EventImportRecord, EventPage
from .models.events import latest_allowed_start
from .models.occurrences import MAX_EVENT_DURATION
from .recurrence import (
    MONTHLY_NTH_WEEKDAY,
    PARIS,
    WEEKLY,
    occurrence_dates,
    occurrence_spans,
    rule_parts,
)

MAX_ICS_BYTES = 2 * 1024 * 1024
MAX_EVENTS = 500
DEFAULT_DURATION = dt.timedelta(hours=2)


class ImportRefused(Exception):
    """The whole file is refused; `message` says why, in French."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class ParsedEvent:
    uid: str
    sequence: int
    title: str
    summary: str
    description: str
    start: dt.datetime
    end: dt.datetime
    all_day: bool
    venue: str = ""
    address: str = ""
    online_url: str = ""
    registration_url: str = ""
    cancelled: bool = False
    latitude: float | None = None
    longitude: float | None = None
    recurrence_rule: str = "none"
    recurrence_interval: int = 1
    recurrence_until: dt.date | None = None
    note: str = ""

    def fingerprint(self) -> str:
        data = {
            "title": self.title,
            "summary": self.summary,
            "description": self.description,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "all_day": self.all_day,
            "venue": self.venue,
            "address": self.address,
            "online_url": self.online_url,
            "registration_url": self.registration_url,
            "cancelled": self.cancelled,
            "recurrence": [self.recurrence_rule, self.recurrence_interval, str(self.recurrence_until)],
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass
class ReportLine:
    uid: str
    title: str
    reason: str = ""
    page_id: int | None = None


@dataclass
class ImportReport:
    created: list[ReportLine] = field(default_factory=list)
    updated: list[ReportLine] = field(default_factory=list)
    skipped: list[ReportLine] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.skipped)


# --- Reading the file --------------------------------------------------------

SKIP_NO_UID = gettext_lazy("sans identifiant (UID)")
SKIP_NO_START = gettext_lazy("sans date de début (DTSTART)")
SKIP_NO_TITLE = gettext_lazy("sans titre")
SKIP_PAST = gettext_lazy("déjà passé")
SKIP_TOO_FAR = gettext_lazy("commence dans plus de deux ans")
SKIP_TOO_LONG = gettext_lazy("dure plus de deux mois")
SKIP_BAD_DATES = gettext_lazy("la fin précède le début")
SKIP_DUPLICATE = gettext_lazy("UID en double dans le fichier")
SKIP_UNCHANGED = gettext_lazy("inchangé depuis le dernier import")
SKIP_OLDER = gettext_lazy("version plus ancienne que celle déjà importée")
NOTE_RECURRENCE_DROPPED = gettext_lazy("répétition non reprise (règle non prise en charge) : seule la première date")


def read_upload(upload) -> bytes:
    """Read at most MAX_ICS_BYTES (+1 to detect more) from a file-like object or a path."""
    if isinstance(upload, (str, bytes)) and not hasattr(upload, "read"):
        with open(upload, "rb") as handle:
            data = handle.read(MAX_ICS_BYTES + 1)
    else:
        size = getattr(upload, "size", None)
        if size is not None and size > MAX_ICS_BYTES:
            raise too_big()
        data = upload.read(MAX_ICS_BYTES + 1)
    if len(data) > MAX_ICS_BYTES:
        raise too_big()
    return data if isinstance(data, bytes) else data.encode()


def too_big() -> ImportRefused:
    return ImportRefused(
        _("Le fichier dépasse %(max)s Mo : découpez-le ou demandez au partenaire un export plus court.")
        % {"max": MAX_ICS_BYTES // (1024 * 1024)}
    )


def parse_ics(data: bytes, *, now=None) -> tuple[list[ParsedEvent], list[ReportLine]]:
    """The importable events of a file and the skipped ones (with reasons); ImportRefused for the file."""
    now = now or timezone.now()
    if len(data) > MAX_ICS_BYTES:
        raise too_big()
    if not data.strip():
        raise ImportRefused(_("Le fichier est vide."))
    head = data.lstrip()[:15].upper()
    if not head.startswith(b"BEGIN:VCALENDAR"):
        raise ImportRefused(
            _("Ce fichier n’est pas un calendrier iCalendar (.ics) : il doit commencer par BEGIN:VCALENDAR.")
        )
    # A cheap count before parsing: a file of thousands of events is refused without building them.
    if data.upper().count(b"BEGIN:VEVENT") > MAX_EVENTS:
        raise too_many()
    try:
        calendar = Calendar.from_ical(data)
    except Exception as error:  # the library raises ValueError, KeyError, IndexError… on broken input
        raise ImportRefused(
            _("Le fichier est mal formé et n’a pas pu être lu (%(detail)s). Aucun événement n’a été importé.")
            % {"detail": str(error)[:120] or error.__class__.__name__}
        ) from None
    if isinstance(calendar, list) or calendar.name != "VCALENDAR":
        raise ImportRefused(_("Le fichier doit contenir un seul calendrier (VCALENDAR)."))
    components = calendar.walk("VEVENT")
    if len(components) > MAX_EVENTS:
        raise too_many()
    if not components:
        raise ImportRefused(_("Le fichier ne contient aucun événement (VEVENT)."))
    events, skipped, seen = [], [], set()
    for component in components:
        try:
            parsed = parse_vevent(component, now=now)
        except SkipEvent as skip:
            skipped.append(ReportLine(uid=skip.uid, title=skip.title, reason=str(skip.reason)))
            continue
        if parsed.uid in seen:
            skipped.append(ReportLine(uid=parsed.uid, title=parsed.title, reason=str(SKIP_DUPLICATE)))
            continue
        seen.add(parsed.uid)
        events.append(parsed)
    return events, skipped


def too_many() -> ImportRefused:
    return ImportRefused(
        _("Le fichier contient plus de %(max)s événements : importez-le en plusieurs fois.") % {"max": MAX_EVENTS}
    )


class SkipEvent(Exception):
    def __init__(self, reason, uid="", title=""):
        super().__init__(str(reason))
        self.reason, self.uid, self.title = reason, uid, title


def _text(component, name, *, multiline=False, max_length=None) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):
        value = value[0]
    try:
        value = str(value)
    except Exception:
        return ""
    if multiline:
        return plain_text(value, max_length=max_length)
    return single_line(value, max_length=max_length)


def _as_paris(value):
    """A date stays a date; a floating time is read in Paris; an aware one is converted."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=PARIS)
        return value.astimezone(PARIS)
    return value


def parse_vevent(component, *, now) -> ParsedEvent:
    uid = _text(component, "UID", max_length=255)
    title = _text(component, "SUMMARY", max_length=255)
    if not uid:
        raise SkipEvent(SKIP_NO_UID, uid, title)
    if not title:
        raise SkipEvent(SKIP_NO_TITLE, uid, title)
    if component.get("RECURRENCE-ID") is not None:
        raise SkipEvent(SKIP_DUPLICATE, uid, title)
    try:
        start_prop = component.get("DTSTART")
        start = _as_paris(start_prop.dt) if start_prop is not None else None
    except Exception:
        start = None
    if start is None:
        raise SkipEvent(SKIP_NO_START, uid, title)
    all_day = not isinstance(start, dt.datetime)
    try:
        end_prop = component.get("DTEND")
        end = _as_paris(end_prop.dt) if end_prop is not None else None
        if end is None and component.get("DURATION") is not None:
            end = start + component.decoded("DURATION")
    except Exception:
        end = None
    if all_day:
        first = start
        # DTEND of an all-day event is exclusive: the last day is the one before.
        last = end if isinstance(end, dt.date) and not isinstance(end, dt.datetime) else first + dt.timedelta(days=1)
        last = max(first, last - dt.timedelta(days=1))
        start = dt.datetime.combine(first, dt.time(0, 0), tzinfo=PARIS)
        end = dt.datetime.combine(last, dt.time(23, 59, 59), tzinfo=PARIS)
    else:
        if isinstance(end, dt.date) and not isinstance(end, dt.datetime):
            end = dt.datetime.combine(end, dt.time(0, 0), tzinfo=PARIS)
        end = end or start + DEFAULT_DURATION
    if end < start:
        raise SkipEvent(SKIP_BAD_DATES, uid, title)
    recurrence = parse_rrule(component, start)
    last_end = end
    if recurrence.get("recurrence_rule"):
        last_end = occurrence_spans(
            start,
            end,
            recurrence["recurrence_rule"],
            recurrence["recurrence_interval"],
            recurrence["recurrence_until"],
        )[-1][1]
    if last_end < now:
        raise SkipEvent(SKIP_PAST, uid, title)
    if start > latest_allowed_start(now):
        raise SkipEvent(SKIP_TOO_FAR, uid, title)
    if end - start > MAX_EVENT_DURATION:
        raise SkipEvent(SKIP_TOO_LONG, uid, title)
    description = _text(component, "DESCRIPTION", multiline=True, max_length=8000)
    summary = single_line(description, max_length=300) or title
    location = _text(component, "LOCATION", max_length=255)
    url = _text(component, "URL", max_length=500)
    if url and not (url.startswith(("http://", "https://")) and is_safe_url(url)):
        url = ""
    latitude = longitude = None
    geo = component.get("GEO")
    if geo is not None:
        try:
            latitude, longitude = float(geo.latitude), float(geo.longitude)
        except (AttributeError, TypeError, ValueError):
            latitude = longitude = None
    try:
        sequence = int(component.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        sequence = 0
    status = str(component.get("STATUS", "")).upper()
    online_url = location if location.startswith(("http://", "https://")) else ""
    return ParsedEvent(
        uid=uid,
        sequence=sequence,
        title=title,
        summary=summary,
        description=description,
        start=start,
        end=end,
        all_day=all_day,
        venue="" if online_url else location[:200],
        address="",
        online_url=online_url,
        registration_url=url,
        cancelled=status == "CANCELLED",
        latitude=latitude,
        longitude=longitude,
        **recurrence,
    )


def parse_rrule(component, start: dt.datetime) -> dict:
    """The RRULEs the agenda can repeat: every n weeks on the first date's weekday, or every n months on
    its "nth weekday" (first Tuesday…), until a date or for a count. Others keep only the first date."""
    rule = component.get("RRULE")
    if rule is None:
        return {}
    if isinstance(rule, list):
        rule = rule[0]
    dropped = {"note": str(NOTE_RECURRENCE_DROPPED)}
    try:
        frequency = str(rule.get("FREQ", [""])[0]).upper()
        interval = int(rule.get("INTERVAL", [1])[0])
        byday = [str(day).upper() for day in rule.get("BYDAY", [])]
        count = int(rule["COUNT"][0]) if "COUNT" in rule else None
        until = rule["UNTIL"][0] if "UNTIL" in rule else None
    except (TypeError, ValueError, IndexError, KeyError, AttributeError):
        return dropped
    if not 1 <= interval <= 12 or set(rule) - {"FREQ", "INTERVAL", "BYDAY", "COUNT", "UNTIL", "WKST"}:
        return dropped
    first = start.astimezone(PARIS).date()
    if frequency == "WEEKLY" and byday in ([], [rule_parts(WEEKLY, interval, first)["BYDAY"]]):
        kind = WEEKLY
    elif frequency == "MONTHLY" and byday == [rule_parts(MONTHLY_NTH_WEEKDAY, interval, first)["BYDAY"]]:
        kind = MONTHLY_NTH_WEEKDAY
    else:
        return dropped
    if isinstance(until, dt.datetime):
        # UNTIL is inclusive: an occurrence later in the day than UNTIL's time is not part of the rule.
        local_until = until.astimezone(PARIS) if until.tzinfo else until.replace(tzinfo=PARIS)
        until = local_until.date()
        if local_until.time() < start.astimezone(PARIS).time():
            until -= dt.timedelta(days=1)
    if count is not None:
        until = occurrence_dates(first, kind, interval, None, count=count)[-1]
    return {"recurrence_rule": kind, "recurrence_interval": interval, "recurrence_until": until}


# --- Creating and updating the drafts ----------------------------------------


def imported_fields(parsed: ParsedEvent) -> dict:
    body_html = text_to_rich_text(parsed.description)
    return {
        "title": parsed.title,
        "summary": parsed.summary,
        "body": [("paragraph", RichText(body_html))] if body_html else [],
        "start": parsed.start,
        "end": parsed.end,
        "all_day": parsed.all_day,
        "venue": parsed.venue,
        "online_url": parsed.online_url,
        "attendance_mode": EventPage.AttendanceMode.ONLINE
        if parsed.online_url and not parsed.venue
        else EventPage.AttendanceMode.IN_PERSON,
        "registration_url": parsed.registration_url,
        "status": EventPage.Status.CANCELLED if parsed.cancelled else EventPage.Status.SCHEDULED,
        "recurrence_rule": parsed.recurrence_rule,
        "recurrence_interval": parsed.recurrence_interval,
        "recurrence_until": parsed.recurrence_until,
    }


def default_category():
    categories = EventCategory.objects.filter(is_active=True)
    return categories.filter(slug__in=["autre", "rencontre", "conference"]).order_by("order").first() or (
        categories.order_by("order", "label").first()
    )


@transaction.atomic
def import_events(data: bytes, *, index, user=None, now=None) -> ImportReport:
    """Import a file's events as drafts under `index`; ImportRefused (nothing saved) for a bad file."""
    events, skipped = parse_ics(data, now=now)
    report = ImportReport(skipped=skipped)
    category = default_category()
    if category is None:
        raise ImportRefused(_("Créez d’abord au moins une catégorie d’événement."))
    uids = [event.uid for event in events]
    records = {record.source_uid: record for record in EventImportRecord.objects.filter(source_uid__in=uids)}
    pages = {page.source_uid: page for page in EventPage.objects.filter(source_uid__in=uids).order_by("pk")}
    for parsed in events:
        fingerprint = parsed.fingerprint()
        record = records.get(parsed.uid)
        page = pages.get(parsed.uid)
        fields = imported_fields(parsed)
        if page is None:
            page = EventPage(
                **fields,
                category=category,
                is_free=True,
                source_uid=parsed.uid,
                live=False,
                has_unpublished_changes=True,
            )
            if not parsed.venue and not parsed.online_url:
                page.venue = _("Lieu à préciser")
            page.slug = index.free_slug(parsed.title, parsed.start)
            index.add_child(instance=page)
            page.save_revision(user=user, log_action=True)
            report.created.append(ReportLine(parsed.uid, parsed.title, parsed.note, page_id=page.pk))
        else:
            if record is not None and record.fingerprint == fingerprint:
                report.skipped.append(ReportLine(parsed.uid, parsed.title, str(SKIP_UNCHANGED), page.pk))
                continue
            if record is not None and parsed.sequence < record.sequence:
                report.skipped.append(ReportLine(parsed.uid, parsed.title, str(SKIP_OLDER), page.pk))
                continue
            draft = page.get_latest_revision_as_object()
            for name, value in fields.items():
                setattr(draft, name, value)
            if draft.attendance_mode != EventPage.AttendanceMode.ONLINE and not (
                draft.venue or draft.address or draft.commune_id
            ):
                draft.venue = _("Lieu à préciser")
            draft.save_revision(user=user, log_action=True)
            report.updated.append(ReportLine(parsed.uid, parsed.title, parsed.note, page_id=page.pk))
        EventImportRecord.objects.update_or_create(
            source_uid=parsed.uid,
            defaults={
                "page": page,
                "fingerprint": fingerprint,
                "sequence": parsed.sequence,
                "imported_at": timezone.now(),
                "imported_by": user if getattr(user, "is_authenticated", False) else None,
            },
        )
    return report
