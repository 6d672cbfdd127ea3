"""Applications' states and history: sent → read → shortlisted → interview → hired, or refused, or
withdrawn by the candidate (`APPLICATION_TRANSITIONS`). Every move goes through `move` on a locked row
and is kept in `ApplicationStateChange`; the candidate sees them as a timeline."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import APPLICATION_TRANSITIONS, ApplicationStateChange, ApplicationStatus, OfferApplication


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
