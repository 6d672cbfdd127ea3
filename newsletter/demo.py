"""Demo content: the two lists, a few hundred subscribers, the archive page and one sent letter."""

from django.utils import timezone

from core.demo import site_root

from . import composition
from .models import (
    ConsentSource,
    MailingList,
    NewsletterIndexPage,
    NewsletterPage,
    SendStatus,
    Subscriber,
    SubscriberStatus,
)

SUBSCRIBERS = {"small": 300, "full": 24_000}


def seed(scale: str = "small", stdout=None) -> None:
    weekly, recruiters = ensure_lists()
    home = site_root()
    if home is None:
        return
    index = NewsletterIndexPage.objects.first()
    if index is None:
        index = NewsletterIndexPage(
            title="Les lettres de Solidaires",
            slug="newsletter",
            intro=(
                "Chaque semaine, l’essentiel de l’économie sociale et solidaire\u00a0: articles, offres et rendez-vous."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    seed_subscribers(weekly, recruiters, SUBSCRIBERS.get(scale, 300))
    if not NewsletterPage.objects.exists():
        letter = composition.compose(weekly)
        if letter is not None:
            letter.intro = "Bonjour\u00a0! Voici les articles, les offres et les rendez-vous de la semaine."
            letter.save_revision().publish()
            NewsletterPage.objects.filter(pk=letter.pk).update(
                send_status=SendStatus.SENT, sent_at=timezone.now(), recipient_count=weekly.subscribers.count()
            )
    if stdout:
        stdout.write(f"Newsletter: {Subscriber.objects.count()} abonné·es, {NewsletterPage.objects.count()} lettre(s).")


def ensure_lists() -> tuple[MailingList, MailingList]:
    weekly, _ = MailingList.objects.get_or_create(
        slug="hebdo",
        defaults={
            "name": "La lettre hebdomadaire",
            "description": "Chaque lundi, l’actualité de l’ESS, les offres et les rendez-vous.",
            "kind": MailingList.Kind.WEEKLY,
            "sort_order": 1,
        },
    )
    recruiters, _ = MailingList.objects.get_or_create(
        slug="recruteurs",
        defaults={
            "name": "La lettre des recruteurs",
            "description": "Chaque mois, les chiffres de l’emploi dans l’ESS et des conseils pour recruter.",
            "kind": MailingList.Kind.RECRUITERS,
            "sort_order": 2,
        },
    )
    return weekly, recruiters


def seed_subscribers(weekly, recruiters, count: int) -> None:
    existing = Subscriber.objects.count()
    if existing >= count:
        return
    now = timezone.now()
    batch = [
        Subscriber(
            email=f"lecteur{number}@exemple.fr",
            status=SubscriberStatus.ACTIVE,
            consent_at=now,
            consent_source=ConsentSource.IMPORT,
            consent_page="/newsletter/inscription/",
        )
        for number in range(existing, count)
    ]
    created = Subscriber.objects.bulk_create(batch, batch_size=2000, ignore_conflicts=True)
    del created
    ids = list(Subscriber.objects.values_list("pk", flat=True))
    through = Subscriber.lists.through
    rows = [through(subscriber_id=pk, mailinglist_id=weekly.pk) for pk in ids]
    rows += [through(subscriber_id=pk, mailinglist_id=recruiters.pk) for pk in ids[::10]]
    through.objects.bulk_create(rows, batch_size=5000, ignore_conflicts=True)
