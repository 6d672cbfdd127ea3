"""Emails to recruiters about their offers (through the outbox, `core.emails.send_email`)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from annuaire.models import OrganisationMembership
from core.emails import send_email

from .models.offers import JobOffer


def absolute_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def recruiter_emails(offer: JobOffer) -> list[str]:
    """Who hears about an offer: the person who created it (if still a member), else the admins."""
    members = OrganisationMembership.objects.filter(
        organisation_id=offer.organisation_id, status=OrganisationMembership.Status.APPROVED
    ).select_related("user")
    creator = [m.user.email for m in members if m.user_id == offer.created_by_id and m.user.is_active]
    return creator or [m.user.email for m in members if m.is_admin and m.user.is_active]


def email_recruiters(offer: JobOffer, subject: str, template: str, extra: dict | None = None) -> None:
    to = recruiter_emails(offer)
    if not to:
        return
    context = {
        "offer": offer,
        "space_url": absolute_url(reverse("emploi:offer_detail", args=[offer.pk])),
        **(extra or {}),
    }
    send_email(to=to, subject=subject, text=render_to_string(template, context))
