import pytest
from django.utils import timezone

from newsletter.models import MailingList, NewsletterIndexPage, NewsletterPage, Subscriber, SubscriberStatus


@pytest.fixture
def weekly(db):
    return MailingList.objects.get(slug="hebdo")


@pytest.fixture
def recruiters(db):
    return MailingList.objects.get(slug="recruteurs")


@pytest.fixture
def archive(home_page):
    index = NewsletterIndexPage(title="Les lettres", slug="newsletter")
    home_page.add_child(instance=index)
    return index


@pytest.fixture
def letter(archive, weekly):
    page = NewsletterPage(
        title="La lettre du 7 décembre",
        slug="lettre-7-decembre",
        mailing_list=weekly,
        intro="Bonjour <b>tout le monde</b>",
        body=[
            ("heading", "À lire"),
            ("press", {"title": "Un article <script>", "source": "Le Média", "url": "https://exemple.fr/a"}),
        ],
    )
    archive.add_child(instance=page)
    page.save_revision().publish()
    return NewsletterPage.objects.get(pk=page.pk)


def make_subscribers(mailing_list, count, status=SubscriberStatus.ACTIVE):
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [Subscriber(email=f"abonne{n}@exemple.fr", status=status, consent_at=now) for n in range(count)]
    )
    subscribers = list(Subscriber.objects.order_by("pk"))
    mailing_list.subscribers.add(*subscribers)
    return subscribers
