"""What the job board adds to the directory (`annuaire.directory`): « Offres ouvertes » on an
organisation's page, and the « recrute en ce moment » activity of the listing. Registered in
`EmploiConfig.ready()`; the annuaire never imports emploi."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from annuaire.directory import (
    OrganisationActivity,
    OrganisationSection,
    SectionItem,
    register_activity,
    register_section,
)

from .blocks import offers_index_url
from .models.offers import JobOffer

MAX_OFFERS = 10


def open_offers(organisation, request=None) -> list[SectionItem]:
    base_url = offers_index_url()
    if not base_url:
        return []
    offers = (
        JobOffer.objects.listed()
        .filter(organisation=organisation)
        .select_related("contract_type", "commune__departement")
        .order_by("-published_at", "-id")[:MAX_OFFERS]
    )
    return [
        SectionItem(
            title=offer.title,
            url=f"{base_url}{offer.url_key}/",
            meta=" · ".join(part for part in (offer.contract_type.label, offer.location_label) if part),
        )
        for offer in offers
    ]


def recruits() -> Exists:
    return Exists(JobOffer.objects.listed().filter(organisation_id=OuterRef("pk")))


def register() -> None:
    register_section(OrganisationSection(key="offres", title=_("Offres ouvertes"), items=open_offers, order=10))
    register_activity(
        OrganisationActivity(
            key="recrute", label=_("Recrute en ce moment"), badge=_("Recrute"), exists=recruits, order=10
        )
    )
