"""The organisations in the site search (`core.searchables`): verified ones only."""

from django.utils.translation import gettext_lazy as _

from core.searchables import SearchKind, register_search_kind
from reference.forms import DepartementFilterForm

from .models import Organisation


def organisation_url(organisation, request) -> str:
    """The organisation's public page once the directory serves one (`get_absolute_url`), else none."""
    get_url = getattr(organisation, "get_absolute_url", None)
    return get_url() if get_url else ""


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
            queryset=lambda: Organisation.objects.verified(),
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
