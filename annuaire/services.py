"""What other apps ask the directory: may this person act for this organisation?"""

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import send_email

from .models.organisations import Organisation, OrganisationMembership

Status = OrganisationMembership.Status


def is_member(user, organisation: Organisation) -> bool:
    """An approved member (administrator or not) may post offers, events and missions for it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return OrganisationMembership.objects.filter(organisation=organisation, user=user, status=Status.APPROVED).exists()


def is_admin(user, organisation: Organisation) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return OrganisationMembership.objects.filter(
        organisation=organisation, user=user, status=Status.APPROVED, is_admin=True
    ).exists()


def member_organisations(user):
    """The organisations a person acts for (approved memberships), verified or not."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.with_member(user)


def is_verified_recruiter(user) -> bool:
    """A recruiter whose organisation has been verified: the condition to reach candidates' data."""
    return bool(getattr(user, "is_recruiter", False)) and member_organisations(user).verified().exists()


@transaction.atomic
def create_organisation(user, **fields) -> Organisation:
    """A person creates an organisation: it is unverified, and they are its first administrator."""
    organisation = Organisation.objects.create(**fields)
    OrganisationMembership.objects.create(
        organisation=organisation,
        user=user,
        is_admin=True,
        status=Status.APPROVED,
        decided_at=timezone.now(),
    )
    return organisation


def request_membership(user, organisation: Organisation) -> OrganisationMembership:
    """Ask to join; asking again after a refusal re-opens the request."""
    membership, created = OrganisationMembership.objects.get_or_create(organisation=organisation, user=user)
    if not created and membership.status == Status.REFUSED:
        membership.status = Status.PENDING
        membership.requested_at = timezone.now()
        membership.decided_at = membership.decided_by = None
        membership.save(update_fields=["status", "requested_at", "decided_at", "decided_by"])
    return membership


def decide_membership(membership: OrganisationMembership, *, approve: bool, by) -> OrganisationMembership:
    """An administrator of the organisation (or a moderator) approves or refuses a request."""
    membership.status = Status.APPROVED if approve else Status.REFUSED
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.save(update_fields=["status", "decided_at", "decided_by"])
    return membership


# --- Emails about memberships ---------------------------------------------------------------------


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def notify_membership_request(membership: OrganisationMembership, organisations_path: str) -> None:
    """Tell the organisation's administrators that someone asks to join."""
    admins = OrganisationMembership.objects.filter(
        organisation_id=membership.organisation_id, status=Status.APPROVED, is_admin=True, user__is_active=True
    ).values_list("user__email", flat=True)
    to = list(admins)
    if not to:
        return
    context = {"membership": membership, "link": absolute_url(organisations_path)}
    send_email(
        to=to,
        subject=_("Demande pour rejoindre « %(name)s »") % {"name": membership.organisation.name},
        text=render_to_string("annuaire/emails/membership_request.txt", context),
    )


def notify_membership_decision(membership: OrganisationMembership, space_path: str) -> None:
    """Tell the person the administrators' answer."""
    context = {"membership": membership, "approved": membership.status == Status.APPROVED}
    context["link"] = absolute_url(space_path)
    send_email(
        to=[membership.user.email],
        subject=_("Votre demande pour rejoindre « %(name)s »") % {"name": membership.organisation.name},
        text=render_to_string("annuaire/emails/membership_decision.txt", context),
    )


def contact_admins(organisation_ref="pk"):
    """The active approved administrators of an organisation (`OuterRef` to annotate a queryset)."""
    return OrganisationMembership.objects.filter(
        organisation_id=OuterRef(organisation_ref), status=Status.APPROVED, is_admin=True, user__is_active=True
    )


def contact_recipients(organisation: Organisation) -> list[str]:
    """Where a message sent through the directory goes: the organisation's contact address (never
    shown), else its active administrators' addresses. Empty: the page offers no contact form."""
    if organisation.email:
        return [organisation.email]
    return list(
        OrganisationMembership.objects.filter(
            organisation=organisation, status=Status.APPROVED, is_admin=True, user__is_active=True
        )
        .order_by("pk")
        .values_list("user__email", flat=True)
    )
