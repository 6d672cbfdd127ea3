"""Events: `EventPage` (one event, one-off or recurring, under the agenda) and its photo gallery.

Each EventPage keeps its dates as aware datetimes (stored in UTC, shown in Europe/Paris). Its occurrences
are materialised in `EventOccurrence` whenever the page is saved or published (see `occurrences`).
Territory fields (coordinates, département, région) are copied from the commune on save for indexed
filtering.
"""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailseo.models import SeoType

from annuaire import services as annuaire
from core.blocks import ContentBlock
from core.images import prefetch_renditions, rendition_or_none
from core.pages import SitePage
from reference.choosers import CommuneChooserWidget

from ..recurrence import ORDINALS, PARIS, WEEKDAYS, nth_weekday_of, occurrence_spans, rule_parts
from ..structured_data import event_json_ld
from .categories import EventCategory
from .occurrences import MAX_EVENT_DURATION, EventOccurrence, ParisTimesMixin

# How far ahead an event may start (proposals and imports).
MAX_YEARS_AHEAD = 2

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


def latest_allowed_start(now=None) -> dt.datetime:
    """The latest start a proposed or imported event may have: two years ahead."""
    now = now or timezone.now()
    return now + dt.timedelta(days=365 * MAX_YEARS_AHEAD + 1)


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
    body = StreamField(ContentBlock(), verbose_name=_("présentation"), blank=True, use_json_field=True)

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

    def spans(self) -> list[tuple[dt.datetime, dt.datetime]]:
        """(start, end) of each date of the event, in UTC (`recurrence.occurrence_spans`)."""
        return occurrence_spans(
            self.start, self.end, self.recurrence_rule, self.recurrence_interval, self.recurrence_until
        )

    def build_occurrences(self, live: bool | None = None) -> list[EventOccurrence]:
        """Unsaved occurrences of this event (also used by bulk creation); `live` defaults to the page's."""
        live = self.live if live is None else live
        return [EventOccurrence(event=self, start=start, end=end, live=live) for start, end in self.spans()]

    def sync_occurrences(self):
        """Rebuild the stored occurrences: shown to the public when the page is live and neither it nor a
        page above it has a view restriction."""
        shown = self.live and not self.get_view_restrictions().exists()
        EventOccurrence.objects.filter(event_id=self.pk).delete()
        EventOccurrence.objects.bulk_create(self.build_occurrences(live=shown))

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
        rendition = rendition_or_none(image, JSON_LD_RENDITION)
        image_url = request.build_absolute_uri(rendition.url) if rendition is not None else None
        user = getattr(request, "user", None)
        context.update(
            # Members of the organiser find the photo form on the page of their event once it is over.
            accepts_photos=is_past and self.live and self.accepts_photos_from(user),
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
        return self.spans()[-1][1]

    def accepts_photos_from(self, user) -> bool:
        """Members of the organiser may send the photos of the event once it is over."""
        return bool(self.organiser_id) and self.is_past() and annuaire.is_member(user, self.organiser)

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
        rule = rule_parts(self.recurrence_rule, self.recurrence_interval, self.local_start.date())
        if rule is None:
            return None
        # COUNT rather than UNTIL: the dates the agenda lists, bounds included (two years, 100 dates).
        return {**rule, "COUNT": len(self.spans())}


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
