"""Filters of the public offer listing, shared by its feeds, the partner exports and the blocks.

A filter is read from a query string by `OfferFilterForm` (the site's one way to read a listing's
filters, `core.forms.ListingFilterForm`) leniently: an unknown contract type, a malformed radius or a page
number out of range is dropped or clamped, never an error, so any shared or hand-edited address still
answers; it gives an `OfferFilters`, which partners' saved filters and blocks also build directly. The
vocabularies it is checked against (contract types, functions, sectors, régions, départements) are read
in one query and cached (`load_options`).

Query-string names (French, stable, bookmarkable): `q`, `contrat` (repeated), `metier` (repeated),
`secteur` (repeated), `region` (INSEE code), `departement` (INSEE code), `commune` (as typed: "Lyon (69)",
"69001 Lyon" or an INSEE code) with `rayon` (km), `teletravail=1`, `depuis` (days), `page`.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cached_property
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.db import connection
from django.db.models import BigIntegerField, Case, Count, F, Q, Value, When
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import ClampedIntegerField, LenientMultipleChoiceField, ListingFilterForm
from core.searchables import search_filter
from reference.forms import TerritoryCodeField, cached_commune
from reference.models import Commune, ContractType, Departement, Region, Sector, within_radius

from .models.offers import JobFunction

PER_PAGE = 20
DEFAULT_RADIUS_KM = 30
RADIUS_CHOICES = (5, 10, 20, 30, 50, 100)
MAX_RADIUS_KM = 200
SINCE_CHOICES = {1: _("Depuis 24 heures"), 7: _("Depuis 7 jours"), 30: _("Depuis 30 jours")}
MAX_KEYWORDS_LENGTH = 100
MAX_VALUES_PER_FACET = 30
OPTIONS_CACHE_KEY = "emploi:filter-options:v1"
OPTIONS_CACHE_SECONDS = 3600

# Facets: query-string name → (kind in the options, the offer's column).
FACETS = {
    "contrat": ("contract", "contract_type_id"),
    "metier": ("function", "function_id"),
    "secteur": ("sector", "sector_id"),
    "region": ("region", "region_id"),
    "departement": ("departement", "departement_id"),
}


@dataclass(frozen=True)
class Option:
    id: int
    key: str  # slug of a vocabulary, INSEE code of a territory
    label: str
    parent_id: int | None = None  # a département's région


@dataclass
class FilterOptions:
    """Every value a facet may take, by kind ("contract", "function", "sector", "region", "departement")."""

    by_kind: dict[str, list[Option]]

    def options(self, kind: str) -> list[Option]:
        return self.by_kind.get(kind, [])

    @cached_property
    def keys_by_kind(self) -> dict[str, frozenset[str]]:
        """The keys of each kind, computed before the options are cached (and so read with them)."""
        return {kind: frozenset(option.key for option in options) for kind, options in self.by_kind.items()}

    def keys(self, kind: str) -> frozenset[str]:
        return self.keys_by_kind.get(kind, frozenset())

    def by_key(self, kind: str) -> dict[str, Option]:
        return {option.key: option for option in self.options(kind)}

    def by_id(self, kind: str) -> dict[int, Option]:
        return {option.id: option for option in self.options(kind)}


def load_options() -> FilterOptions:
    """The facets' values, in one UNION query, cached (cleared when a vocabulary or territory changes)."""
    cached = cache.get(OPTIONS_CACHE_KEY)
    if cached is not None:
        return cached
    no_parent = Cast(Value(None), BigIntegerField())  # typed NULL: PostgreSQL unifies the UNION's types
    columns = ("o_kind", "o_id", "o_key", "o_label", "o_parent", "o_rank")

    def arm(model, kind, key, label, parent, rank):
        # Annotations only, under names no model field has: every arm of the UNION lines up.
        return (
            model.objects.order_by()
            .annotate(
                o_kind=Value(kind),
                o_id=F("id"),
                o_key=F(key),
                o_label=F(label),
                o_parent=parent,
                o_rank=rank,
            )
            .values_list(*columns)
        )

    def vocabulary(model, kind):
        return arm(model, kind, "slug", "label", no_parent, F("order"))

    regions = arm(Region, "region", "code", "name", no_parent, Value(0))
    departements = arm(Departement, "departement", "code", "name", F("region_id"), Value(0))
    query = vocabulary(ContractType, "contract").union(
        vocabulary(JobFunction, "function"),
        vocabulary(Sector, "sector"),
        regions,
        departements,
        all=True,
    )
    rows = sorted(query, key=lambda row: (row[0], row[5], row[3] if row[0] != "departement" else row[2]))
    by_kind: dict[str, list[Option]] = {}
    for kind, pk, key, label, parent, _rank in rows:
        if kind == "departement":
            label = f"{label} ({key})"
        by_kind.setdefault(kind, []).append(Option(id=pk, key=key, label=label, parent_id=parent))
    options = FilterOptions(by_kind=by_kind)
    options.keys_by_kind  # noqa: B018 - computed once, cached with the options
    cache.set(OPTIONS_CACHE_KEY, options, OPTIONS_CACHE_SECONDS)
    return options


def clear_options_cache(**kwargs):
    cache.delete_many([OPTIONS_CACHE_KEY, VOCABULARIES_CACHE_KEY])


VOCABULARIES_CACHE_KEY = "emploi:vocabularies:v1"


def vocabularies() -> dict[str, dict]:
    """Contract types, functions, sectors, régions and départements as model instances by id (a few
    hundred rows), cached like the options: an offer page takes them from here rather than joining five
    more tables, which cost PostgreSQL more to plan than to run."""
    cached = cache.get(VOCABULARIES_CACHE_KEY)
    if cached is None:
        cached = {
            "contract_type": ContractType.objects.in_bulk(),
            "function": JobFunction.objects.in_bulk(),
            "sector": Sector.objects.in_bulk(),
            "region": Region.objects.in_bulk(),
            "departement": Departement.objects.in_bulk(),
        }
        cache.set(VOCABULARIES_CACHE_KEY, cached, OPTIONS_CACHE_SECONDS)
    return cached


def attach_vocabularies(offer) -> None:
    """Give an offer (and its commune) their contract type, function, sector and territories from the
    cached vocabularies; a value missing there (just added) is left to be read as usual."""
    known = vocabularies()
    for name in ("contract_type", "function", "sector", "region", "departement"):
        value = known[name].get(getattr(offer, f"{name}_id"))
        if value is not None:
            setattr(offer, name, value)
    commune = offer.commune if offer.commune_id else None
    if commune is not None and commune.departement_id in known["departement"]:
        commune.departement = known["departement"][commune.departement_id]


@dataclass
class OfferFilters:
    """What a reader asked for. Every list holds keys (slugs, INSEE codes) known to the options."""

    keywords: str = ""
    contracts: list[str] = field(default_factory=list)
    functions: list[str] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    region: str = ""
    departement: str = ""
    commune_text: str = ""
    commune: Commune | None = None
    radius_km: int = DEFAULT_RADIUS_KM
    full_remote: bool = False
    since_days: int | None = None
    page: int = 1
    notices: list[str] = field(default_factory=list)

    # -- Writing back --------------------------------------------------------------------------------

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as (name, value) pairs, in a stable order, without the page number."""
        items = [("q", self.keywords)] if self.keywords else []
        items += [("contrat", value) for value in self.contracts]
        items += [("metier", value) for value in self.functions]
        items += [("secteur", value) for value in self.sectors]
        if self.region:
            items.append(("region", self.region))
        if self.departement:
            items.append(("departement", self.departement))
        if self.commune is not None:
            items += [("commune", self.commune.code), ("rayon", str(self.radius_km))]
        if self.full_remote:
            items.append(("teletravail", "1"))
        if self.since_days:
            items.append(("depuis", str(self.since_days)))
        return items

    def query_string(self) -> str:
        return urlencode(self.query_items())

    @property
    def is_empty(self) -> bool:
        return not self.query_items()

    def cache_key(self) -> str:
        return self.query_string() or "-"

    # -- Applying ------------------------------------------------------------------------------------

    def _facet_ids(self, name: str, options: FilterOptions) -> list[int]:
        kind = FACETS[name][0]
        known = options.by_key(kind)
        value = getattr(self, {"contrat": "contracts", "metier": "functions", "secteur": "sectors"}.get(name, name))
        values = value if isinstance(value, list) else ([value] if value else [])
        return [known[key].id for key in values if key in known]

    def common_condition(self) -> Q:
        """Conditions that are not facets: keywords, remote, age (the radius is applied by `apply`)."""
        condition = Q()
        if self.keywords and not uses_postgresql():
            condition &= keywords_condition(self.keywords)
        if self.full_remote:
            condition &= Q(full_remote=True)
        if self.since_days:
            condition &= Q(published_at__gte=timezone.now() - timedelta(days=self.since_days))
        return condition

    def facet_condition(self, options: FilterOptions, *, without: str | None = None) -> Q:
        condition = Q()
        for name, (_kind, column) in FACETS.items():
            if name == without:
                continue
            ids = self._facet_ids(name, options)
            if ids:
                condition &= Q(**{f"{column}__in": ids})
        return condition

    def apply(self, queryset, options: FilterOptions | None = None, *, without: str | None = None):
        options = options or load_options()
        if self.keywords and uses_postgresql():
            # The site's one search index (Wagtail's backend, French configuration): see the `search` app.
            queryset = search_filter(queryset, self.keywords)
        queryset = queryset.filter(self.common_condition() & self.facet_condition(options, without=without))
        if self.commune is not None:
            queryset = within_radius(queryset, self.commune.latitude, self.commune.longitude, self.radius_km)
        return queryset


class OfferFilterForm(ListingFilterForm):
    """The offer listing's filters read from its query string (also its feeds'), the agenda's way
    (`core.forms.ListingFilterForm`): a value it does not know is dropped with a notice, never an error.
    `offer_filters()` gives what the listing, its counts and its feeds apply (`OfferFilters`).

    Names (French, stable, bookmarkable): `q`, `contrat`, `metier`, `secteur` (repeated), `region` and
    `departement` (INSEE codes), `commune` (as typed: "Lyon (69)", "69001 Lyon" or an INSEE code) with
    `rayon` (km), `teletravail=1`, `depuis` (days), `page`."""

    drawn = False  # read only: the listing's template draws its own filter panel from the options
    unknown = {"invalid_choice": ListingFilterForm.unknown_value_notice}
    q = forms.CharField(required=False, strip=True)
    contrat = LenientMultipleChoiceField(max_values=MAX_VALUES_PER_FACET)
    metier = LenientMultipleChoiceField(max_values=MAX_VALUES_PER_FACET)
    secteur = LenientMultipleChoiceField(max_values=MAX_VALUES_PER_FACET)
    region = TerritoryCodeField(error_messages=unknown)
    departement = TerritoryCodeField(error_messages=unknown)
    commune = forms.CharField(required=False)
    rayon = ClampedIntegerField(max_value=MAX_RADIUS_KM)
    teletravail = forms.CharField(required=False)
    depuis = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, choices=list(SINCE_CHOICES.items()), error_messages=unknown
    )
    page = ClampedIntegerField(max_value=100_000)
    del unknown

    def __init__(self, data=None, options: FilterOptions | None = None, **kwargs):
        super().__init__(data, **kwargs)
        self.options = options or load_options()
        # Checked against the vocabularies' keys, not given as choices: this form is never drawn, and
        # building choices from a hundred départements on every request was most of its cost.
        for name, (kind, _column) in FACETS.items():
            self.fields[name].known_values = self.options.keys(kind)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())[:MAX_KEYWORDS_LENGTH]

    def clean_commune(self):
        text = self.cleaned_data["commune"][:100]
        if not text:
            return None
        commune = cached_commune(text)
        if commune is None:
            raise forms.ValidationError(_("Commune inconnue ou ambiguë : précisez le département ou le code postal."))
        return commune

    def clean_teletravail(self):
        return self.cleaned_data["teletravail"] in {"1", "on", "true", "oui"}

    def offer_filters(self) -> OfferFilters:
        data = self.filters_data
        return OfferFilters(
            keywords=data.get("q", ""),
            contracts=data.get("contrat", []),
            functions=data.get("metier", []),
            sectors=data.get("secteur", []),
            region=data.get("region", ""),
            departement=data.get("departement", ""),
            commune_text=self.data.get("commune", "").strip()[:100],
            commune=data.get("commune"),
            radius_km=data.get("rayon") or DEFAULT_RADIUS_KM,
            full_remote=data.get("teletravail", False),
            since_days=data.get("depuis"),
            page=data.get("page") or 1,
            notices=self.notices,
        )


def keywords_condition(keywords: str) -> Q:
    """Other databases: every word in the title or the description (case-insensitive for ASCII letters)."""
    condition = Q()
    for word in keywords.split()[:8]:
        condition &= Q(title__icontains=word) | Q(description__icontains=word)
    return condition


@dataclass
class FacetCounts:
    total: int
    counts: dict[str, dict[int, int]]  # kind → option id → number of offers

    def count(self, kind: str, option_id: int) -> int:
        return self.counts.get(kind, {}).get(option_id, 0)


def facet_counts(queryset, filters: OfferFilters, options: FilterOptions) -> FacetCounts:
    """Counts per value of each facet, each facet counted with the other filters applied (so that the
    alternatives to a chosen value show what they would give), in one UNION ALL of GROUP BY queries.

    The total of the listing comes with them: the contract-type arm grouped over the offers matching
    everything but the contract filter holds it (summed over the chosen contract types, or all)."""
    arms = []
    for name, (kind, column) in FACETS.items():
        arm = (
            filters.apply(queryset, options, without=name)
            .order_by()
            .annotate(facet=Value(kind), value=F(column))
            .values("facet", "value")
            .annotate(n=Count("pk"))
        )
        arms.append(arm.values_list("facet", "value", "n"))
    rows = list(arms[0].union(*arms[1:], all=True))
    counts: dict[str, dict[int, int]] = {}
    for kind, value, n in rows:
        counts.setdefault(kind, {})[value] = n
    chosen = set(filters._facet_ids("contrat", options))
    total = sum(n for value, n in counts.get("contract", {}).items() if not chosen or value in chosen)
    return FacetCounts(total=total, counts=counts)


def uses_postgresql() -> bool:
    return connection.vendor == "postgresql"


def similarity_order(offer):
    """An ordering expression: offers sharing more of function, sector and département come first."""
    score = Value(0)
    for column in ("function_id", "sector_id", "departement_id"):
        value = getattr(offer, column, None)
        if value is not None:
            score = score + Case(When(**{column: value}, then=Value(1)), default=Value(0))
    return score
