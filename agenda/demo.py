"""Demo agenda: the index page and ~120 French ESS events around today (past ones with photo galleries,
the Mois de l’ESS in November, a "premier mardi" recurring meeting, webinars, multi-day fairs, a cancelled
one); `--scale full` bulk-inserts 3,000 more, keeping Wagtail's page tree consistent."""

import datetime as dt
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page

from annuaire.models import Organisation
from core.demo import demo_image, site_root
from core.searchables import index_objects
from reference.models import Commune

from .ical import invalidate_feeds
from .models import AgendaIndexPage, EventCategory, EventOccurrence, EventPage, EventPhoto
from .recurrence import PARIS, nth_weekday_date

SMALL_SCALE_EVENTS = 120
FULL_SCALE_EVENTS = 3_000
FULL_SCALE_SLUG_PREFIX = "rdv-"

# INSEE codes of the cities events happen in.
CITIES = [
    "75056", "69123", "13055", "44109", "59350", "67482", "33063", "31555", "35238", "34172", "38185",
    "63113", "21231", "76540", "37261", "69266", "42218", "25056", "54395", "87085", "86194", "49007",
    "57463", "29019", "80021", "45234", "14118", "84007", "64445", "06088",
]  # fmt: skip

# (category slug, title pattern, summary, all day, length in hours or days, attendance mode, free)
KINDS = [
    ("forum", "Forum de l’emploi solidaire de {city}", "Recruteurs de l’ESS, structures d’insertion et "
     "candidat·es se rencontrent : offres, conseils CV et ateliers.", False, 6, "in_person", True),
    ("formation", "Formation : gouvernance partagée en association", "Deux jours pour outiller les "
     "bénévoles et salarié·es : prise de décision, rôles, animation d’assemblée.", True, 2, "in_person", False),
    ("salon", "Salon des coopératives de {city}", "Scop, Scic et CAE présentent leurs métiers et leurs "
     "façons de décider ensemble.", True, 3, "in_person", True),
    ("conference", "Conférence : financer la transition écologique par l’épargne solidaire", "Finance "
     "solidaire, fonds territoriaux, titres associatifs : tour d’horizon avec des praticien·nes.", False, 2,
     "mixed", True),
    ("webinaire", "Webinaire : créer une Scic, mode d’emploi", "Statuts, collèges, multi-sociétariat : "
     "une heure pour comprendre la société coopérative d’intérêt collectif.", False, 1, "online", True),
    ("atelier", "Atelier réparation et réemploi à {city}", "Venez avec vos objets cassés : bénévoles et "
     "réparateurs vous aident à leur donner une seconde vie.", False, 3, "in_person", True),
    ("rencontre", "Rencontre des acteurs de l’ESS de {city}", "Une soirée pour se connaître, partager "
     "ses projets et trouver des partenaires sur le territoire.", False, 3, "in_person", True),
    ("portes-ouvertes", "Portes ouvertes d’un tiers-lieu solidaire à {city}", "Visite des ateliers, "
     "présentation des projets et repas partagé.", True, 1, "in_person", True),
    ("festival", "Festival des solidarités de {city}", "Concerts, débats et marché de producteurs "
     "locaux, organisés par un collectif d’associations.", True, 2, "in_person", False),
    ("assemblee-generale", "Assemblée générale d’une coopérative d’habitants", "Bilan de l’année, "
     "élection du conseil et projets de l’habitat participatif.", False, 3, "in_person", True),
]  # fmt: skip

MOIS_ESS = [
    "Ouverture du Mois de l’ESS à {city}",
    "Village de l’ESS à {city}",
    "Ciné-débat : entreprendre autrement",
    "Parcours découverte des entreprises d’insertion de {city}",
    "Table ronde : jeunes et ESS, quels métiers ?",
    "Marché de Noël solidaire de {city}",
]
PRICES = ["10 €", "15 € ; 5 € tarif réduit", "25 €", "Participation libre (à partir de 5 €)", "120 € la journée"]
ACCESSIBILITY = (
    "Salle accessible en fauteuil roulant, boucle magnétique à l’accueil. Interprétation en LSF sur demande "
    "une semaine avant."
)
PHOTO_CAPTIONS = [
    "L’accueil des participant·es",
    "Une table ronde en plénière",
    "Les stands des structures",
    "Un atelier en petits groupes",
    "Le repas partagé de midi",
]


def seed(scale: str, stdout) -> None:
    agenda = ensure_agenda_page(stdout)
    if agenda is None:
        return
    if not EventPage.objects.child_of(agenda).exclude(slug__startswith=FULL_SCALE_SLUG_PREFIX).exists():
        created = seed_events(agenda, SMALL_SCALE_EVENTS)
        stdout.write(f"Agenda : {created} événements créés.")
    if scale == "full":
        existing = EventPage.objects.child_of(agenda).filter(slug__startswith=FULL_SCALE_SLUG_PREFIX).count()
        if existing < FULL_SCALE_EVENTS:
            created = bulk_create_events(agenda, FULL_SCALE_EVENTS - existing, offset=existing)
            stdout.write(f"Agenda : {created} événements ajoutés en masse.")
    invalidate_feeds()  # bulk creation sends no signal: forget cached feeds and month views


def ensure_agenda_page(stdout) -> AgendaIndexPage | None:
    home = site_root()
    if home is None:
        return None
    agenda = AgendaIndexPage.objects.child_of(home).first()
    if agenda is None:
        agenda = AgendaIndexPage(
            title="Agenda",
            slug="agenda",
            show_in_menus=True,
            lead="Forums, formations, salons et webinaires de l’économie sociale et solidaire, près de chez vous.",
            search_description="L’agenda de l’ESS : les rendez-vous par mois et par territoire.",
        )
        home.add_child(instance=agenda)
        agenda.save_revision().publish()
        stdout.write("Agenda créé.")
    return agenda


class Context:
    """What the generators share: categories, communes, organisers, images, the random source."""

    def __init__(self, seed_value="agenda"):
        self.rng = random.Random(seed_value)
        self.categories = {category.slug: category for category in EventCategory.objects.all()}
        communes = Commune.objects.filter(code__in=CITIES).select_related("departement")
        self.communes = sorted(communes, key=lambda commune: CITIES.index(commune.code))
        self.organisers = list(Organisation.objects.filter(is_verified=True).order_by("pk")[:12])
        self.today = timezone.now().astimezone(PARIS).date()

    def commune(self):
        return self.rng.choice(self.communes) if self.communes else None

    def organiser(self):
        return self.rng.choice(self.organisers) if self.organisers else None


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=PARIS)


def event_fields(ctx: Context, index: int, day: dt.date, kind=None) -> dict:
    """The fields of one generated event starting on `day`."""
    slug, title, summary, all_day, length, mode, free = kind or ctx.rng.choice(KINDS)
    commune = ctx.commune() if mode != "online" else None
    city = commune.name if commune else "Paris"
    hour = ctx.rng.choice([9, 10, 14, 18]) if not all_day else 0
    if all_day:
        start, end = at(day, 0), at(day + dt.timedelta(days=length - 1), 23, 59)
    else:
        start = at(day, hour, ctx.rng.choice([0, 0, 30]))
        end = start + dt.timedelta(hours=length)
    organiser = ctx.organiser()
    fields = {
        "title": title.format(city=city),
        "summary": summary,
        "category": ctx.categories.get(slug) or ctx.categories.get("autre"),
        "start": start,
        "end": end,
        "all_day": all_day,
        "attendance_mode": mode,
        "commune": commune,
        "venue": "" if mode == "online" else ctx.rng.choice(["Maison des associations", "Tiers-lieu La Fabrique",
                                                             "Salle municipale", "Hôtel de région"]),
        "address": "" if mode == "online" else f"{ctx.rng.randint(1, 120)} rue de la Coopération",
        "online_url": "https://visio.example.org/salle-ess" if mode in ("online", "mixed") else "",
        "organiser": organiser,
        "organiser_name": "" if organiser else "Collectif local de l’ESS",
        "is_free": free,
        "price": "" if free else ctx.rng.choice(PRICES),
        "registration_url": "https://inscriptions.example.org/evenement" if index % 3 else "",
        "accessibility": ACCESSIBILITY if index % 2 else "",
    }  # fmt: skip
    return fields


def create_event(agenda: AgendaIndexPage, fields: dict, slug: str, image=None, image_alt="", **extra) -> EventPage:
    event = EventPage(slug=slug, image=image, image_alt=image_alt, **fields, **extra)
    event.search_description = fields["summary"][:250]
    agenda.add_child(instance=event)
    event.save_revision().publish()
    return event


def seed_events(agenda: AgendaIndexPage, count: int) -> int:
    ctx = Context()
    images = [demo_image(f"Événement de l’ESS {n}", seed_value=f"agenda-{n}") for n in range(1, 13)]
    photos = [demo_image(f"Photo d’événement {n}", seed_value=f"agenda-photo-{n}") for n in range(1, 9)]
    created = 0

    def add(fields, **extra):
        nonlocal created
        created += 1
        image = images[created % len(images)] if created % 4 else None
        alt = "Illustration abstraite aux couleurs de Solidaires" if image else ""
        return create_event(agenda, fields, f"evenement-{created}", image=image, image_alt=alt, **extra)

    # The Mois de l'ESS: November of this year (or of last year before the summer).
    year = ctx.today.year if ctx.today.month >= 7 else ctx.today.year - 1
    mois = ctx.categories.get("mois-de-l-ess")
    for n in range(18):
        day = dt.date(year, 11, 1 + (n * 29) // 18)
        fields = event_fields(ctx, n, day)
        fields.update(title=MOIS_ESS[n % len(MOIS_ESS)].format(city=fields["commune"].name if fields["commune"]
                      else "Paris"), category=mois)  # fmt: skip
        add(fields)

    # A recurring meeting every first Tuesday, from three months ago to nine months ahead.
    first = ctx.today.replace(day=1) - dt.timedelta(days=85)
    first_tuesday = nth_weekday_date(first.year, first.month, 1, 1)
    fields = event_fields(ctx, 1, first_tuesday, kind=KINDS[6])
    fields.update(
        title="Café de l’ESS du premier mardi",
        summary="Chaque premier mardi du mois, un café-rencontre pour les porteur·ses de projet de l’ESS.",
        start=at(first_tuesday, 18, 30),
        end=at(first_tuesday, 20, 30),
    )
    add(
        fields,
        recurrence_rule=EventPage.Recurrence.MONTHLY_NTH_WEEKDAY,
        recurrence_until=first + dt.timedelta(days=365),
    )

    # A weekly online legal clinic on Thursdays, for ten weeks.
    thursday = ctx.today + dt.timedelta(days=(3 - ctx.today.weekday()) % 7)
    fields = event_fields(ctx, 2, thursday, kind=KINDS[4])
    fields.update(
        title="Permanence juridique en ligne pour les associations",
        summary="Une heure de questions-réponses chaque jeudi : statuts, emploi, fiscalité des associations.",
        start=at(thursday, 12, 30),
        end=at(thursday, 13, 30),
    )
    add(fields, recurrence_rule=EventPage.Recurrence.WEEKLY, recurrence_until=thursday + dt.timedelta(weeks=9))

    # A cancelled fair and a postponed conference.
    fields = event_fields(ctx, 3, ctx.today + dt.timedelta(days=12), kind=KINDS[2])
    add(fields, status=EventPage.Status.CANCELLED)
    fields = event_fields(ctx, 4, ctx.today + dt.timedelta(days=26), kind=KINDS[3])
    add(fields, status=EventPage.Status.POSTPONED)

    # The rest: from four months ago to five months ahead; past ones get a gallery.
    while created < count:
        offset = ctx.rng.randint(-120, 150)
        day = ctx.today + dt.timedelta(days=offset)
        event = add(event_fields(ctx, created, day))
        if offset < -3 and created % 3 == 0:
            for position in range(ctx.rng.randint(3, 5)):
                EventPhoto.objects.create(
                    event=event,
                    sort_order=position,
                    image=photos[(created + position) % len(photos)],
                    caption=PHOTO_CAPTIONS[position % len(PHOTO_CAPTIONS)],
                    credit="Solidaires",
                )
    return created


def bulk_create_events(agenda: AgendaIndexPage, count: int, offset: int = 0, batch_size: int = 500) -> int:
    """Insert `count` live events under the agenda without one save() per page: page rows are built with
    their tree path, depth, url_path and content type, then the event rows, then their occurrences."""
    ctx = Context(seed_value=f"agenda-full-{offset}")
    content_type = ContentType.objects.get_for_model(EventPage)
    agenda = Page.objects.get(pk=agenda.pk)
    last_child = agenda.get_last_child()
    next_step = (Page._str2int(last_child.path[-Page.steplen :]) + 1) if last_child else 1
    now = timezone.now()
    local_fields = list(EventPage._meta.local_concrete_fields)
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        pages, events = [], []
        for n in range(size):
            index = offset + created + n
            fields = event_fields(ctx, index, ctx.today + dt.timedelta(days=ctx.rng.randint(-365, 365)))
            slug = f"{FULL_SCALE_SLUG_PREFIX}{index + 1}"
            commune = fields["commune"]
            event = EventPage(
                slug=slug,
                search_description=fields["summary"][:250],
                **fields,
                latitude=getattr(commune, "latitude", None),
                longitude=getattr(commune, "longitude", None),
                departement_id=getattr(commune, "departement_id", None),
                region_id=getattr(commune, "region_id", None),
                ical_uid=f"{uuid.uuid4()}@solidaires",
            )
            if event.all_day:
                event.normalise_all_day()
            pages.append(
                Page(
                    title=fields["title"],
                    draft_title=fields["title"],
                    slug=slug,
                    path=Page._get_path(agenda.path, agenda.depth + 1, next_step + created + n),
                    depth=agenda.depth + 1,
                    numchild=0,
                    url_path=f"{agenda.url_path}{slug}/",
                    content_type=content_type,
                    locale_id=agenda.locale_id,
                    live=True,
                    first_published_at=now,
                    last_published_at=now,
                    search_description=event.search_description,
                    translation_key=uuid.uuid4(),
                )
            )
            events.append(event)
        Page.objects.bulk_create(pages)
        if any(page.pk is None for page in pages):  # a database that returns no ids on bulk insert
            ids = dict(Page.objects.filter(path__in=[page.path for page in pages]).values_list("path", "pk"))
            for page in pages:
                page.pk = page.id = ids[page.path]
        for page, event in zip(pages, events, strict=True):
            for field in Page._meta.concrete_fields:
                setattr(event, field.attname, getattr(page, field.attname))
            event.page_ptr_id = page.pk
            event.live = True
        # The event rows only (the page rows exist): what save_base(raw=True) does for each child row.
        EventPage._base_manager.all()._insert(events, fields=local_fields)
        EventOccurrence.objects.bulk_create(
            [occurrence for event in events for occurrence in event.build_occurrences()], batch_size=1000
        )
        index_objects(EventPage.objects.filter(pk__in=[event.pk for event in events]))
        created += size
    Page.objects.filter(pk=agenda.pk).update(numchild=agenda.numchild + created)
    return created
