"""The rules of offers: states and their history, moderation emails, closing, feedback, limits, checks."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core import moderation
from core.models import Moderated
from core.text import rich_text, rich_text_for_editing
from emploi import checks, feedback, services, tasks
from emploi.models import OFFER_RICH_TEXT_FEATURES, JobOffer, OfferFeedback, OfferStateChange, OfferStatus
from tests.factories import OrganisationFactory, RecruiterFactory

from .factories import JobOfferFactory, commune

pytestmark = pytest.mark.django_db


def statuses(offer):
    return list(offer.state_changes.order_by("at", "id").values_list("from_status", "to_status"))


def test_an_offer_goes_from_draft_to_published_with_its_history(
    member, moderator, offer_values, django_capture_on_commit_callbacks
):
    offer = services.create_offer(member, offer_values)
    assert offer.status == OfferStatus.DRAFT and offer.created_by == member
    assert offer.description == "<p>Vous animez le lieu.</p><p>Vous accueillez les publics.</p>"
    assert offer.departement.code == "69"

    services.submit_offer(offer, member)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED and offer.submitted_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        services.publish_offer(offer, moderator)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED and offer.published_at is not None
    assert JobOffer.objects.listed().filter(pk=offer.pk).exists()
    assert statuses(offer) == [("", "draft"), ("draft", "submitted"), ("submitted", "published")]
    last = offer.state_changes.order_by("-at", "-id").first()
    assert last.by == moderator

    (email,) = mail.outbox
    assert email.to == [member.email]
    assert "est publiée" in email.subject
    assert f"/espace/recruteur/offres/{offer.pk}/" in email.body


def test_create_and_submit_at_once(member, offer_values):
    offer = services.create_offer(member, offer_values, submit=True)
    assert offer.status == OfferStatus.SUBMITTED
    assert statuses(offer) == [("", "draft"), ("draft", "submitted")]


def test_refusal_needs_a_reason_and_emails_it(member, moderator, django_capture_on_commit_callbacks):
    offer = JobOfferFactory(submitted=True, organisation=member.organisation, created_by=member)
    with pytest.raises(ValidationError, match="pourquoi l’offre est refusée"):
        services.refuse_offer(offer, moderator, "   ")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED

    with django_capture_on_commit_callbacks(execute=True):
        services.refuse_offer(offer, moderator, "Le salaire indiqué est sous le SMIC.")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.REFUSED
    change = offer.state_changes.get(to_status=OfferStatus.REFUSED)
    assert change.reason == "Le salaire indiqué est sous le SMIC." and change.by == moderator
    (email,) = mail.outbox
    assert email.to == [member.email]
    assert "n’a pas été publiée" in email.subject
    assert "Le salaire indiqué est sous le SMIC." in email.body

    # Corrected, it can be submitted again.
    services.submit_offer(offer, member)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUBMITTED


def test_refusal_email_goes_to_admins_when_the_creator_left(moderator, django_capture_on_commit_callbacks):
    admin, former = RecruiterFactory(), RecruiterFactory()
    offer = JobOfferFactory(submitted=True, organisation=OrganisationFactory(members=[admin]), created_by=former)
    with django_capture_on_commit_callbacks(execute=True):
        services.refuse_offer(offer, moderator, "Doublon.")
    assert [message.to for message in mail.outbox] == [[admin.email]]


@pytest.mark.parametrize(
    ("trait", "action"),
    [
        ("closed", "publish"),
        ("withdrawn", "publish"),
        ("draft", "publish"),
        ("published", "refuse"),
        ("closed", "withdraw"),
    ],
)
def test_impossible_transitions_are_refused(trait, action, member, moderator):
    kwargs = {trait: True} if trait != "published" else {}
    offer = JobOfferFactory(organisation=member.organisation, **kwargs)
    before = offer.status
    with pytest.raises(services.InvalidTransition, match="ne peut pas passer"):
        if action == "publish":
            services.publish_offer(offer, moderator)
        elif action == "refuse":
            services.refuse_offer(offer, moderator, "Non.")
        else:
            services.withdraw_offer(offer, member)
    offer.refresh_from_db()
    assert offer.status == before
    assert not OfferStateChange.objects.filter(offer=offer).exists()


def test_an_impossible_move_says_why_in_french(member, moderator):
    offer = JobOfferFactory(organisation=member.organisation, closed=True, title="Chargé·e de mission")
    assert services.InvalidTransition is moderation.InvalidTransition
    with pytest.raises(moderation.InvalidTransition) as error:
        services.publish_offer(offer, moderator)
    assert error.value.messages == [
        "« Chargé·e de mission » ne peut pas passer de l’état « clôturée » par l’action « publier »."
    ]


def test_moves_are_the_shared_moderation_transitions(member, moderator):
    offer = services.submit_offer(JobOfferFactory(organisation=member.organisation, draft=True), member)
    assert isinstance(offer, Moderated) and offer.submitted_at is not None
    offer = services.publish_offer(offer, moderator)
    assert offer.published_at is not None
    offer = services.withdraw_offer(offer, member, reason="Poste supprimé")
    assert offer.status == OfferStatus.WITHDRAWN and offer.closed_at is not None
    assert statuses(offer) == [("draft", "submitted"), ("submitted", "published"), ("published", "withdrawn")]
    assert offer.state_changes.last().reason == "Poste supprimé"


def test_editing_a_published_offer_in_a_way_that_matters_sends_it_back(member, offer_values):
    offer = JobOfferFactory(organisation=member.organisation, created_by=member)
    values = {**offer_values, "title": offer.title}

    offer, sent_back = services.update_offer(offer, member, {**values, "salary_max": 35000})
    assert sent_back and offer.status == OfferStatus.SUBMITTED
    change = offer.state_changes.get()
    assert (change.from_status, change.to_status, change.reason) == (
        "published",
        "submitted",
        "Modifiée après publication",
    )
    assert offer.salary_max == 35000


def test_editing_only_the_reference_keeps_the_offer_published(member):
    offer = JobOfferFactory(organisation=member.organisation, reference="A")
    offer, sent_back = services.update_offer(offer, member, {"reference": "B"} | _values_of(offer))
    assert not sent_back
    offer.refresh_from_db()
    assert offer.status == OfferStatus.PUBLISHED and offer.reference == "B"


def _values_of(offer):
    values = {name: getattr(offer, name) for name in services.EDITABLE_FIELDS if name != "reference"}
    # The stored rich text comes back from the form as typed: keep it identical.
    return values


def test_closed_and_withdrawn_offers_cannot_be_edited(member, offer_values):
    for trait in ("closed", "withdrawn"):
        offer = JobOfferFactory(organisation=member.organisation, **{trait: True})
        with pytest.raises(services.InvalidTransition, match="ne peut plus être modifiée"):
            services.update_offer(offer, member, offer_values)


def test_withdraw_hides_the_offer(member):
    offer = JobOfferFactory(organisation=member.organisation)
    services.withdraw_offer(offer, member, "Poste supprimé")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN and offer.closed_at is not None
    assert not JobOffer.objects.visible().filter(pk=offer.pk).exists()


def test_duplicate_makes_a_draft_with_a_fresh_closing_date(member):
    past = JobOfferFactory(
        closed_long_ago=True, organisation=member.organisation, start_date=timezone.localdate() - timedelta(days=90)
    )
    copy = services.duplicate_offer(past, member)
    assert copy.pk != past.pk and copy.status == OfferStatus.DRAFT and copy.created_by == member
    assert copy.title == past.title and copy.description == past.description
    assert copy.closing_date == timezone.localdate() + timedelta(days=services.DUPLICATE_CLOSING_DAYS)
    assert copy.start_date is None
    assert copy.views_count == 0 and copy.published_at is None
    assert f"n°\u00a0{past.pk}" in copy.state_changes.get().reason


def test_a_non_member_cannot_post_edit_withdraw_or_duplicate(offer_values):
    outsider = RecruiterFactory()
    with pytest.raises(PermissionDenied, match="pas membre de cette structure"):
        services.create_offer(outsider, offer_values)
    offer = JobOfferFactory(organisation=offer_values["organisation"])
    for action in (services.withdraw_offer, services.duplicate_offer, services.submit_offer):
        with pytest.raises(PermissionDenied):
            action(offer, outsider)
    with pytest.raises(PermissionDenied):
        services.update_offer(offer, outsider, offer_values)
    assert JobOffer.objects.count() == 1


def test_a_pending_member_cannot_post(offer_values):
    from annuaire.services import request_membership

    newcomer = RecruiterFactory()
    request_membership(newcomer, offer_values["organisation"])
    with pytest.raises(PermissionDenied):
        services.create_offer(newcomer, offer_values)


def test_daily_limit_on_new_offers(member, offer_values, settings):
    settings.EMPLOI_MAX_NEW_OFFERS_PER_DAY = 3
    for _ in range(3):
        services.create_offer(member, offer_values)
    with pytest.raises(ValidationError, match="3 offres en 24"):
        services.create_offer(member, offer_values)
    with pytest.raises(ValidationError, match="limite du site"):
        services.duplicate_offer(JobOffer.objects.first(), member)
    assert JobOffer.objects.count() == 3
    # Offers older than 24 hours no longer count.
    JobOffer.objects.update(created_at=timezone.now() - timedelta(hours=25))
    services.create_offer(member, offer_values)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"closing_date": timezone.localdate() - timedelta(days=1)}, "closing_date", "déjà passée"),
        ({"closing_date": timezone.localdate() + timedelta(days=200)}, "closing_date", "six mois"),
        ({"closing_date": None}, "closing_date", "Indiquez la date limite"),
        ({"salary_min": 40000, "salary_max": 30000}, "salary_max", "supérieur ou égal au salaire minimum"),
        ({"commune": None}, "commune", "télétravail complet"),
        ({"apply_mode": "external", "apply_url": ""}, "apply_url", "adresse où candidater"),
    ],
)
def test_bad_values_are_refused_with_a_french_message(member, offer_values, changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.create_offer(member, {**offer_values, **changes})
    assert message in " ".join(error.value.message_dict[field])
    assert not JobOffer.objects.exists()


def test_full_remote_offer_needs_no_commune(member, offer_values):
    offer = services.create_offer(member, {**offer_values, "commune": None, "full_remote": True})
    assert offer.commune is None and offer.latitude is None


def test_closing_date_today_and_in_six_months_are_accepted():
    today = timezone.localdate()
    assert checks.closing_date_error(today) is None
    assert checks.closing_date_error(today + timedelta(days=checks.MAX_CLOSING_DAYS)) is None


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Bonjour <script>alert(1)</script>le monde", "Bonjour le monde"),
        ('<p onclick="steal()">Texte</p>', "<p>Texte</p>"),
        ('<a href="javascript:alert(1)">lien</a>', "<a>lien</a>"),
        ('<a href="https://exemple.org/">lien</a>', '<a href="https://exemple.org/">lien</a>'),
        ("<ul><li><strong>Un</strong></li></ul>", "<ul><li><strong>Un</strong></li></ul>"),
        ("<iframe src='https://x'></iframe><img src=x onerror=alert(1)>ok", "ok"),
        ("Ligne 1\nLigne 2\n\n<3 et > 2", "<p>Ligne 1<br/>Ligne 2</p><p>&lt;3 et &gt; 2</p>"),
        ("Ligne 1\nLigne 2\n\nFin & suite", "<p>Ligne 1<br/>Ligne 2</p><p>Fin &amp; suite</p>"),
    ],
)
def test_rich_text_is_sanitised(typed, stored):
    cleaned = rich_text(typed, OFFER_RICH_TEXT_FEATURES)
    assert "script" not in cleaned and "onclick" not in cleaned and "javascript" not in cleaned
    assert "onerror" not in cleaned and "iframe" not in cleaned
    assert stored in cleaned


def test_plain_text_comes_back_as_typed_for_editing():
    typed = "Ligne 1\nLigne 2\n\nFin & suite"
    assert rich_text_for_editing(rich_text(typed, OFFER_RICH_TEXT_FEATURES)) == typed
    html = "<h3>Missions</h3><ul><li>Un</li></ul>"
    assert rich_text_for_editing(html) == html


def test_script_in_offer_text_is_stripped_on_save(member, offer_values):
    offer = services.create_offer(
        member,
        {
            **offer_values,
            "description": "<p>Poste</p><script>document.cookie</script>",
            "profile": "<b onmouseover=x()>Oui</b>",
        },
    )
    assert offer.description == "<p>Poste</p>"
    assert offer.profile == "<b>Oui</b>"


# --- Closing and feedback ----------------------------------------------------------------------


def test_closing_task_closes_expired_offers_once_and_asks_for_feedback(member, django_capture_on_commit_callbacks):
    expired = JobOfferFactory(expired=True, organisation=member.organisation, created_by=member)
    open_offer = JobOfferFactory(organisation=member.organisation)
    closing_today = JobOfferFactory(organisation=member.organisation, closing_date=timezone.localdate())
    draft_past = JobOfferFactory(
        draft=True, organisation=member.organisation, closing_date=timezone.localdate() - timedelta(days=3)
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.close_expired_offers.delay().get() == 1
    expired.refresh_from_db()
    assert expired.status == OfferStatus.CLOSED and expired.closed_at is not None
    change = expired.state_changes.get()
    assert change.by is None and change.reason == "Date limite de candidature atteinte"
    for other in (open_offer, closing_today):
        other.refresh_from_db()
        assert other.status == OfferStatus.PUBLISHED
    draft_past.refresh_from_db()
    assert draft_past.status == OfferStatus.DRAFT

    # Still visible for a while, marked closed; out of listings.
    assert JobOffer.objects.visible().filter(pk=expired.pk).exists()
    assert not JobOffer.objects.listed().filter(pk=expired.pk).exists()

    (email,) = mail.outbox
    assert email.to == [member.email] and "est close" in email.subject
    assert "/espace/recruteur/retour/" in email.body

    # Idempotent: a second run closes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.close_expired_offers() == 0
    assert len(mail.outbox) == 1
    assert OfferFeedback.objects.filter(offer=expired).count() == 1


def test_closing_task_is_in_the_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["close-expired-job-offers"]
    assert entry["task"] == "emploi.tasks.close_expired_offers"
    assert entry["task"] in tasks.close_expired_offers.app.tasks


def test_closed_offer_disappears_after_the_grace_period(settings):
    offer = JobOfferFactory(closed=True)
    assert JobOffer.objects.visible().filter(pk=offer.pk).exists()
    JobOffer.objects.filter(pk=offer.pk).update(closed_at=timezone.now() - timedelta(days=31))
    assert not JobOffer.objects.visible().filter(pk=offer.pk).exists()
    settings.EMPLOI_CLOSED_OFFER_GRACE_DAYS = 40
    assert JobOffer.objects.visible().filter(pk=offer.pk).exists()


def test_recruiter_closes_an_offer_and_answers_the_feedback(member, django_capture_on_commit_callbacks):
    offer = JobOfferFactory(organisation=member.organisation, created_by=member)
    with django_capture_on_commit_callbacks(execute=True):
        services.close_offer(offer, by=member, reason="Poste pourvu")
    offer.refresh_from_db()
    assert offer.status == OfferStatus.CLOSED
    token = feedback.feedback_token(offer)
    assert feedback.offer_from_feedback_token(token) == offer
    assert feedback.offer_from_feedback_token(token + "x") is None
    assert feedback.offer_from_feedback_token("abc") is None

    answer = feedback.record_feedback(offer, was_filled=True, filled_through_site=True, comment=" Merci ")
    assert answer.was_filled and answer.filled_through_site and answer.comment == "Merci"
    assert answer.answered_at is not None
    # Not filled: "through the site" makes no sense and is not recorded.
    answer = feedback.record_feedback(offer, was_filled=False, filled_through_site=True)
    assert answer.filled_through_site is False


def test_feedback_link_expires(member, settings):
    offer = JobOfferFactory(closed=True, organisation=member.organisation)
    token = feedback.feedback_token(offer)
    later = timezone.now() + feedback.FEEDBACK_LINK_MAX_AGE + timedelta(days=1)
    from unittest import mock

    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        assert feedback.offer_from_feedback_token(token) is None


def test_record_view_counts_without_reading():
    offer = JobOfferFactory()
    services.record_view(offer)
    services.record_view(offer)
    offer.refresh_from_db()
    assert offer.views_count == 2


def test_denormalised_location_follows_a_commune_change(member, offer_values):
    offer = services.create_offer(member, offer_values)
    marseille = commune("13055")
    offer, _ = services.update_offer(offer, member, {**offer_values, "commune": marseille})
    offer.refresh_from_db()
    assert offer.departement.code == "13" and offer.latitude == marseille.latitude
