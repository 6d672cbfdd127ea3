"""`manage.py seed_demo`: the demo site `make run` shows, built once however many times it runs."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site, get_page_models

from accounts.demo import DEMO_PASSWORD, DEMO_USERS
from accounts.models import EDITOR_GROUP, MODERATOR_GROUP, User
from core.models import OutgoingEmail
from home.models import HomePage, SiteSettings

from .html import h1s, parse, texts

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "users": User.objects.count(),
        "emails": EmailAddress.objects.count(),
        "images": get_image_model().objects.count(),
        "sites": Site.objects.count(),
        "site settings": SiteSettings.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "revisions": Page.objects.filter(live=True).exclude(live_revision=None).count(),
    }


@pytest.fixture
def seeded(db):
    return seed()


def test_seed_demo_twice_duplicates_nothing(seeded):
    first = snapshot()

    second_output = seed()

    assert snapshot() == first
    assert "Contenu de démonstration prêt" in second_output
    assert "Compte créé" not in second_output
    assert "Page d'accueil créée" not in second_output


def test_seed_demo_creates_every_page_type(seeded):
    page_types = [model for model in get_page_models() if model is not Page]
    missing = [model.__name__ for model in page_types if not model.objects.live().exists()]
    assert missing == []


def test_seed_demo_makes_the_home_page_the_site_root(seeded, client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "Solidaires"
    assert not Page.objects.filter(depth=2).exclude(pk=site.root_page_id).exists()  # Wagtail's placeholder is gone
    home = client.get("/")
    assert home.status_code == 200
    assert "L’économie sociale et solidaire, au quotidien" in texts(parse(home), "//*[@class='hero__title']")


def test_demo_site_carries_the_host_and_port_it_is_served_on(seeded, client, settings):
    """`make run` serves the demo on WAGTAILADMIN_BASE_URL: canonical and og:url say that address."""
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("testserver", 80)  # the test settings' address

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    seed()

    site.refresh_from_db()
    assert (site.hostname, site.port) == ("127.0.0.1", 8000)
    tree = parse(client.get("/", HTTP_HOST="127.0.0.1:8000"))
    assert tree.xpath("//link[@rel='canonical']/@href") == ["http://127.0.0.1:8000/"]
    assert tree.xpath("//meta[@property='og:url']/@content") == ["http://127.0.0.1:8000/"]


def test_seed_demo_creates_a_verified_account_per_role(seeded, client):
    users = {user.email: user for user in User.objects.filter(email__in=[email for email, _ in DEMO_USERS])}
    assert set(users) == {email for email, _label in DEMO_USERS}
    assert any(user.is_superuser for user in users.values())
    assert any(user.is_candidate for user in users.values())
    assert any(user.is_recruiter for user in users.values())
    assert any(user.is_consultant for user in users.values())
    assert Group.objects.get(name=EDITOR_GROUP).user_set.filter(email__in=users).exists()
    assert Group.objects.get(name=MODERATOR_GROUP).user_set.filter(email__in=users).exists()
    for email, user in users.items():
        assert EmailAddress.objects.filter(user=user, email=email, verified=True, primary=True).exists()
        assert user.check_password(DEMO_PASSWORD)

    # Verified: they sign in straight away, without a confirmation email.
    response = client.post("/comptes/login/", {"login": "candidate@solidaires.test", "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/espace/"
    assert not OutgoingEmail.objects.exists()


def test_seed_demo_prints_the_accounts(seeded):
    assert f"Mot de passe de tous les comptes de démonstration : {DEMO_PASSWORD}" in seeded
    for email, label in DEMO_USERS:
        assert email in seeded
        assert label in seeded
    assert "/admin/" in seeded


def test_seed_demo_can_keep_the_accounts_quiet(seeded):
    output = seed("--quiet-accounts")
    assert DEMO_PASSWORD not in output


def test_every_demo_page_answers_with_one_h1_and_bounded_queries(seeded, client, django_assert_max_num_queries):
    pages = Page.objects.live().public().filter(depth__gt=1)
    assert pages.count() >= 6
    for page in pages:
        url = page.get_url()
        client.get(url)  # warm the renditions and the site root paths
        with django_assert_max_num_queries(15, info=url):
            response = client.get(url)
        assert response.status_code == 200, url
        assert len(h1s(response)) == 1, url


def test_seed_demo_refuses_to_run_where_settings_forbid_it(settings):
    from django.core.management import CommandError, call_command

    settings.SEED_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="n’autorisent pas le contenu de démonstration"):
        call_command("seed_demo")
