"""Regional lists: a list tied to a Wagtail Site is offered on that site's sign-up forms only."""

import pytest
from django.urls import reverse
from wagtail.models import Site
from wagtailseo.models import SeoSettings

from home.models import SiteSettings
from newsletter import tokens
from newsletter.forms import PreferencesForm, SignupForm
from newsletter.models import MailingList, Subscriber, SubscriberStatus
from tests.factories import HomePageFactory

pytestmark = pytest.mark.django_db

BRETAGNE = "bretagne.localhost"


@pytest.fixture
def regional(home_page):
    """A Bretagne declination with its regional list, and a hidden regional list of the main site."""
    regional_home = HomePageFactory(parent=home_page.get_parent(), title="Bretagne", slug="bretagne")
    site = Site.objects.create(hostname=BRETAGNE, port=80, root_page=regional_home, site_name="Solidaires Bretagne")
    SiteSettings.for_site(site)  # the settings rows exist, as on a running site (see tests/conftest.py)
    SeoSettings.for_site(site)
    bretagne = MailingList.objects.create(
        slug="bretagne", name="La lettre bretonne", kind=MailingList.Kind.REGIONAL, site=site, sort_order=3
    )
    return site, bretagne


def test_queryset_offers_national_and_own_regional_lists(regional, weekly, recruiters):
    site, bretagne = regional
    main = Site.objects.get(is_default_site=True)
    assert set(MailingList.objects.offered_on(site)) == {weekly, recruiters, bretagne}
    assert set(MailingList.objects.offered_on(main)) == {weekly, recruiters}
    assert set(MailingList.objects.offered_on(None)) == {weekly, recruiters}
    bretagne.is_public = False
    bretagne.save()
    assert bretagne not in MailingList.objects.offered_on(site)


def test_regional_site_signup_page_offers_its_list(client, regional, django_assert_max_num_queries):
    with django_assert_max_num_queries(15):
        response = client.get(reverse("newsletter:signup"), HTTP_HOST=BRETAGNE)
    assert response.status_code == 200
    body = response.content.decode()
    assert "La lettre bretonne" in body and "La lettre hebdomadaire" in body


def test_main_site_signup_page_does_not_offer_it(client, regional):
    response = client.get(reverse("newsletter:signup"))
    assert response.status_code == 200
    assert "La lettre bretonne" not in response.content.decode()


def test_posting_another_sites_list_is_refused(client, regional):
    _, bretagne = regional
    response = client.post(reverse("newsletter:signup"), {"email": "a@exemple.fr", "lists": [bretagne.pk]})
    assert response.status_code == 400
    assert "Cette lettre n’existe pas." in response.content.decode()
    assert not Subscriber.objects.filter(email="a@exemple.fr").exists()


def test_signing_up_to_the_regional_list_on_its_site(client, regional, django_capture_on_commit_callbacks):
    _, bretagne = regional
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("newsletter:signup"), {"email": "b@exemple.fr", "lists": [bretagne.pk]}, HTTP_HOST=BRETAGNE
        )
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="b@exemple.fr").exists()


def test_forms_follow_the_site(regional, weekly):
    site, bretagne = regional
    assert bretagne in SignupForm(site=site).fields["lists"].queryset
    assert bretagne not in SignupForm(site=None).fields["lists"].queryset
    # The preferences keep a list one already has, wherever they are opened, so that it can be left.
    assert bretagne in PreferencesForm(site=None, subscribed=[bretagne.pk]).fields["lists"].queryset
    assert bretagne not in PreferencesForm(site=None, subscribed=[weekly.pk]).fields["lists"].queryset


def test_preferences_on_the_main_site_keep_a_regional_subscription(client, regional, weekly):
    _, bretagne = regional
    subscriber = Subscriber.objects.create(email="c@exemple.fr", status=SubscriberStatus.ACTIVE)
    subscriber.lists.add(weekly, bretagne)
    url = reverse("newsletter:preferences", args=[tokens.preferences_token(subscriber.pk)])
    response = client.get(url)
    assert response.status_code == 200 and "La lettre bretonne" in response.content.decode()
    response = client.post(url, {"lists": [bretagne.pk]})
    assert response.status_code == 302
    assert set(subscriber.lists.all()) == {bretagne}
