"""What recruiters say once an offer is closed (was the post filled, through the site?), asked by an
email with a signed link to a two-question form that needs no sign-in; and the activity figures of the
moderators' dashboard built on those answers."""

from datetime import timedelta

from django.core import signing
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.text import plain_text

from . import notifications
from .models.offers import JobOffer, OfferFeedback, OfferStatus

# How long the link of a feedback email stays valid.
FEEDBACK_LINK_MAX_AGE = timedelta(days=90)
FEEDBACK_SALT = "emploi.feedback"


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
    link = notifications.absolute_url(reverse("emploi:feedback", args=[feedback_token(offer)]))
    notifications.email_recruiters(
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
    feedback.comment = plain_text(comment)
    feedback.answered_at = timezone.now()
    feedback.save()
    return feedback


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
