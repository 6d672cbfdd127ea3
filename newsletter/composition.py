"""Drafts composed automatically: the weekly letter from the week's published articles (« à la une »
first), the press review, new offers and upcoming events; the recruiters' letter monthly from the
month's figures, articles and the offers market. Editors reorder and edit the draft before sending."""

from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from agenda.models import EventOccurrence
from emploi.models import JobOffer, OfferApplication
from magazine.models import ArticlePage, PressReviewLink

from .models import MailingList, NewsletterIndexPage, NewsletterPage

MAX_ARTICLES = 8
MAX_PRESS = 5
MAX_OFFERS = 6
MAX_EVENTS = 5


def weekly_body(now=None) -> list[tuple[str, object]]:
    now = now or timezone.now()
    since = now - timedelta(days=7)
    body = []
    articles = ArticlePage.objects.listed().filter(publication_date__gte=since, publication_date__lte=now)
    chosen = list(articles.order_by("-is_featured", "featured_order", "-publication_date", "-pk")[:MAX_ARTICLES])
    if chosen:
        body.append(("heading", _("Les articles de la semaine")))
        body += [("article", article) for article in chosen]
    press = list(PressReviewLink.objects.filter(published_on__gte=since.date())[:MAX_PRESS])
    if press:
        body.append(("heading", _("Revue de presse")))
        body += [("press", {"title": link.title, "source": link.source, "url": link.url}) for link in press]
    offers = list(
        JobOffer.objects.listed().filter(published_at__gte=since).order_by("-published_at", "-pk")[:MAX_OFFERS]
    )
    if offers:
        body.append(("heading", _("Nouvelles offres d’emploi")))
        body += [("offer", offer) for offer in offers]
    events = list(_upcoming_events(now))
    if events:
        body.append(("heading", _("À venir")))
        body += [("event", event) for event in events]
    return body


def _upcoming_events(now):
    occurrences = (
        EventOccurrence.objects.live()
        .upcoming(now)
        .filter(start__lte=now + timedelta(days=30))
        .select_related("event")
        .order_by("start")
    )
    seen = set()
    for occurrence in occurrences[: MAX_EVENTS * 3]:
        if occurrence.event_id not in seen:
            seen.add(occurrence.event_id)
            yield occurrence.event
        if len(seen) >= MAX_EVENTS:
            return


def recruiters_body(now=None) -> list[tuple[str, object]]:
    now = now or timezone.now()
    since = now - timedelta(days=30)
    published = JobOffer.objects.filter(published_at__gte=since).count()
    open_offers = JobOffer.objects.listed().count()
    applications = OfferApplication.objects.filter(created_at__gte=since).count()
    body = [
        ("heading", _("Le mois en chiffres")),
        ("figure", {"value": str(published), "label": _("offres publiées ces 30 derniers jours")}),
        ("figure", {"value": str(applications), "label": _("candidatures reçues ces 30 derniers jours")}),
        ("figure", {"value": str(open_offers), "label": _("offres ouvertes aujourd’hui")}),
    ]
    articles = list(ArticlePage.objects.listed().filter(publication_date__gte=since).newest_first()[:4])
    if articles:
        body.append(("heading", _("À lire")))
        body += [("article", article) for article in articles]
    offers = list(JobOffer.objects.listed().order_by("-published_at", "-pk")[:MAX_OFFERS])
    if offers:
        body.append(("heading", _("Le marché des offres")))
        body += [("offer", offer) for offer in offers]
    return body


def compose(mailing_list: MailingList, now=None) -> NewsletterPage | None:
    """A draft letter for this list under the archive page (none without an archive page)."""
    now = now or timezone.now()
    index = NewsletterIndexPage.objects.first()
    if index is None:
        return None
    local = timezone.localtime(now)
    if mailing_list.kind == MailingList.Kind.RECRUITERS:
        title = _("La lettre des recruteurs — %(month)s") % {"month": date_format(local, "F Y")}
        body = recruiters_body(now)
    else:
        title = _("%(name)s du %(date)s") % {"name": mailing_list.name, "date": date_format(local, "j F Y")}
        body = weekly_body(now)
    slug = slugify(f"{mailing_list.slug}-{local:%Y-%m-%d}")[:80]
    existing = NewsletterPage.objects.filter(slug=slug).first()
    if existing is not None:
        return existing
    letter = NewsletterPage(title=title, slug=slug, mailing_list=mailing_list, body=body, live=False)
    index.add_child(instance=letter)
    letter.save_revision()
    return letter


def compose_due_letters(now=None) -> list[NewsletterPage]:
    """Monday: a draft per weekly (and regional) list; first Monday of the month: the recruiters' too."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    letters = []
    for mailing_list in MailingList.objects.all():
        if mailing_list.kind == MailingList.Kind.RECRUITERS and local.day > 7:
            continue
        letter = compose(mailing_list, now)
        if letter is not None:
            letters.append(letter)
    return letters
