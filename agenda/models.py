"""The agenda: ESS events (forums, trainings, fairs, webinars...) under one AgendaIndexPage.

Each EventPage keeps its dates as aware datetimes (stored in UTC, shown in Europe/Paris). Its occurrences
(one for a simple event, each date of a recurring one) are materialised in `EventOccurrence` whenever the
page is saved or published, so that lists, month views and feeds read one indexed table. Territory
fields (coordinates, département, région) are copied from the commune on save for indexed filtering.
"""

import datetime as dt
import uuid

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailseo.models import SeoType

from home.blocks import StandardContentBlock
from home.models import SitePage
from reference.choosers import CommuneChooserWidget
from reference.models import Vocabulary

from .recurrence import ICAL_WEEKDAYS, ORDINALS, PARIS, WEEKDAYS, nth_weekday_of, occurrence_spans

# The longest an event (or one occurrence) may last: bounds the index scans of "what is on at date X".
MAX_EVENT_DURATION = dt.timedelta(days=62)

# Fields whose change makes calendar clients update their copy (iCalendar SEQUENCE).
SEQUENCE_FIELDS = (
    "start",
    "end",
    "all_day",
    "recurrence_rule",
    "recurrence_interval",
    "recurrence_until",
    "venue",
    "address",
    "commune_id",
    "online_url",
    "attendance_mode",
    "status",
)
# Fields whose change means the occurrences must be rebuilt.
OCCURRENCE_FIELDS = ("start", "end", "all_day", "recurrence_rule", "recurrence_interval", "recurrence_until", "live")


JSON_LD_RENDITION = "fill-1200x675|format-jpeg"
PAGE_RENDITIONS = [
    "original",  # wagtail-seo's og:image
    "fill-480x270|format-webp",
    "fill-960x540|format-webp",
    "fill-1200x675|format-webp",
    JSON_LD_RENDITION,
    "max-120x120|format-webp",
    "fill-320x240|format-webp",
    "fill-640x480|format-webp",
]


def new_ical_uid() -> str:
    return f"{uuid.uuid4()}@solidaires"


class EventCategory(Vocabulary):
    """Forum, formation, salon, conférence, webinaire... (seeded by a data migration, editable)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("catégorie d’événement")
        verbose_name_plural = _("catégories d’événement")


CATEGORIES_CACHE_KEY = "agenda:categories:v1"


def active_categories() -> list[EventCategory]:
    """The categories offered in filters, cached until one is saved or deleted."""
    return cache.get_or_set(
        CATEGORIES_CACHE_KEY,
        lambda: list(EventCategory.objects.filter(is_active=True).order_by("order", "label")),
        3600,
    )


@receiver([post_save, post_delete], sender=EventCategory)
def forget_categories(**kwargs):
    cache.delete(CATEGORIES_CACHE_KEY)


class AgendaIndexPage(RoutablePageMixin, SitePage):
    """`/agenda/`: upcoming events, month calendar, filters and past events (routes in `views`)."""

    lead = models.TextField(_("chapô"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("lead")]
    search_fields = Page.search_fields + [index.SearchField("lead")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["agenda.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def route(self, request, path_components):
        """An event is read in one query with what its page shows (category, place, organiser, image),
        its parents left on it for the breadcrumb; the agenda's own views otherwise."""
        if self.live and len(path_components) == 1:
            try:
                self.resolve_subpage(f"/{path_components[0]}/")
            except Http404:
                event = (
                    EventPage.objects.child_of(self)
                    .select_related(*EventPage.SELECT_FOR_PAGE)
                    .filter(slug=path_components[0])
                    .first()
                )
                if event is not None:
                    event._cached_parent_obj = self
                    return event.route(request, [])
        return super().route(request, path_components)

    # Routes: thin wrappers around the views of `agenda.views`.

    @path("")
    def upcoming(self, request):
        from . import views

        return views.upcoming(request, self)

    @path("ce-mois-ci/", name="this_month")
    def this_month(self, request):
        from . import views

        return views.upcoming(request, self, horizon_months=1)

    @path("mois-prochain/", name="next_month")
    def next_month(self, request):
        from . import views

        return views.upcoming(request, self, horizon_months=2)

    @re_path(r"^(\d{4})/(\d{1,2})/$", name="month")
    def month(self, request, year, month):
        from . import views

        return views.month(request, self, int(year), int(month))

    @path("passes/", name="past")
    def past(self, request):
        from . import views

        return views.past(request, self)


class ParisTimesMixin:
    """`start` and `end` are stored in UTC; people read them in Paris time."""

    @property
    def local_start(self) -> dt.datetime:
        return self.start.astimezone(PARIS)

    @property
    def local_end(self) -> dt.datetime:
        return self.end.astimezone(PARIS)

    @property
    def is_multi_day(self) -> bool:
        return self.local_end.date() > self.local_start.date()


class EventPage(ParisTimesMixin, SitePage):
    class AttendanceMode(models.TextChoices):
        IN_PERSON = "in_person", _("en présentiel")
        ONLINE = "online", _("en ligne")
        MIXED = "mixed", _("en présentiel et en ligne")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("prévu")
        CANCELLED = "cancelled", _("annulé")
        POSTPONED = "postponed", _("reporté")

    class Recurrence(models.TextChoices):
        NONE = "none", _("aucune (événement unique)")
        WEEKLY = "weekly", _("chaque semaine")
        MONTHLY_NTH_WEEKDAY = "monthly_nth_weekday", _("chaque mois, le même jour de la semaine (ex. : 1er mardi)")

    summary = models.TextField(_("résumé"), max_length=600, help_text=_("Deux ou trois phrases, sans mise en forme."))
    body = StreamField(StandardContentBlock(), verbose_name=_("présentation"), blank=True, use_json_field=True)

    start = models.DateTimeField(_("début"), db_index=True)
    end = models.DateTimeField(_("fin"))
    all_day = models.BooleanField(
        _("toute la journée"), default=False, help_text=_("Sans horaire : du premier au dernier jour inclus.")
    )
    recurrence_rule = models.CharField(
        _("répétition"), max_length=24, choices=Recurrence.choices, default=Recurrence.NONE
    )
    recurrence_interval = models.PositiveSmallIntegerField(
        _("intervalle"), default=1, help_text=_("1 : chaque semaine (ou mois) ; 2 : une semaine (ou un mois) sur deux…")
    )
    recurrence_until = models.DateField(
        _("jusqu’au"),
        null=True,
        blank=True,
        help_text=_("Dernière date possible. Au plus deux ans et 100 dates après la première."),
    )

    venue = models.CharField(_("lieu"), max_length=200, blank=True, help_text=_("Ex. : Maison des associations."))
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    commune = models.ForeignKey(
        "reference.Commune",
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    online_url = models.URLField(_("lien de participation en ligne"), blank=True)
    attendance_mode = models.CharField(
        _("participation"), max_length=12, choices=AttendanceMode.choices, default=AttendanceMode.IN_PERSON
    )

    organiser = models.ForeignKey(
        "annuaire.Organisation",
        verbose_name=_("structure organisatrice"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    organiser_name = models.CharField(
        _("organisateur (texte)"),
        max_length=200,
        blank=True,
        help_text=_("Si l’organisateur n’est pas une structure de l’annuaire."),
    )
    is_free = models.BooleanField(_("gratuit"), default=True)
    price = models.CharField(_("tarif"), max_length=120, blank=True, help_text=_("Ex. : 15 € ; 5 € tarif réduit."))
    registration_url = models.URLField(_("lien d’inscription"), blank=True)
    category = models.ForeignKey(
        EventCategory, verbose_name=_("catégorie"), on_delete=models.PROTECT, related_name="events"
    )
    accessibility = models.TextField(
        _("accessibilité"),
        blank=True,
        help_text=_("Accès en fauteuil roulant, boucle magnétique, interprétation LSF, sous-titrage…"),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    image_alt = models.CharField(
        _("texte alternatif de l’image"), max_length=250, blank=True, help_text=_("Vide si l’image est décorative.")
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)

    ical_uid = models.CharField(_("identifiant iCalendar"), max_length=255, unique=True, default=new_ical_uid)
    ical_sequence = models.PositiveIntegerField(_("version iCalendar"), default=0, editable=False)
    source_uid = models.CharField(
        _("identifiant d’origine"), max_length=255, blank=True, db_index=True, help_text=_("Pour les imports.")
    )
    submitted_by_email = models.EmailField(_("proposé par"), blank=True)

    # Copied from the commune on save, for indexed filtering.
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    departement = models.ForeignKey(
        "reference.Departement", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )
    region = models.ForeignKey(
        "reference.Region", on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("category"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("all_day"),
                FieldRowPanel(
                    [FieldPanel("recurrence_rule"), FieldPanel("recurrence_interval"), FieldPanel("recurrence_until")]
                ),
                FieldPanel("status"),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("commune", widget=CommuneChooserWidget),
                FieldPanel("online_url"),
                FieldPanel("accessibility"),
            ],
            heading=_("Lieu"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldPanel("organiser_name"),
                FieldRowPanel([FieldPanel("is_free"), FieldPanel("price")]),
                FieldPanel("registration_url"),
            ],
            heading=_("Organisation et inscription"),
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Visuel")),
        FieldPanel("body"),
        InlinePanel("photos", label=_("Photos de l’événement"), heading=_("Galerie (après l’événement)")),
    ]
    settings_panels = Page.settings_panels + [
        MultiFieldPanel(
            [FieldPanel("ical_uid", read_only=True), FieldPanel("source_uid"), FieldPanel("submitted_by_email")],
            heading=_("Origine"),
        )
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("venue"),
        index.SearchField("organiser_name"),
        index.FilterField("start"),
    ]

    parent_page_types = ["agenda.AgendaIndexPage"]
    subpage_types = []
    seo_content_type = SeoType.ARTICLE
    seo_image_sources = ["image", "og_image"]

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="agenda_event_latlon_idx"),
        ]

    # --- validation -----------------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end:
            if self.all_day:
                self.normalise_all_day()
            if self.end < self.start:
                errors["end"] = _("La fin doit suivre le début.")
            elif self.end - self.start > MAX_EVENT_DURATION:
                errors["end"] = _("Un événement dure au plus deux mois : créez-en plusieurs.")
        if self.recurrence_until and self.start and self.recurrence_until < self.local_start.date():
            errors["recurrence_until"] = _("La date de fin de la répétition doit suivre le début.")
        if self.attendance_mode in (self.AttendanceMode.ONLINE, self.AttendanceMode.MIXED) and not self.online_url:
            errors["online_url"] = _("Indiquez le lien de participation en ligne.")
        if self.attendance_mode in (self.AttendanceMode.IN_PERSON, self.AttendanceMode.MIXED) and not (
            self.commune_id or self.venue or self.address
        ):
            errors["commune"] = _("Indiquez le lieu de l’événement (au moins la commune).")
        if not self.is_free and not self.price:
            errors["price"] = _("Indiquez le tarif, ou cochez « gratuit ».")
        if errors:
            raise ValidationError(errors)

    def normalise_all_day(self):
        """An all-day event runs from 00:00 on its first day to 23:59:59 on its last one, Paris time."""
        first = self.start.astimezone(PARIS).date()
        last = max(first, self.end.astimezone(PARIS).date())
        self.start = dt.datetime.combine(first, dt.time(0, 0), tzinfo=PARIS)
        self.end = dt.datetime.combine(last, dt.time(23, 59, 59), tzinfo=PARIS)

    # --- saving -------------------------------------------------------------------------------------

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None:
            if self.all_day and self.start and self.end:
                self.normalise_all_day()
            self.copy_territory()
            self.bump_sequence_if_changed()
        with transaction.atomic():
            result = super().save(*args, **kwargs)
            if update_fields is None or set(update_fields) & set(OCCURRENCE_FIELDS):
                self.sync_occurrences()
        return result

    def copy_territory(self):
        commune = self.commune if self.commune_id else None
        self.latitude = getattr(commune, "latitude", None)
        self.longitude = getattr(commune, "longitude", None)
        self.departement_id = getattr(commune, "departement_id", None)
        self.region_id = getattr(commune, "region_id", None)

    def bump_sequence_if_changed(self):
        if self.pk is None:
            return
        stored = EventPage.objects.filter(pk=self.pk).values(*SEQUENCE_FIELDS, "ical_sequence").first()
        if stored is None:
            return
        if any(stored[name] != getattr(self, name) for name in SEQUENCE_FIELDS):
            self.ical_sequence = max(self.ical_sequence, stored["ical_sequence"]) + 1

    def build_occurrences(self) -> list["EventOccurrence"]:
        """Unsaved occurrences of this event (also used by bulk creation)."""
        return [
            EventOccurrence(event=self, start=start, end=end, live=self.live)
            for start, end in occurrence_spans(
                self.start, self.end, self.recurrence_rule, self.recurrence_interval, self.recurrence_until
            )
        ]

    def sync_occurrences(self):
        EventOccurrence.objects.filter(event_id=self.pk).delete()
        EventOccurrence.objects.bulk_create(self.build_occurrences())

    # --- serving ------------------------------------------------------------------------------------

    RELATED_FOR_PAGE = ("category", "organiser", "commune", "departement", "image")
    SELECT_FOR_PAGE = (
        "category",
        "organiser__logo",
        "organiser__commune",
        "commune__departement",
        "departement",
        "image",
    )

    def load_related(self):
        """Category, organiser (and logo), commune and image in one query rather than one each (none when
        the routing already read them)."""
        if self.pk is None or all(name in self._state.fields_cache for name in self.RELATED_FOR_PAGE):
            return
        fetched = EventPage.objects.select_related(*self.SELECT_FOR_PAGE).filter(pk=self.pk).first()
        if fetched is None:
            return
        for name in self.RELATED_FOR_PAGE:
            if getattr(self, f"{name}_id") == getattr(fetched, f"{name}_id"):
                setattr(self, name, getattr(fetched, name))

    def get_context(self, request, *args, **kwargs):
        from home.images import prefetch_renditions

        from .structured_data import event_json_ld

        context = super().get_context(request, *args, **kwargs)
        self.load_related()
        now = timezone.now()
        occurrences = self.build_occurrences()  # the same as the stored ones, without a query
        upcoming = [occurrence for occurrence in occurrences if occurrence.end >= now]
        is_past = bool(occurrences) and not upcoming
        current = upcoming[0] if upcoming else (occurrences[-1] if occurrences else None)
        photos = []
        if is_past and self.pk is not None:
            photos = list(self.photos.select_related("image").order_by("sort_order"))
        image = self.image if self.image_id else None
        logo = self.organiser.logo if self.organiser_id and self.organiser and self.organiser.logo_id else None
        prefetch_renditions([image, logo] + [photo.image for photo in photos], PAGE_RENDITIONS)
        image_url = None
        if image is not None:
            image_url = request.build_absolute_uri(image.get_rendition(JSON_LD_RENDITION).url)
        context.update(
            occurrences=occurrences,
            upcoming_occurrences=upcoming[:24],
            more_occurrences=max(0, len(upcoming) - 24),
            current_occurrence=current,
            is_past=is_past,
            photos=photos,
            event_json_ld=event_json_ld(self, request, current, image_url=image_url),
        )
        return context

    # --- reading ------------------------------------------------------------------------------------

    @property
    def is_recurring(self) -> bool:
        return self.recurrence_rule != self.Recurrence.NONE

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return self.attendance_mode in (self.AttendanceMode.ONLINE, self.AttendanceMode.MIXED)

    @property
    def is_in_person(self) -> bool:
        return self.attendance_mode in (self.AttendanceMode.IN_PERSON, self.AttendanceMode.MIXED)

    def is_past(self, now=None) -> bool:
        """True once the last occurrence has ended."""
        return self.last_end < (now or timezone.now())

    @cached_property
    def last_end(self) -> dt.datetime:
        spans = occurrence_spans(
            self.start, self.end, self.recurrence_rule, self.recurrence_interval, self.recurrence_until
        )
        return spans[-1][1]

    @property
    def organiser_display_name(self) -> str:
        return self.organiser.name if self.organiser_id and self.organiser else self.organiser_name

    @property
    def recurrence_nth(self) -> int:
        return nth_weekday_of(self.local_start.date())

    @property
    def recurrence_label(self) -> str:
        """ "chaque premier mardi du mois", "chaque semaine (le jeudi)", "" for a one-off event."""
        weekday = WEEKDAYS[self.local_start.weekday()]
        every = self.recurrence_interval or 1
        if self.recurrence_rule == self.Recurrence.WEEKLY:
            if every == 1:
                return _("chaque semaine, le %(weekday)s") % {"weekday": weekday}
            return _("toutes les %(n)s semaines, le %(weekday)s") % {"n": every, "weekday": weekday}
        if self.recurrence_rule == self.Recurrence.MONTHLY_NTH_WEEKDAY:
            ordinal = ORDINALS[self.recurrence_nth]
            if every == 1:
                return _("chaque %(ordinal)s %(weekday)s du mois") % {"ordinal": ordinal, "weekday": weekday}
            return _("le %(ordinal)s %(weekday)s, tous les %(n)s mois") % {
                "ordinal": ordinal,
                "weekday": weekday,
                "n": every,
            }
        return ""

    def rrule(self) -> dict | None:
        """The recurrence as iCalendar RRULE parts (for `icalendar.vRecur`), None for a one-off event."""
        if not self.is_recurring:
            return None
        weekday = ICAL_WEEKDAYS[self.local_start.weekday()]
        rule = {"FREQ": "WEEKLY", "INTERVAL": self.recurrence_interval or 1, "BYDAY": weekday}
        if self.recurrence_rule == self.Recurrence.MONTHLY_NTH_WEEKDAY:
            rule = {
                "FREQ": "MONTHLY",
                "INTERVAL": self.recurrence_interval or 1,
                "BYDAY": f"{self.recurrence_nth}{weekday}",
            }
        rule["COUNT"] = len(
            occurrence_spans(
                self.start, self.end, self.recurrence_rule, self.recurrence_interval, self.recurrence_until
            )
        )
        return rule


class EventPhoto(Orderable):
    """A photo of the event, shown in its gallery once it is over."""

    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("légende"), max_length=250, blank=True)
    credit = models.CharField(_("crédit"), max_length=120, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption"), FieldPanel("credit")]

    class Meta(Orderable.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    @property
    def alt_text(self) -> str:
        """What the photo shows for people who do not see it: the image's description (asked for when a
        member sends photos, editable in the image library), else the caption."""
        return (self.image.description if self.image_id else "") or self.caption

    def __str__(self):
        return self.caption or str(self.image)


class EventOccurrenceQuerySet(models.QuerySet):
    def live(self):
        return self.filter(live=True)

    def overlapping(self, start: dt.datetime, end: dt.datetime):
        """Occurrences running at some time in [start, end), the `start` index bounding the scan."""
        return self.filter(start__lt=end, start__gte=start - MAX_EVENT_DURATION, end__gt=start)

    def upcoming(self, now=None):
        now = now or timezone.now()
        return self.filter(start__gte=now - MAX_EVENT_DURATION, end__gte=now)


class EventOccurrence(ParisTimesMixin, models.Model):
    """One date of an event (the only one for a one-off event), materialised on save for cheap queries."""

    event = models.ForeignKey(
        EventPage, verbose_name=_("événement"), on_delete=models.CASCADE, related_name="occurrences"
    )
    start = models.DateTimeField(_("début"))
    end = models.DateTimeField(_("fin"))
    live = models.BooleanField(_("publié"), default=False)

    objects = EventOccurrenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("date d’un événement")
        verbose_name_plural = _("dates des événements")
        ordering = ["start", "event_id"]
        indexes = [
            models.Index(fields=["start"], name="agenda_occurrence_start_idx"),
            models.Index(fields=["live", "start"], name="agenda_occurrence_live_idx"),
        ]

    def __str__(self):
        return f"{self.event_id} @ {self.start.isoformat()}"


# --- Submissions and imports (branch agenda-submit) ---
from .submission_models import EventImportRecord, EventSubmission  # noqa: E402, F401
