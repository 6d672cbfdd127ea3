"""The organisations in the site search (`core.searchables`): verified ones only."""

from django.utils.translation import gettext_lazy as _

from core.searchables import SearchKind, register_search_kind
from reference.forms import DepartementFilterForm

from .models import Organisation, OrganisationIndexPage


def organisation_url(organisation, request) -> str:
    """The organisation's page in the public directory (`OrganisationIndexPage`), or none when the site
    has no live directory page; the directory page is looked up once per request."""
    page = getattr(request, "_annuaire_directory_page", None)
    if page is None:
        page = OrganisationIndexPage.objects.live().public().first()
        if request is not None and page is not None:
            request._annuaire_directory_page = page
    return page.organisation_path(organisation) if page is not None else ""


def organisation_meta(organisation) -> str:
    parts = [
        organisation.legal_form.label if organisation.legal_form_id else "",
        organisation.commune.name if organisation.commune_id else "",
    ]
    return " · ".join(part for part in parts if part)


def filter_organisations(queryset, form):
    code = form.filters_data.get("departement")
    return queryset.filter(commune__departement__code=code) if code else queryset


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
            filter_form=DepartementFilterForm,
            apply_filters=filter_organisations,
            title_field="name",
            select_related=("legal_form", "commune"),
        )
    )
