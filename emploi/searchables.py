"""The job offers in the site search (`core.searchables`): open offers first."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.searchables import SearchKind, register_search_kind
from core.text import plain_text
from reference.forms import DepartementFilterForm

from .blocks import offers_index_url
from .models import JobOffer, OfferStatus


def offer_url(offer, request) -> str:
    index_url = offers_index_url()
    return f"{index_url}{offer.url_key}/" if index_url else ""


def open_first():
    return Case(
        When(Q(status=OfferStatus.PUBLISHED, closing_date__gte=timezone.localdate()), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )


def offer_meta(offer) -> str:
    place = offer.commune.name if offer.commune_id else _("Télétravail complet") if offer.full_remote else ""
    parts = [offer.organisation.name, str(place)]
    if not offer.is_open:
        parts.append(str(_("offre clôturée")))
    return " · ".join(part for part in parts if part)


def filter_offers(queryset, form):
    code = form.filters_data.get("departement")
    return queryset.filter(departement__code=code) if code else queryset


def register():
    register_search_kind(
        SearchKind(
            key="offres",
            label=_("Offres d’emploi"),
            order=20,
            # What the public may open (`visible()`: open offers and those closed within the grace period).
            queryset=lambda: JobOffer.objects.visible(),
            title=lambda offer: offer.title,
            text=lambda offer: plain_text(offer.description, multiline=False),
            url=offer_url,
            date_field="published_at",
            meta=offer_meta,
            priority=open_first,
            filter_form=DepartementFilterForm,
            apply_filters=filter_offers,
            select_related=("organisation", "commune"),
        )
    )
