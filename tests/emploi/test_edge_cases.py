"""Edge cases: double clicks, missing offers, a failing offer in the closing task, French typography."""

import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse

from emploi import feedback, services
from emploi.models import OfferStatus

from .factories import JobOfferFactory

pytestmark = pytest.mark.django_db


def test_submitting_twice_explains_why_the_second_does_nothing(client, member):
    offer = JobOfferFactory(draft=True, organisation=member.organisation)
    client.force_login(member)
    url = reverse("emploi:offer_submit", args=[offer.pk])
    client.post(url)
    response = client.post(url, follow=True)
    expected = "ne peut pas passer de l’état « en attente de validation » par l’action « soumettre »"
    assert expected in response.content.decode()
    assert offer.state_changes.filter(to_status="submitted").count() == 1


def test_submitting_a_draft_whose_closing_date_passed_asks_to_change_it(client, member):
    offer = JobOfferFactory(draft=True, organisation=member.organisation)
    offer.closing_date = offer.closing_date.replace(year=offer.closing_date.year - 1)
    offer.save()
    client.force_login(member)
    response = client.post(reverse("emploi:offer_submit", args=[offer.pk]), follow=True)
    assert "déjà passée" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT


def test_moderating_a_missing_offer_is_a_404(client, moderator):
    client.force_login(moderator)
    assert client.get(reverse("wagtailsnippets_emploi_joboffer:moderate", args=[999999])).status_code == 404


def test_unknown_offer_in_the_space_is_a_404(client, member):
    client.force_login(member)
    assert client.get(reverse("emploi:offer_detail", args=[999999])).status_code == 404


def test_feedback_page_says_when_it_was_already_answered(client):
    offer = JobOfferFactory(closed=True)
    feedback.request_feedback(offer)
    feedback.record_feedback(offer, was_filled=False, filled_through_site=False)
    html = client.get(reverse("emploi:feedback", args=[feedback.feedback_token(offer)])).content.decode()
    assert "Vous avez déjà répondu" in html


def test_one_failing_offer_does_not_stop_the_closing_task(member):
    first, second = JobOfferFactory.create_batch(2, expired=True, organisation=member.organisation)
    real_move = services.move

    def move(offer, *args, **kwargs):
        if offer.pk == first.pk:
            raise RuntimeError("boom")
        return real_move(offer, *args, **kwargs)

    with mock.patch.object(services, "move", side_effect=move):
        assert services.close_expired_offers() == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == OfferStatus.PUBLISHED and second.status == OfferStatus.CLOSED
    # The next run closes the one left.
    assert services.close_expired_offers() == 1


def test_a_member_of_two_organisations_chooses_which_one_posts(client, member, offer_post_data):
    from tests.factories import OrganisationFactory

    second = OrganisationFactory(name="Autre structure", members=[member])
    client.force_login(member)
    html = client.get(reverse("emploi:offer_create")).content.decode()
    assert member.organisation.name in html and "Autre structure" in html
    client.post(reverse("emploi:offer_create"), offer_post_data(second))
    assert second.job_offers.count() == 1


# The recruiter side's templates (the public side's live in emploi/templates/emploi/public/ and blocks/).
TEMPLATE_DIRS = [
    *(Path(settings.BASE_DIR) / "emploi" / "templates" / "emploi" / part for part in ("recruiter", "emails", "admin")),
    Path(settings.BASE_DIR) / "emploi" / "templates" / "emploi" / "includes",
    Path(settings.BASE_DIR) / "annuaire" / "templates",
]


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (r"« ", "a normal space after «"),
        (r" »", "a normal space before »"),
        (r"[^\s{%] :(?!=)", "a normal space before a colon"),
        (r" [?!;](?!=)", "a normal space before ? ! or ;"),
        (r"\w'\w", "a straight apostrophe in French text"),
    ],
)
def test_french_typography_in_templates(pattern, what):
    offenders = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*"):
            if path.suffix not in (".html", ".txt"):
                continue
            text = re.sub(r"{%.*?%}|{{.*?}}", "", path.read_text(encoding="utf-8"))
            offenders += [f"{path.name}: {line.strip()[:80]}" for line in text.splitlines() if re.search(pattern, line)]
    assert not offenders, f"{what}:\n" + "\n".join(offenders)
