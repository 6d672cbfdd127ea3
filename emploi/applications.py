"""Applications' states and history: sent → read → shortlisted → interview → hired, or refused, or
withdrawn by the candidate (`APPLICATION_TRANSITIONS`). Every move goes through `move` on a locked row
and is kept in `ApplicationStateChange`; the candidate sees them as a timeline."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from annuaire.models import OrganisationMembership
from core.emails import send_email

from .models import APPLICATION_TRANSITIONS, ApplicationStateChange, ApplicationStatus, JobOffer, OfferApplication
from .notifications import absolute_url


@transaction.atomic
def move(application: OfferApplication, to_status: str, *, by=None, reason: str = "") -> OfferApplication:
    locked = OfferApplication.objects.select_for_update().get(pk=application.pk)
    if to_status not in APPLICATION_TRANSITIONS[locked.status]:
        raise ValidationError(
            _("Une candidature « %(from)s » ne peut pas passer à « %(to)s ».")
            % {"from": locked.get_status_display(), "to": ApplicationStatus(to_status).label},
            code="transition",
        )
    now = timezone.now()
    ApplicationStateChange.objects.create(
        application=locked, from_status=locked.status, to_status=to_status, by=by, at=now, reason=reason
    )
    locked.status = to_status
    locked.status_changed_at = now
    locked.save(update_fields=["status", "status_changed_at"])
    return locked


def withdraw(application: OfferApplication, *, by) -> OfferApplication:
    """The candidate withdraws their application (only their own: the view looks it up by applicant)."""
    return move(application, ApplicationStatus.WITHDRAWN, by=by)


def of_candidate(user):
    return (
        OfferApplication.objects.filter(applicant=user)
        .select_related("offer__organisation")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class Step:
    at: datetime
    status: str
    label: str
    by_candidate: bool
    reason: str


def timeline(application: OfferApplication) -> list[Step]:
    """The application's steps, oldest first: sent, then each change."""
    steps = [Step(application.created_at, ApplicationStatus.SENT, ApplicationStatus.SENT.label, True, "")]
    for change in application.state_changes.all():
        steps.append(
            Step(
                change.at,
                change.to_status,
                ApplicationStatus(change.to_status).label,
                change.by_id is not None and change.by_id == application.applicant_id,
                change.reason,
            )
        )
    return steps


# -- the recruiters' side --------------------------------------------------------------------------------
# What a recruiter may choose (withdrawing is the candidate's alone), and the changes the candidate is told
# about by email (the issue names the shortlist and the refusal with its message); every change shows in
# the candidate's timeline anyway.
RECRUITER_STATES = [s for s in ApplicationStatus if s != ApplicationStatus.WITHDRAWN]
NOTIFIED_STATES = {ApplicationStatus.SHORTLISTED, ApplicationStatus.REFUSED}


def refusal_template(application: OfferApplication) -> str:
    """The refusal message proposed to the recruiter (they may edit it)."""
    return _(
        "Bonjour,\n\nNous vous remercions de l’intérêt que vous portez à notre structure. Après examen de votre "
        "candidature au poste « %(title)s », nous ne pouvons pas y donner une suite favorable.\n\n"
        "Nous vous souhaitons une bonne continuation dans vos recherches."
    ) % {"title": application.offer.title}


def recruiter_targets(application: OfferApplication) -> list:
    return [s for s in RECRUITER_STATES if s in APPLICATION_TRANSITIONS[application.status]]


def offers_for_recruiter(user):
    """Offers whose applications the person may read: those of verified organisations they are an approved
    member of (losing the membership, or the organisation's verification, ends it at once)."""
    return JobOffer.objects.filter(
        organisation__is_verified=True,
        organisation__memberships__user=user,
        organisation__memberships__status=OrganisationMembership.Status.APPROVED,
    )


def for_recruiter(user):
    """Applications to offers of verified organisations the person is an approved member of: the one rule
    for reaching applications (losing the membership, or the organisation's verification, ends it)."""
    return OfferApplication.objects.filter(
        offer__organisation__is_verified=True,
        offer__organisation__memberships__user=user,
        offer__organisation__memberships__status=OrganisationMembership.Status.APPROVED,
    )


def decide(application: OfferApplication, to_status: str, *, by, reason: str = "") -> OfferApplication:
    """A recruiter moves an application; the candidate sees it in their timeline and, for
    `NOTIFIED_STATES`, gets an email with a link to it (their email is the one on the application)."""
    if to_status == ApplicationStatus.WITHDRAWN:
        raise ValidationError(_("Seul·e la candidate ou le candidat peut retirer sa candidature."), code="transition")
    if to_status == ApplicationStatus.REFUSED and not reason.strip():
        reason = refusal_template(application)
    moved = move(application, to_status, by=by, reason=reason)
    if to_status in NOTIFIED_STATES and application.email:
        link = reverse("emploi_candidate:application", args=[application.pk]) if application.applicant_id else ""
        context = {
            "application": application,
            "status": ApplicationStatus(to_status),
            "reason": reason,
            "url": absolute_url(link) if link else "",
        }
        send_email(
            to=[application.email],
            subject=_("Votre candidature « %(title)s » : %(status)s")
            % {"title": application.offer.title, "status": ApplicationStatus(to_status).label},
            text=render_to_string("emploi/emails/application_status.txt", context),
            context=context,
        )
    return moved
