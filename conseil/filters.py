"""Filters of the consultants' directory (/conseil/), read from the query string by
`ConsultantFilterForm` (core's `ListingFilterForm`: an unknown value is dropped and reported, never an error).

Query-string names (French, stable): `q`, `expertise` (slugs, repeated), `secteur` (slugs, repeated),
`region` (INSEE code), `departement` (INSEE code), `national=1`, `disponibilite`, `page`.
A région or a département matches consultants who serve it, one of its départements or its région, or all
of France.
"""

from django import forms
from django.core.cache import cache
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import ClampedIntegerField, LenientMultipleChoiceField, ListingFilterForm
from reference.models import Departement, Region, Sector

from .models.missions import Mission
from .models.profiles import ConsultantProfile, Expertise

PER_PAGE = 20
MAX_KEYWORDS_LENGTH = 100
OPTIONS_CACHE_KEY = "conseil:filter-options:v2"
OPTIONS_CACHE_SECONDS = 600


def filter_options() -> dict:
    """The values each filter may take, as (key, label) pairs, and the labels of sectors and territories by
    id (`labels`, which profile pages read instead of joining those tables); cached."""
    options = cache.get(OPTIONS_CACHE_KEY)
    if options is None:
        sectors = list(Sector.objects.values_list("id", "slug", "label", "is_active"))
        regions = list(Region.objects.order_by("name").values_list("id", "code", "name"))
        departements = list(Departement.objects.order_by("code").values_list("id", "code", "name"))
        options = {
            "expertise": list(Expertise.objects.filter(is_active=True).values_list("slug", "label")),
            "secteur": [(slug, label) for _id, slug, label, active in sectors if active],
            "region": [(code, name) for _id, code, name in regions],
            "departement": [(code, f"{name} ({code})") for _id, code, name in departements],
            "labels": {
                "sector": {pk: label for pk, _slug, label, _active in sectors},
                "region": {pk: name for pk, _code, name in regions},
                "departement": {pk: f"{name} ({code})" for pk, code, name in departements},
            },
        }
        cache.set(OPTIONS_CACHE_KEY, options, OPTIONS_CACHE_SECONDS)
    return options


class ConsultantFilterForm(ListingFilterForm):
    FILTER_NAMES = ("q", "expertise", "secteur", "region", "departement", "national", "disponibilite")

    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=MAX_KEYWORDS_LENGTH)
    expertise = LenientMultipleChoiceField(
        label=_("Domaine d’expertise"), required=False, widget=forms.CheckboxSelectMultiple
    )
    secteur = LenientMultipleChoiceField(
        label=_("Secteur de l’ESS"), required=False, widget=forms.CheckboxSelectMultiple
    )
    region = forms.ChoiceField(label=_("Région"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    national = forms.BooleanField(label=_("Intervient dans toute la France"), required=False)
    disponibilite = forms.ChoiceField(
        label=_("Disponibilité"),
        required=False,
        choices=[("", _("Peu importe")), *ConsultantProfile.Availability.choices],
    )
    page = ClampedIntegerField(label=_("Page"), required=False, max_value=10_000, widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        options = filter_options()
        self.fields["expertise"].choices = options["expertise"]
        self.fields["secteur"].choices = options["secteur"]
        self.fields["region"].choices = [("", _("Toutes les régions")), *options["region"]]
        self.fields["departement"].choices = [("", _("Tous les départements")), *options["departement"]]

    def query_values(self, name, value):
        if name == "national":
            return ["1"]
        return super().query_values(name, value)

    def apply(self, queryset):
        """`queryset` narrowed to the valid filters."""
        data = self.filters_data
        if data.get("q"):
            words = data["q"].strip()
            queryset = queryset.filter(
                Q(name__icontains=words) | Q(headline__icontains=words) | Q(bio__icontains=words)
            )
        if data.get("expertise"):
            queryset = queryset.filter(
                pk__in=ConsultantProfile.expertises.through.objects.filter(
                    expertise__slug__in=data["expertise"]
                ).values("consultantprofile_id")
            )
        if data.get("secteur"):
            queryset = queryset.filter(
                pk__in=ConsultantProfile.sectors.through.objects.filter(sector__slug__in=data["secteur"]).values(
                    "consultantprofile_id"
                )
            )
        if data.get("national"):
            queryset = queryset.filter(national=True)
        if data.get("region"):
            queryset = queryset.filter(serves_region(data["region"]))
        if data.get("departement"):
            queryset = queryset.filter(serves_departement(data["departement"]))
        if data.get("disponibilite"):
            queryset = queryset.filter(availability=data["disponibilite"])
        return queryset


def _served(through_field: str, **lookup):
    through = getattr(ConsultantProfile, through_field).through
    return Q(pk__in=through.objects.filter(**lookup).values("consultantprofile_id"))


def serves_region(code: str) -> Q:
    return (
        Q(national=True)
        | _served("regions", region__code=code)
        | _served("departements", departement__region__code=code)
    )


def serves_departement(code: str) -> Q:
    return (
        Q(national=True)
        | _served("departements", departement__code=code)
        | _served("regions", region__departements__code=code)
    )


MISSIONS_PER_PAGE = 20


class MissionFilterForm(ListingFilterForm):
    """Filters of /conseil/missions/: `q`, `expertise` (slugs, repeated), `region` (INSEE code; remote
    missions and missions for all of France match any région), `distance=1`, `page`."""

    FILTER_NAMES = ("q", "expertise", "region", "distance")

    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=MAX_KEYWORDS_LENGTH)
    expertise = LenientMultipleChoiceField(
        label=_("Domaine d’expertise"), required=False, widget=forms.CheckboxSelectMultiple
    )
    region = forms.ChoiceField(label=_("Région"), required=False)
    distance = forms.BooleanField(label=_("Possible à distance"), required=False)
    page = ClampedIntegerField(label=_("Page"), required=False, max_value=10_000, widget=forms.HiddenInput)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        options = filter_options()
        self.fields["expertise"].choices = options["expertise"]
        self.fields["region"].choices = [("", _("Toutes les régions")), *options["region"]]

    def query_values(self, name, value):
        if name == "distance":
            return ["1"]
        return super().query_values(name, value)

    def apply(self, queryset):
        data = self.filters_data
        if data.get("q"):
            words = data["q"].strip()
            queryset = queryset.filter(
                Q(title__icontains=words) | Q(need__icontains=words) | Q(organisation__name__icontains=words)
            )
        if data.get("expertise"):
            queryset = queryset.filter(
                pk__in=Mission.expertises.through.objects.filter(expertise__slug__in=data["expertise"]).values(
                    "mission_id"
                )
            )
        if data.get("region"):
            code = data["region"]
            queryset = queryset.filter(
                Q(region__code=code)
                | Q(departement__region__code=code)
                | Q(remote=True)
                | Q(region__isnull=True, departement__isnull=True)
            )
        if data.get("distance"):
            queryset = queryset.filter(remote=True)
        return queryset
