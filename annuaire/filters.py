"""Filters of the public directory (`/annuaire/`), read from the query string the site's one way
(`core.forms.ListingFilterForm`): a value the form does not know is dropped with a notice, never an error,
so any shared or hand-edited address still answers.

Names (French, stable, bookmarkable): `q` (words of the name or presentation), `forme` (legal form slug,
repeated), `secteur` (sector slug, repeated), `region` and `departement` (INSEE codes), `commune` (as
typed: "Lyon (69)", "69001 Lyon" or an INSEE code) with `rayon` (km), `activite` (what the organisation
does on the site, from `annuaire.directory`: `recrute`, `evenements`, `publie`; repeated), `page`.
"""

from dataclasses import dataclass, field

from django import forms
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.forms import ClampedIntegerField, LenientMultipleChoiceField, ListingFilterForm
from reference.forms import TerritoryCodeField, cached_commune
from reference.models import Commune, Departement, LegalForm, Sector, within_radius

from . import directory
from .models.organisations import Organisation

PER_PAGE = 20
DEFAULT_RADIUS_KM = 30
RADIUS_CHOICES = (5, 10, 20, 30, 50, 100)
MAX_RADIUS_KM = 200
MAX_KEYWORDS_LENGTH = 100
MAX_WORDS = 8
OPTIONS_CACHE_KEY = "annuaire:filter-options:v1"
OPTIONS_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class Option:
    id: int
    key: str  # a slug, or an INSEE code
    label: str


@dataclass(frozen=True)
class FilterOptions:
    legal_forms: list[Option]
    sectors: list[Option]
    regions: list[Option]
    departements: list[Option]

    @staticmethod
    def by_key(options: list[Option]) -> dict[str, Option]:
        return {option.key: option for option in options}


def load_options() -> FilterOptions:
    """Legal forms, sectors, régions and départements for the filters: three small queries, cached an
    hour (vocabularies change in the admin a few times a year)."""

    def load():
        legal_forms = [
            Option(pk, slug, label)
            for pk, slug, label in LegalForm.objects.filter(is_active=True)
            .order_by("order", "label")
            .values_list("id", "slug", "label")
        ]
        sectors = [
            Option(pk, slug, label)
            for pk, slug, label in Sector.objects.filter(is_active=True)
            .order_by("order", "label")
            .values_list("id", "slug", "label")
        ]
        rows = list(
            Departement.objects.order_by("code").values_list(
                "id", "code", "name", "region_id", "region__code", "region__name"
            )
        )
        regions = sorted({Option(row[3], row[4], row[5]) for row in rows}, key=lambda option: option.label)
        departements = [Option(row[0], row[1], f"{row[2]} ({row[1]})") for row in rows]
        return FilterOptions(legal_forms, sectors, regions, departements)

    return cache.get_or_set(OPTIONS_CACHE_KEY, load, OPTIONS_CACHE_SECONDS)


@dataclass
class OrganisationFilters:
    """What a reader asked for, every value known to the options."""

    keywords: str = ""
    legal_forms: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    region: str = ""
    departement: str = ""
    commune: Commune | None = None  # with a position (`cached_commune`)
    commune_text: str = ""
    radius_km: int = DEFAULT_RADIUS_KM
    activities: list[str] = field(default_factory=list)
    page: int = 1

    def apply(self, queryset, options: FilterOptions):
        condition = Q()
        for word in self.keywords.split()[:MAX_WORDS]:
            condition &= Q(name__icontains=word) | Q(description__icontains=word)
        forms_by_key = FilterOptions.by_key(options.legal_forms)
        legal_form_ids = [forms_by_key[key].id for key in self.legal_forms if key in forms_by_key]
        if legal_form_ids:
            condition &= Q(legal_form_id__in=legal_form_ids)
        if self.region:
            region = FilterOptions.by_key(options.regions).get(self.region)
            condition &= Q(commune__departement__region_id=region.id if region else -1)
        if self.departement:
            departement = FilterOptions.by_key(options.departements).get(self.departement)
            condition &= Q(commune__departement_id=departement.id if departement else -1)
        queryset = queryset.filter(condition)
        sectors_by_key = FilterOptions.by_key(options.sectors)
        sector_ids = [sectors_by_key[key].id for key in self.sectors if key in sectors_by_key]
        if sector_ids:
            # One row per organisation: a semi-join on the link table rather than a join that repeats rows.
            links = Organisation.sectors.through.objects.filter(
                organisation_id=OuterRef("pk"), sector_id__in=sector_ids
            )
            queryset = queryset.filter(Exists(links))
        for key in self.activities:
            activity = directory.activity(key)
            if activity is not None:
                queryset = queryset.filter(activity.exists())
        if self.commune is not None:
            queryset = within_radius(
                queryset, self.commune.latitude, self.commune.longitude, self.radius_km, prefix="commune__"
            )
        return queryset


class OrganisationFilterForm(ListingFilterForm):
    """The directory's filters, read leniently from the query string (see the module's docstring)."""

    q = forms.CharField(label=_("Nom ou mots-clés"), required=False, strip=True)
    forme = LenientMultipleChoiceField(label=_("Forme juridique"), max_values=30)
    secteur = LenientMultipleChoiceField(label=_("Secteur d’activité"), max_values=30)
    region = TerritoryCodeField(label=_("Région"))
    departement = TerritoryCodeField(label=_("Département"))
    commune = forms.CharField(label=_("Commune"), required=False)
    rayon = ClampedIntegerField(label=_("Rayon"), max_value=MAX_RADIUS_KM)
    activite = LenientMultipleChoiceField(label=_("Sur le site"), max_values=10)
    page = ClampedIntegerField(max_value=100_000)

    FILTER_NAMES = ("q", "forme", "secteur", "region", "departement", "commune", "rayon", "activite")

    def __init__(self, data=None, options: FilterOptions | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.options = options or load_options()
        self.fields["forme"].choices = [(option.key, option.label) for option in self.options.legal_forms]
        self.fields["secteur"].choices = [(option.key, option.label) for option in self.options.sectors]
        self.fields["region"].choices = [("", _("Toutes les régions"))] + [
            (option.key, option.label) for option in self.options.regions
        ]
        self.fields["departement"].choices = [("", _("Tous les départements"))] + [
            (option.key, option.label) for option in self.options.departements
        ]
        self.fields["activite"].choices = [(item.key, item.label) for item in directory.activities()]
        for name in ("region", "departement"):
            self.fields[name].error_messages["invalid_choice"] = self.unknown_value_notice

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())[:MAX_KEYWORDS_LENGTH]

    def clean_commune(self):
        text = " ".join(self.cleaned_data["commune"].split())[:100]
        if not text:
            return None
        commune = cached_commune(text)
        if commune is None:
            raise forms.ValidationError(_("Commune inconnue ou ambiguë : précisez le département ou le code postal."))
        return commune

    def query_values(self, name, value):
        if name == "commune":
            return [value.code]
        if name == "rayon":
            return [str(value)]  # as clamped, not as typed
        return super().query_values(name, value)

    def query_items(self):
        items = super().query_items()
        if self.filters_data.get("commune") is None:  # a radius alone filters nothing
            items = [item for item in items if item[0] != "rayon"]
        return items

    def organisation_filters(self) -> OrganisationFilters:
        data = self.filters_data
        return OrganisationFilters(
            keywords=data.get("q", ""),
            legal_forms=data.get("forme", []),
            sectors=data.get("secteur", []),
            region=data.get("region", ""),
            departement=data.get("departement", ""),
            commune=data.get("commune"),
            commune_text=" ".join(self.data.get("commune", "").split())[:100],
            radius_km=data.get("rayon") or DEFAULT_RADIUS_KM,
            activities=data.get("activite", []),
            page=data.get("page") or 1,
        )
