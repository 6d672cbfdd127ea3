"""`make bench` (newsletter part): build the weekly letter for 24,000 subscribers and hand it to the email
backend (locmem), in chunks as the Celery tasks do (`newsletter.sending.prepare` then `send_chunk`).

    .venv/bin/python bench/newsletter.py [--subscribers 24000] [--output bench/report-newsletter.json]

Own database: bench/newsletter.sqlite3, or BENCH_NEWSLETTER_DATABASE_URL (PostgreSQL). Reports messages
per second and the peak memory (max RSS) before and after sending: it must not grow with the list (the
recipients are streamed, and the backend below keeps no message once counted, like a real provider).
Budget: under 60 seconds for 24,000.
"""

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
BASE_DIR = BENCH_DIR.parent
if sys.path and Path(sys.path[0]).resolve() == BENCH_DIR:
    sys.path[0] = str(BASE_DIR)
elif str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

BUDGET_SECONDS = 60


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup(database_url: str):
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()
    from django.conf import settings

    settings.EMAIL_BACKEND = "bench.newsletter_backend.CountingBackend"
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def prepare_data(count: int):
    from django.utils import timezone
    from wagtail.models import Page

    from newsletter.models import (
        Delivery,
        MailingList,
        NewsletterIndexPage,
        NewsletterPage,
        Subscriber,
        SubscriberStatus,
    )

    weekly = MailingList.objects.get(slug="hebdo")
    existing = Subscriber.objects.count()
    if existing < count:
        now = timezone.now()
        Subscriber.objects.bulk_create(
            [
                Subscriber(email=f"bench{n}@exemple.fr", status=SubscriberStatus.ACTIVE, consent_at=now)
                for n in range(existing, count)
            ],
            batch_size=2000,
        )
        through = Subscriber.lists.through
        ids = Subscriber.objects.exclude(lists=weekly).values_list("pk", flat=True)
        rows = [through(subscriber_id=pk, mailinglist_id=weekly.pk) for pk in ids]
        through.objects.bulk_create(rows, batch_size=5000)
    index = NewsletterIndexPage.objects.first()
    if index is None:
        index = NewsletterIndexPage(title="Lettres", slug="newsletter-bench")
        Page.get_first_root_node().add_child(instance=index)
    letter = NewsletterPage.objects.filter(slug="bench").first()
    if letter is None:
        body = [("heading", "Les articles de la semaine")]
        body += [
            (
                "press",
                {"title": f"Un article de la semaine n° {n}", "source": "Le Média", "url": f"https://exemple.fr/{n}"},
            )
            for n in range(12)
        ]
        body += [("text", "<p>Un paragraphe de texte <b>en gras</b> pour la mise en page.</p>")]
        letter = NewsletterPage(title="La lettre de la semaine", slug="bench", mailing_list=weekly, body=body)
        index.add_child(instance=letter)
        letter.save_revision().publish()
    Delivery.objects.filter(letter=letter).delete()
    NewsletterPage.objects.filter(pk=letter.pk).update(send_status="sending", sent_at=None)
    return letter.pk


def run(count: int) -> dict:
    from bench.newsletter_backend import CountingBackend
    from newsletter import sending

    letter_id = prepare_data(count)
    CountingBackend.reset()
    rss_before = max_rss_mb()
    started = time.perf_counter()
    chunks = sending.prepare(letter_id)
    prepared = time.perf_counter()
    for first, last in chunks:
        sending.send_chunk(letter_id, first, last)
    elapsed = time.perf_counter() - started
    return {
        "subscribers": count,
        "messages": CountingBackend.sent,
        "chunks": len(chunks),
        "seconds": round(elapsed, 2),
        "prepare_seconds": round(prepared - started, 2),
        "messages_per_second": round(CountingBackend.sent / elapsed, 1),
        "max_rss_mb_before": round(rss_before, 1),
        "max_rss_mb_after": round(max_rss_mb(), 1),
        "within_budget": elapsed < BUDGET_SECONDS,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Mesure l’envoi de la lettre hebdomadaire (locmem).")
    parser.add_argument("--subscribers", type=int, default=24_000)
    parser.add_argument("--output", type=Path, default=BENCH_DIR / "report-newsletter.json")
    args = parser.parse_args(argv)
    database_url = os.environ.get("BENCH_NEWSLETTER_DATABASE_URL") or f"sqlite:///{BENCH_DIR / 'newsletter.sqlite3'}"
    setup(database_url)
    # A quarter of the list first, then the whole list: peak memory must not grow with it.
    results = [run(args.subscribers // 4), run(args.subscribers)]
    args.output.write_text(json.dumps(results, indent=2))
    for result in results:
        print(
            f"newsletter: {result['messages']} messages in {result['seconds']} s "
            f"({result['messages_per_second']}/s, {result['chunks']} chunks), "
            f"max RSS {result['max_rss_mb_before']} → {result['max_rss_mb_after']} MB"
        )
    return 0 if results[-1]["within_budget"] and results[-1]["messages"] == args.subscribers else 1


if __name__ == "__main__":
    sys.exit(main())
