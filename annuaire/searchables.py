"""The organisations in the site search (`core.searchables`): verified ones only."""

from django.utils.translation import gettext_lazy as _

from core.forms import KnownValueChoiceField, ListingFilterForm
from core.pages import public_pages
from core.searchables import SearchKind, register_search_kind
from reference.forms import TerritoryCodeField

from .filters import OrganisationFilters, load_options
from .models import Organisation, OrganisationIndexPage


def organisation_url(organisation, request) -> str:
    """The organisation's page in the public directory (`OrganisationIndexPage`), or none when the site
    has no live directory page; the directory page is looked up once per request."""
    page = getattr(request, "_annuaire_directory_page", None)
    if page is None:
        page = public_pages(OrganisationIndexPage.objects.live(), request).first()
        if request is not None and page is not None:
            request._annuaire_directory_page = page
    return page.organisation_path(organisation) if page is not None else ""


def organisation_meta(organisation) -> str:
    parts = [
        organisation.legal_form.label if organisation.legal_form_id else "",
        organisation.commune.name if organisation.commune_id else "",
    ]
    return " · ".join(part for part in parts if part)


class OrganisationSearchFilterForm(ListingFilterForm):
    """The « Structures » tab of the site search: legal form, région, département (the directory's own
    options, `annuaire.filters.load_options`); an unknown value is dropped with a notice."""

    forme = KnownValueChoiceField(label=_("Forme juridique"))
    region = TerritoryCodeField(label=_("Région"))
    departement = TerritoryCodeField(label=_("Département"))

    FILTER_NAMES = ("forme", "region", "departement")

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.options = load_options()
        self.fields["forme"].choices = [("", _("Toutes les formes"))] + [
            (option.key, option.label) for option in self.options.legal_forms
        ]
        self.fields["region"].choices = [("", _("Toutes les régions"))] + [
            (option.key, option.label) for option in self.options.regions
        ]
        self.fields["departement"].choices = [("", _("Tous les départements"))] + [
            (option.key, option.label) for option in self.options.departements
        ]
        for name in self.FILTER_NAMES:
            self.fields[name].error_messages["invalid_choice"] = self.unknown_value_notice


def filter_organisations(queryset, form):
    """The directory's own filters (`OrganisationFilters.apply`), with the tab's three values."""
    data = form.filters_data
    if not any(data.get(name) for name in form.FILTER_NAMES):
        return queryset
    filters = OrganisationFilters(
        legal_forms=[data["forme"]] if data.get("forme") else [],
        region=data.get("region") or "",
        departement=data.get("departement") or "",
    )
    return filters.apply(queryset, form.options)


def register():
    register_search_kind(
        SearchKind(
            key="structures",
            label=_("Structures"),
            order=40,
            queryset=lambda: Organisation.objects.listed(),
            title=lambda organisation: organisation.name,
            text=lambda organisation: organisation.description,
            url=organisation_url,
            date_field="updated_at",
            meta=organisation_meta,
            filter_form=OrganisationSearchFilterForm,
            apply_filters=filter_organisations,
            title_field="name",
            select_related=("legal_form", "commune"),
        )
    )
