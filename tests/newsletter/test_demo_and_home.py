import pytest

from home.models import HomePage
from newsletter import demo
from newsletter.models import NewsletterIndexPage, NewsletterPage, Subscriber

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent(home_page):
    demo.seed("small")
    demo.seed("small")
    assert Subscriber.objects.count() == 300
    assert NewsletterIndexPage.objects.live().count() == 1
    letter = NewsletterPage.objects.get()
    assert letter.live and letter.sent_at is not None


def test_home_signup_section(client, home_page):
    home = HomePage.objects.get(pk=home_page.pk)
    home.body = [("newsletter_signup", {"title": "La lettre", "text": "Chaque lundi."})]
    home.save_revision().publish()
    body = client.get("/").content.decode()
    assert 'id="newsletter-email-home"' in body and body.count('action="/newsletter/inscription/"') == 2
