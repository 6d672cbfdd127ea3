"""The agenda's filter form: every filter lives in the URL's query string (a GET form, no JavaScript)."""

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from core.forms import ListingFilterForm
from reference.forms import CommuneField
from reference.models import Departement

RADIUS_CHOICES = [(5, _("5 km")), (10, _("10 km")), (20, _("20 km")), (50, _("50 km")), (100, _("100 km"))]
DEFAULT_RADIUS_KM = 20
TERRITORIES_CACHE_KEY = "agenda:territories:v1"


def territories() -> dict:
    """Régions and départements for the filters, read once an hour (reference data rarely changes)."""

    def load():
        rows = list(
            Departement.objects.order_by("code").values_list(
                "id", "code", "name", "region_id", "region__slug", "region__name"
            )
        )
        regions = sorted({(row[3], row[4], row[5]) for row in rows}, key=lambda region: region[2])
        return {"regions": regions, "departements": [row[:3] for row in rows]}

    return cache.get_or_set(TERRITORIES_CACHE_KEY, load, 3600)


class EventFilterForm(ListingFilterForm):
    """Filters of the upcoming list and month view; a wrong value is reported next to its field and
    ignored, never fatal (`core.forms.ListingFilterForm`)."""

    categorie = forms.ChoiceField(label=_("Catégorie"), required=False)
    region = forms.ChoiceField(label=_("Région"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    commune = CommuneField(label=_("Près de la commune"), required=False)
    rayon = forms.TypedChoiceField(
        label=_("Dans un rayon de"),
        choices=[("", _("20 km (par défaut)"))] + RADIUS_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    participation = forms.ChoiceField(
        label=_("Participation"),
        required=False,
        choices=[("", _("En présentiel ou en ligne")), ("presentiel", _("En présentiel")), ("en-ligne", _("En ligne"))],
    )
    gratuit = forms.BooleanField(label=_("Gratuit uniquement"), required=False)

    FILTER_NAMES = ("categorie", "region", "departement", "commune", "rayon", "participation", "gratuit")

    def __init__(self, data, categories, **kwargs):
        super().__init__(data, **kwargs)
        self.categories = {category.slug: category for category in categories}
        places = territories()
        self.regions = {slug: (pk, name) for pk, slug, name in places["regions"]}
        self.departements = {code: (pk, name) for pk, code, name in places["departements"]}
        self.fields["categorie"].choices = [("", _("Toutes les catégories"))] + [
            (category.slug, category.label) for category in categories
        ]
        self.fields["region"].choices = [("", _("Toutes les régions"))] + [
            (slug, name) for slug, (_pk, name) in self.regions.items()
        ]
        self.fields["departement"].choices = [("", _("Tous les départements"))] + [
            (code, f"{code} – {name}") for code, (_pk, name) in self.departements.items()
        ]

    def filters(self) -> dict:
        """The valid filters only (an invalid field is dropped), as values `services.filter_occurrences` reads."""
        data = self.filters_data
        filters = {}
        if data.get("categorie"):
            filters["category"] = self.categories[data["categorie"]]
        if data.get("region"):
            filters["region_id"] = self.regions[data["region"]][0]
        if data.get("departement"):
            filters["departement_id"] = self.departements[data["departement"]][0]
        if data.get("commune") is not None:
            filters["commune"] = data["commune"]
            filters["radius_km"] = data.get("rayon") or DEFAULT_RADIUS_KM
        if data.get("participation"):
            filters["participation"] = data["participation"]
        if data.get("gratuit"):
            filters["free"] = True
        return filters

    def cache_key(self) -> str:
        """The valid filters normalised (ids, not what was typed: "Lyon (69)" and "69001 Lyon" are one
        commune), for cache keys: one key per distinct result, whatever the spelling."""
        return "&".join(f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(self.filters().items()))
