"""The job offers in the site search (`core.searchables`): open offers first."""

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import KnownValueChoiceField, ListingFilterForm
from core.searchables import SearchKind, register_search_kind
from core.text import plain_text
from reference.forms import TerritoryCodeField

from .blocks import offers_index_url
from .filters import load_options
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


class OfferSearchFilterForm(ListingFilterForm):
    """The « Offres d’emploi » tab of the site search: département, contract type and full remote work (the
    offer listing's own vocabularies, `emploi.filters.load_options`); an unknown value is dropped with a
    notice."""

    departement = TerritoryCodeField(label=_("Département"))
    contrat = KnownValueChoiceField(label=_("Type de contrat"))
    teletravail = forms.BooleanField(label=_("Télétravail complet"), required=False)

    FILTER_NAMES = ("departement", "contrat", "teletravail")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.options = load_options()
        self.fields["departement"].choices = [("", _("Tous les départements"))] + [
            (option.key, option.label) for option in self.options.options("departement")
        ]
        self.fields["contrat"].choices = [("", _("Tous les contrats"))] + [
            (option.key, option.label) for option in self.options.options("contract")
        ]
        for name in ("departement", "contrat"):
            self.fields[name].error_messages["invalid_choice"] = self.unknown_value_notice

    def query_values(self, name, value):
        if name == "teletravail":
            return ["1"]
        return super().query_values(name, value)


def filter_offers(queryset, form):
    data = form.filters_data
    if data.get("departement"):
        departement = form.options.by_key("departement").get(data["departement"])
        queryset = queryset.filter(departement_id=departement.id if departement else -1)
    if data.get("contrat"):
        contract = form.options.by_key("contract").get(data["contrat"])
        queryset = queryset.filter(contract_type_id=contract.id if contract else -1)
    if data.get("teletravail"):
        queryset = queryset.filter(full_remote=True)
    return queryset


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
            filter_form=OfferSearchFilterForm,
            apply_filters=filter_offers,
            select_related=("organisation", "commune"),
        )
    )
