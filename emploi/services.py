"""The rules of job offers: who may post, what an offer must hold, how it moves between states.

Views, the admin and tasks call these functions; none of them changes an offer's status directly.
Every change of state is recorded in `OfferStateChange` (who, when, why).

    draft ──submit──▶ submitted ──publish──▶ published ──close──▶ closed
                          │  ▲                   │
                       refuse └──edit (matters)──┘
                          ▼
                       refused ──submit──▶ submitted
    draft, submitted, published, refused ──withdraw──▶ withdrawn
"""

import logging
import re
from datetime import date, timedelta

from bs4 import BeautifulSoup
from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.rich_text.converters.editor_html import EditorHTMLConverter

from annuaire.models import OrganisationMembership
from annuaire.services import is_member
from home.emails import send_email

from .models import (
    OFFER_RICH_TEXT_FEATURES,
    JobOffer,
    OfferFeedback,
    OfferStateChange,
    OfferStatus,
)

logger = logging.getLogger(__name__)

# The last day to apply may be at most this far ahead (about six months).
MAX_CLOSING_DAYS = 183
# A duplicated offer gets a fresh closing date this many days ahead.
DUPLICATE_CLOSING_DAYS = 30
# How long the link of a feedback email stays valid.
FEEDBACK_LINK_MAX_AGE = timedelta(days=90)
FEEDBACK_SALT = "emploi.feedback"

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

TRANSITIONS = {
    OfferStatus.DRAFT: {OfferStatus.SUBMITTED, OfferStatus.WITHDRAWN},
    OfferStatus.SUBMITTED: {OfferStatus.PUBLISHED, OfferStatus.REFUSED, OfferStatus.WITHDRAWN},
    OfferStatus.PUBLISHED: {OfferStatus.CLOSED, OfferStatus.WITHDRAWN, OfferStatus.SUBMITTED},
    OfferStatus.REFUSED: {OfferStatus.SUBMITTED, OfferStatus.WITHDRAWN},
    OfferStatus.CLOSED: set(),
    OfferStatus.WITHDRAWN: set(),
}


class InvalidTransition(ValidationError):
    """The offer cannot go to that state from the one it is in."""


def max_new_offers_per_day() -> int:
    return getattr(settings, "EMPLOI_MAX_NEW_OFFERS_PER_DAY", 10)


# --- Checks ------------------------------------------------------------------------------------


def closing_date_error(closing_date: date | None, *, today: date | None = None) -> str | None:
    today = today or timezone.localdate()
    if closing_date is None:
        return _("Indiquez la date limite de candidature.")
    if closing_date < today:
        return _("La date limite de candidature est déjà passée : choisissez aujourd’hui ou une date à venir.")
    if closing_date > today + timedelta(days=MAX_CLOSING_DAYS):
        return _("La date limite de candidature ne peut pas dépasser six mois : choisissez une date plus proche.")
    return None


def offer_errors(values: dict, *, check_closing_date: bool = True) -> dict[str, str]:
    """What is wrong with an offer's values, field by field, in French (empty when all is well)."""
    errors = {}
    if check_closing_date and (message := closing_date_error(values.get("closing_date"))):
        errors["closing_date"] = message
    salary_min, salary_max = values.get("salary_min"), values.get("salary_max")
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        errors["salary_max"] = _("Le salaire maximum doit être supérieur ou égal au salaire minimum.")
    if not values.get("full_remote") and values.get("commune") is None:
        errors["commune"] = _("Indiquez la commune du poste, ou cochez « télétravail complet ».")
    remote_days = values.get("remote_days") or 0
    if not 0 <= remote_days <= 5:
        errors["remote_days"] = _("Le nombre de jours de télétravail va de 0 à 5.")
    if values.get("apply_mode") == "external" and not values.get("apply_url"):
        errors["apply_url"] = _("Indiquez l’adresse où candidater, ou choisissez la candidature sur Solidaires.")
    start_date, closing_date = values.get("start_date"), values.get("closing_date")
    if start_date and closing_date and start_date < closing_date - timedelta(days=MAX_CLOSING_DAYS):
        errors["start_date"] = _("La date de prise de poste semble trop ancienne.")
    return errors


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


# --- Rich text ---------------------------------------------------------------------------------

_converter = EditorHTMLConverter(features=OFFER_RICH_TEXT_FEATURES)
_TAG = re.compile(r"<[a-zA-Z/!]")
_BLANK_LINES = re.compile(r"\n\s*\n")


def sanitise_rich_text(text: str) -> str:
    """Recruiters' text as safe rich text: plain text becomes paragraphs; HTML keeps only the allowed
    elements (headings, bold, italic, lists, links with safe URLs); scripts and styles go with their content."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        return ""
    if not _TAG.search(text):
        paragraphs = [part.strip() for part in _BLANK_LINES.split(text) if part.strip()]
        return "".join(f"<p>{escape(part).replace(chr(10), '<br/>')}</p>" for part in paragraphs)
    soup = BeautifulSoup(text, "html.parser")
    for element in soup.find_all(["script", "style", "iframe", "object", "embed", "template", "noscript"]):
        element.decompose()
    return _converter.to_database_format(str(soup)).strip()


_SIMPLE_HTML = re.compile(r"^(<p>.*?</p>)+$", re.DOTALL)


def rich_text_for_editing(html: str) -> str:
    """Stored rich text back in the form: paragraphs as plain text when that is all it holds."""
    html = (html or "").strip()
    if _SIMPLE_HTML.match(html) and not re.search(r"<(?!/?p>|br/?>)", html):
        paragraphs = re.findall(r"<p>(.*?)</p>", html, re.DOTALL)
        text = "\n\n".join(part.replace("<br/>", "\n").replace("<br>", "\n") for part in paragraphs)
        return BeautifulSoup(text, "html.parser").get_text()
    return html


# --- State changes -----------------------------------------------------------------------------


def _move(offer: JobOffer, to_status: str, *, by=None, reason: str = "") -> JobOffer:
    from_status = offer.status
    if to_status not in TRANSITIONS[OfferStatus(from_status)]:
        raise InvalidTransition(
            _("Une offre « %(from)s » ne peut pas passer à l’état « %(to)s ».")
            % {"from": OfferStatus(from_status).label, "to": OfferStatus(to_status).label},
            code="invalid_transition",
        )
    now = timezone.now()
    offer.status = to_status
    fields = ["status", "updated_at"]
    if to_status == OfferStatus.SUBMITTED:
        offer.submitted_at = now
        fields.append("submitted_at")
    elif to_status == OfferStatus.PUBLISHED:
        offer.published_at = offer.published_at or now
        fields.append("published_at")
    elif to_status in (OfferStatus.CLOSED, OfferStatus.WITHDRAWN):
        offer.closed_at = now
        fields.append("closed_at")
    offer.save(update_fields=fields)
    OfferStateChange.objects.create(
        offer=offer, from_status=from_status, to_status=to_status, by=by, at=now, reason=reason
    )
    return offer


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
    offer.description = sanitise_rich_text(offer.description)
    offer.profile = sanitise_rich_text(offer.profile)
    offer.save()
    OfferStateChange.objects.create(offer=offer, from_status="", to_status=OfferStatus.DRAFT, by=user)
    if submit:
        _move(offer, OfferStatus.SUBMITTED, by=user)
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
            values[name] = sanitise_rich_text(values[name])
    changed = [name for name in EDITABLE_FIELDS if name in values and getattr(offer, name) != values[name]]
    for name in changed:
        setattr(offer, name, values[name])
    offer.save()
    sent_back = offer.status == OfferStatus.PUBLISHED and any(name in MATERIAL_FIELDS for name in changed)
    if sent_back:
        _move(offer, OfferStatus.SUBMITTED, by=user, reason=_("Modifiée après publication"))
    return offer, sent_back


@transaction.atomic
def submit_offer(offer: JobOffer, user) -> JobOffer:
    offer = _locked(offer)
    check_can_post(user, offer.organisation)
    if message := closing_date_error(offer.closing_date):
        raise ValidationError({"closing_date": message})
    return _move(offer, OfferStatus.SUBMITTED, by=user)


@transaction.atomic
def publish_offer(offer: JobOffer, moderator) -> JobOffer:
    """A moderator publishes a submitted offer; the recruiter is told."""
    offer = _move(_locked(offer), OfferStatus.PUBLISHED, by=moderator)
    _email_recruiters(
        offer,
        _("Votre offre « %(title)s » est publiée") % {"title": offer.title},
        "emploi/emails/offer_published.txt",
    )
    return offer


@transaction.atomic
def refuse_offer(offer: JobOffer, moderator, reason: str) -> JobOffer:
    """A moderator refuses a submitted offer, saying why; the reason is emailed to the recruiter."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Expliquez au recruteur ou à la recruteuse pourquoi l’offre est refusée.")})
    offer = _move(_locked(offer), OfferStatus.REFUSED, by=moderator, reason=reason)
    _email_recruiters(
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
    return _move(offer, OfferStatus.WITHDRAWN, by=user, reason=reason)


@transaction.atomic
def close_offer(offer: JobOffer, by=None, reason: str = "") -> JobOffer:
    """Close a published offer (its closing date passed, or the recruiter closes it) and ask for feedback."""
    offer = _locked(offer)
    if by is not None and not by.is_staff:
        check_can_post(by, offer.organisation)
    offer = _move(offer, OfferStatus.CLOSED, by=by, reason=reason)
    request_feedback(offer)
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
                _move(offer, OfferStatus.CLOSED, reason=_("Date limite de candidature atteinte"))
                request_feedback(offer)
                closed += 1
        except Exception:
            logger.exception("Could not close expired offer %s", pk)
    return closed


def record_view(offer: JobOffer) -> None:
    """Count one view of the offer's public page (one UPDATE, no read)."""
    JobOffer.objects.filter(pk=offer.pk).update(views_count=F("views_count") + 1)


# --- Feedback after closing --------------------------------------------------------------------


def feedback_token(offer: JobOffer) -> str:
    return signing.dumps(offer.pk, salt=FEEDBACK_SALT)


def offer_from_feedback_token(token: str) -> JobOffer | None:
    return feedback_link(token)[0]


def feedback_link(token: str) -> tuple[JobOffer | None, bool]:
    """(the offer a feedback link points to, or None; whether the link is only too old)."""
    try:
        pk = signing.loads(token, salt=FEEDBACK_SALT, max_age=FEEDBACK_LINK_MAX_AGE)
    except signing.SignatureExpired:
        return None, True
    except signing.BadSignature:
        return None, False
    return JobOffer.objects.select_related("organisation", "feedback").filter(pk=pk).first(), False


def request_feedback(offer: JobOffer) -> OfferFeedback | None:
    """Once per offer: create its feedback record and email the short form's link to the recruiter."""
    feedback, created = OfferFeedback.objects.get_or_create(offer=offer)
    if not created:
        return None
    link = absolute_url(reverse("emploi:feedback", args=[feedback_token(offer)]))
    _email_recruiters(
        offer,
        _("Votre offre « %(title)s » est close : a-t-elle porté ses fruits ?") % {"title": offer.title},
        "emploi/emails/feedback_request.txt",
        {"link": link},
    )
    return feedback


@transaction.atomic
def record_feedback(offer: JobOffer, *, was_filled: bool, filled_through_site: bool, comment: str = ""):
    feedback, _created = OfferFeedback.objects.select_for_update().get_or_create(offer=offer)
    feedback.was_filled = was_filled
    feedback.filled_through_site = bool(was_filled and filled_through_site)
    feedback.comment = comment.strip()
    feedback.answered_at = timezone.now()
    feedback.save()
    return feedback


# --- Emails ------------------------------------------------------------------------------------


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def recruiter_emails(offer: JobOffer) -> list[str]:
    """Who hears about an offer: the person who created it (if still a member), else the admins."""
    members = OrganisationMembership.objects.filter(
        organisation_id=offer.organisation_id, status=OrganisationMembership.Status.APPROVED
    ).select_related("user")
    creator = [m.user.email for m in members if m.user_id == offer.created_by_id and m.user.is_active]
    return creator or [m.user.email for m in members if m.is_admin and m.user.is_active]


def _email_recruiters(offer: JobOffer, subject: str, template: str, extra: dict | None = None) -> None:
    to = recruiter_emails(offer)
    if not to:
        return
    context = {
        "offer": offer,
        "space_url": absolute_url(reverse("emploi:offer_detail", args=[offer.pk])),
        **(extra or {}),
    }
    send_email(to=to, subject=subject, text=render_to_string(template, context))


# --- Activity figures --------------------------------------------------------------------------


def activity_figures(since: timedelta = timedelta(days=365)) -> dict[str, int]:
    """What the moderators' dashboard shows: offers waiting and open, and what recruiters answered
    about the offers closed within `since` (two aggregate queries)."""
    today = timezone.localdate()
    offers = JobOffer.objects.aggregate(
        submitted=Count("pk", filter=Q(status=OfferStatus.SUBMITTED)),
        open=Count("pk", filter=Q(status=OfferStatus.PUBLISHED, closing_date__gte=today)),
    )
    feedback = OfferFeedback.objects.filter(requested_at__gte=timezone.now() - since).aggregate(
        requested=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        filled=Count("pk", filter=Q(was_filled=True)),
        filled_through_site=Count("pk", filter=Q(was_filled=True, filled_through_site=True)),
    )
    return {**offers, **feedback}
