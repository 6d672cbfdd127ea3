"""Shared French reference data: territories (régions, départements, communes, postcodes) and the ESS
vocabularies (sectors, legal forms, contract types) that other apps point to.

Territories are loaded from the files in `reference/data/` by a data migration and refreshed by
`manage.py load_reference_data`; they are never downloaded at run time. Vocabularies are seeded by a
data migration and edited by the editorial committee as Wagtail snippets.
"""

import math

from django.db import models
from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.utils.translation import gettext_lazy as _

# Kilometres per degree of latitude (mean Earth radius 6,371 km).
KM_PER_DEGREE = 2 * math.pi * 6371.0 / 360


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points, in kilometres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(latitude: float, longitude: float, radius_km: float, prefix: str = "") -> models.Q:
    """Rows whose `<prefix>latitude`/`<prefix>longitude` lie in the box around a circle (an indexed
    range). The box is a superset of the circle: `within_radius` refines it with the exact distance."""
    radius_km = max(0.0, float(radius_km))
    delta_lat = radius_km / KM_PER_DEGREE
    delta_lon = min(180.0, radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01)))
    return models.Q(
        **{
            f"{prefix}latitude__range": (latitude - delta_lat, latitude + delta_lat),
            f"{prefix}longitude__range": (longitude - delta_lon, longitude + delta_lon),
        }
    )


def distance_expression(latitude: float, longitude: float, prefix: str = ""):
    """Great-circle distance in km from a point to the row's `<prefix>latitude`/`<prefix>longitude`,
    computed by the database (haversine, the same formula as `distance_km`; Django registers the
    trigonometric functions on SQLite)."""
    row_latitude, row_longitude = Radians(F(f"{prefix}latitude")), Radians(F(f"{prefix}longitude"))
    lat1, lon1 = math.radians(latitude), math.radians(longitude)
    half_dphi = (row_latitude - Value(lat1)) / Value(2.0)
    half_dlambda = (row_longitude - Value(lon1)) / Value(2.0)
    a = Power(Sin(half_dphi), 2) + Value(math.cos(lat1)) * Cos(row_latitude) * Power(Sin(half_dlambda), 2)
    return Value(2 * 6371.0) * ASin(Sqrt(a), output_field=FloatField())


def within_radius(queryset, latitude: float, longitude: float, radius_km: float, prefix: str = ""):
    """The rows of `queryset` within `radius_km` of the point: the bounding box first (indexed), then
    the exact distance, in the same SQL query."""
    return (
        queryset.filter(bounding_box(latitude, longitude, radius_km, prefix))
        .alias(distance_km=distance_expression(latitude, longitude, prefix))
        .filter(distance_km__lte=radius_km + 1e-9)
    )


class Region(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Departement(models.Model):
    code = models.CharField(_("code INSEE"), max_length=3, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.ForeignKey(Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="departements")

    class Meta:
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class CommuneQuerySet(models.QuerySet):
    def active(self):
        """Communes in force in the current official geographic code (merged ones are kept, inactive)."""
        return self.filter(is_active=True)

    def near(self, latitude: float, longitude: float, radius_km: float):
        """Communes inside the bounding box of a circle (uses the latitude/longitude index).

        The box is a superset of the circle: refine with `distance_km` when the exact radius matters.
        """
        return self.filter(bounding_box(latitude, longitude, radius_km))


class Commune(models.Model):
    class Kind(models.TextChoices):
        COMMUNE = "commune", _("commune")
        ARRONDISSEMENT = "arrondissement", _("arrondissement municipal")

    code = models.CharField(_("code INSEE"), max_length=5, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120, db_index=False)
    # Lower case, accents stripped, hyphens and apostrophes as spaces: "saint etienne". Indexed for
    # prefix search (on PostgreSQL Django also adds a varchar_pattern_ops index for LIKE 'x%').
    search_name = models.CharField(_("nom normalisé"), max_length=120, db_index=True, editable=False)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("commune de rattachement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrondissements",
        help_text=_("Pour un arrondissement municipal (Paris, Lyon, Marseille) : la commune."),
    )
    departement = models.ForeignKey(
        Departement, verbose_name=_("département"), on_delete=models.PROTECT, related_name="communes"
    )
    region = models.ForeignKey(Region, verbose_name=_("région"), on_delete=models.PROTECT, related_name="communes")
    population = models.PositiveIntegerField(_("population municipale"), default=0)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    coordinates_approximate = models.BooleanField(
        _("coordonnées approximatives"),
        default=False,
        help_text=_("Position estimée (communes voisines ou chef-lieu du département), faute de source précise."),
    )
    is_active = models.BooleanField(
        _("en vigueur"),
        default=True,
        help_text=_("Décoché pour une commune disparue (fusion) : elle reste liée aux contenus existants."),
    )

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name", "code"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="reference_commune_latlon_idx")]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name shown to people and accepted back by `CommuneField`: "Lyon (69)"."""
        return f"{self.name} ({self.departement.code})"

    def distance_to(self, other: "Commune") -> float | None:
        if None in (self.latitude, self.longitude, other.latitude, other.longitude):
            return None
        return distance_km(self.latitude, self.longitude, other.latitude, other.longitude)


class CommunePostcode(models.Model):
    """One postcode of a commune (a commune may have several, a postcode may serve several communes)."""

    commune = models.ForeignKey(Commune, verbose_name=_("commune"), on_delete=models.CASCADE, related_name="postcodes")
    code = models.CharField(_("code postal"), max_length=5, db_index=True)

    class Meta:
        verbose_name = _("code postal")
        verbose_name_plural = _("codes postaux")
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["commune", "code"], name="reference_unique_commune_postcode")]

    def __str__(self):
        return self.code


class Vocabulary(models.Model):
    """A controlled list editors can extend: a stable slug for code and URLs, a French label, an order."""

    slug = models.SlugField(_("identifiant"), max_length=80, unique=True, help_text=_("Ne plus le modifier ensuite."))
    label = models.CharField(_("libellé"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    is_active = models.BooleanField(
        _("proposé"), default=True, help_text=_("Décochez pour ne plus le proposer dans les formulaires.")
    )

    class Meta:
        abstract = True
        ordering = ["order", "label"]

    def __str__(self):
        return self.label


class Sector(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("secteur d’activité")
        verbose_name_plural = _("secteurs d’activité")


class LegalForm(Vocabulary):
    class Family(models.TextChoices):
        ASSOCIATION = "association", _("Association")
        COOPERATIVE = "cooperative", _("Coopérative")
        MUTUELLE = "mutuelle", _("Mutuelle")
        FONDATION = "fondation", _("Fondation et fonds de dotation")
        ENTREPRISE = "entreprise", _("Entreprise de l’ESS")
        INSERTION = "insertion", _("Insertion et travail adapté")
        AUTRE = "autre", _("Autre")

    family = models.CharField(_("famille"), max_length=20, choices=Family.choices, default=Family.AUTRE)

    class Meta(Vocabulary.Meta):
        verbose_name = _("forme juridique")
        verbose_name_plural = _("formes juridiques")


class ContractType(Vocabulary):
    class Meta(Vocabulary.Meta):
        verbose_name = _("type de contrat")
        verbose_name_plural = _("types de contrat")
