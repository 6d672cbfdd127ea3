"""The rules of job offers: who may post, what an offer must hold, how it moves between states.

Views, the admin and tasks call these functions; none of them changes an offer's status directly. The
states and transitions are the shared ones of `core.models.Moderated`, applied by
`core.moderation.move` under a row lock, which records each step in `OfferStateChange` (who, when, why):

    draft ──submit──▶ submitted ──publish──▶ published ──close──▶ closed
                          │  ▲                   │
                       refuse └──send_back───────┘ (edited in a way that matters)
                          ▼
                       refused ──submit──▶ submitted
    draft, submitted, published, refused ──withdraw──▶ withdrawn

Around them, the rules of the job board: membership of the organisation, the daily limit on new
offers, the closing date, the emails to recruiters and the feedback asked after closing.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from annuaire.services import is_member
from core.moderation import InvalidTransition, move
from core.text import plain_text, rich_text

from . import feedback, notifications
from .checks import closing_date_error, offer_errors
from .models.offers import (
    OFFER_RICH_TEXT_FEATURES,
    JobOffer,
    OfferStateChange,
    OfferStatus,
)

logger = logging.getLogger(__name__)

# A duplicated offer gets a fresh closing date this many days ahead.
DUPLICATE_CLOSING_DAYS = 30

# Changing one of these on a published offer sends it back to moderation.
MATERIAL_FIELDS = (
    "title",
    "description",
    "profile",
    "contract_type",
    "working_time",
    "function",
    "sector",
    "commune",
    "full_remote",
    "remote_days",
    "salary_min",
    "salary_max",
    "salary_period",
    "apply_mode",
    "apply_url",
    "start_date",
    "closing_date",
    "organisation",
)
# Everything a recruiter fills in (the form's fields); the rest is managed here.
EDITABLE_FIELDS = (*MATERIAL_FIELDS, "reference")


def max_new_offers_per_day() -> int:
    return getattr(settings, "EMPLOI_MAX_NEW_OFFERS_PER_DAY", 10)


NOT_A_MEMBER = gettext_lazy("Vous n’êtes pas membre de cette structure : vous ne pouvez pas publier pour elle.")


def check_can_post(user, organisation) -> None:
    if not is_member(user, organisation):
        raise PermissionDenied(str(NOT_A_MEMBER))


def new_offers_today(user) -> int:
    return JobOffer.objects.filter(created_by=user, created_at__gte=timezone.now() - timedelta(days=1)).count()


def check_daily_limit(user) -> None:
    limit = max_new_offers_per_day()
    if new_offers_today(user) >= limit:
        raise ValidationError(
            _("Vous avez créé %(limit)s offres en 24 heures, la limite du site : réessayez demain."),
            code="daily_limit",
            params={"limit": limit},
        )


# --- State changes ---------------------------------------------------------------------------
# Every move goes through `core.moderation.move` on a row locked here: it checks the transition
# (InvalidTransition otherwise, in French), sets the dates, saves and records the step in OfferStateChange.


def _locked(offer: JobOffer) -> JobOffer:
    """The offer re-read under a row lock: two moderators clicking at once move it once."""
    return (
        JobOffer.objects.select_for_update(of=("self",)).select_related("organisation", "created_by").get(pk=offer.pk)
    )


@transaction.atomic
def create_offer(user, values: dict, *, submit: bool = False) -> JobOffer:
    """A member of the organisation creates an offer (a draft, or submitted at once)."""
    organisation = values["organisation"]
    check_can_post(user, organisation)
    check_daily_limit(user)
    errors = offer_errors(values)
    if errors:
        raise ValidationError(errors)
    offer = JobOffer(created_by=user, status=OfferStatus.DRAFT)
    for name in EDITABLE_FIELDS:
        if name in values:
            setattr(offer, name, values[name])
    offer.description = rich_text(offer.description, OFFER_RICH_TEXT_FEATURES)
    offer.profile = rich_text(offer.profile, OFFER_RICH_TEXT_FEATURES)
    offer.save()
    OfferStateChange.objects.create(offer=offer, from_status="", to_status=OfferStatus.DRAFT, by=user)
    if submit:  # a row inserted by this transaction: nobody else sees it yet, no lock needed
        move(offer, "submit", by=user)
    return offer


@transaction.atomic
def update_offer(offer: JobOffer, user, values: dict) -> tuple[JobOffer, bool]:
    """A member edits an offer. Returns (offer, sent_back): a published offer changed in a way that
    matters goes back to moderation."""
    offer = _locked(offer)
    if not offer.is_editable_by_recruiter:
        raise InvalidTransition(_("Cette offre est clôturée ou retirée : elle ne peut plus être modifiée."))
    check_can_post(user, offer.organisation)
    if "organisation" in values:
        check_can_post(user, values["organisation"])
    errors = offer_errors(values)
    if errors:
        raise ValidationError(errors)
    values = {**values}
    for name in ("description", "profile"):
        if name in values:
            values[name] = rich_text(values[name], OFFER_RICH_TEXT_FEATURES)
    changed = [name for name in EDITABLE_FIELDS if name in values and getattr(offer, name) != values[name]]
    for name in changed:
        setattr(offer, name, values[name])
    offer.save()
    sent_back = offer.status == OfferStatus.PUBLISHED and any(name in MATERIAL_FIELDS for name in changed)
    if sent_back:
        move(offer, "send_back", by=user, reason=_("Modifiée après publication"))
    return offer, sent_back


@transaction.atomic
def submit_offer(offer: JobOffer, user) -> JobOffer:
    offer = _locked(offer)
    check_can_post(user, offer.organisation)
    if message := closing_date_error(offer.closing_date):
        raise ValidationError({"closing_date": message})
    return move(offer, "submit", by=user)


@transaction.atomic
def publish_offer(offer: JobOffer, moderator) -> JobOffer:
    """A moderator publishes a submitted offer; the recruiter is told."""
    offer = move(_locked(offer), "publish", by=moderator)
    notifications.email_recruiters(
        offer,
        _("Votre offre « %(title)s » est publiée") % {"title": offer.title},
        "emploi/emails/offer_published.txt",
    )
    return offer


@transaction.atomic
def refuse_offer(offer: JobOffer, moderator, reason: str) -> JobOffer:
    """A moderator refuses a submitted offer, saying why; the reason is emailed to the recruiter."""
    reason = plain_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Expliquez au recruteur ou à la recruteuse pourquoi l’offre est refusée.")})
    offer = move(_locked(offer), "refuse", by=moderator, reason=reason)
    notifications.email_recruiters(
        offer,
        _("Votre offre « %(title)s » n’a pas été publiée") % {"title": offer.title},
        "emploi/emails/offer_refused.txt",
        {"reason": reason},
    )
    return offer


@transaction.atomic
def withdraw_offer(offer: JobOffer, user, reason: str = "") -> JobOffer:
    offer = _locked(offer)
    check_can_post(user, offer.organisation)
    return move(offer, "withdraw", by=user, reason=reason)


@transaction.atomic
def close_offer(offer: JobOffer, by=None, reason: str = "") -> JobOffer:
    """Close a published offer (its closing date passed, or the recruiter closes it) and ask for feedback."""
    offer = _locked(offer)
    if by is not None and not by.is_staff:
        check_can_post(by, offer.organisation)
    offer = move(offer, "close", by=by, reason=reason)
    feedback.request_feedback(offer)
    return offer


@transaction.atomic
def duplicate_offer(offer: JobOffer, user) -> JobOffer:
    """A new draft from an existing offer (often a past one), with a fresh closing date."""
    check_can_post(user, offer.organisation)
    check_daily_limit(user)
    copy = JobOffer(created_by=user, status=OfferStatus.DRAFT)
    for name in EDITABLE_FIELDS:
        setattr(copy, name, getattr(offer, name))
    copy.closing_date = timezone.localdate() + timedelta(days=DUPLICATE_CLOSING_DAYS)
    if copy.start_date and copy.start_date < timezone.localdate():
        copy.start_date = None
    copy.save()
    OfferStateChange.objects.create(
        offer=copy, from_status="", to_status=OfferStatus.DRAFT, by=user, reason=_("Copie de l’offre n° %s") % offer.pk
    )
    return copy


def close_expired_offers() -> int:
    """Close every published offer whose closing date has passed. Idempotent: run it twice, the second
    run finds nothing. Each offer in its own transaction, so one failure does not stop the others."""
    closed = 0
    for pk in list(JobOffer.objects.expired().order_by("pk").values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                offer = JobOffer.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
                if offer is None or offer.status != OfferStatus.PUBLISHED or offer.is_open:
                    continue
                move(offer, "close", reason=_("Date limite de candidature atteinte"))
                feedback.request_feedback(offer)
                closed += 1
        except Exception:
            logger.exception("Could not close expired offer %s", pk)
    return closed


def record_view(offer: JobOffer) -> None:
    """Count one view of the offer's public page (one UPDATE, no read)."""
    JobOffer.objects.filter(pk=offer.pk).update(views_count=F("views_count") + 1)
