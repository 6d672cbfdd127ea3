"""Membership categories and their fees by capacity (in whole euros).

Each category has three tiers: « solidaire » (from 0 €, chosen without any justification: paying must
never keep a small association out), « normal » and « soutien ». A tier is a floor: a member may pay
more than it, never less.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    INDIVIDUAL = "individual", _("Personne physique")
    ASSOCIATION_SMALL = "association_small", _("Association, budget annuel sous 50 000 €")
    ASSOCIATION_MEDIUM = "association_medium", _("Association, budget de 50 000 € à 500 000 €")
    ASSOCIATION_LARGE = "association_large", _("Association, budget au-delà de 500 000 €")
    COMPANY_SMALL = "company_small", _("Entreprise ou coopérative de moins de 10 salarié·es")
    COMPANY_LARGE = "company_large", _("Entreprise ou coopérative de 10 salarié·es ou plus")
    SUPPORTER = "supporter", _("Membre bienfaiteur")


class Tier(models.TextChoices):
    SOLIDARITY = "solidarity", _("Solidaire")
    STANDARD = "standard", _("Normal")
    SUPPORT = "support", _("Soutien")


# Floor of each tier, per category, in euros.
FLOORS: dict[str, dict[str, int]] = {
    Category.INDIVIDUAL: {Tier.SOLIDARITY: 0, Tier.STANDARD: 20, Tier.SUPPORT: 50},
    Category.ASSOCIATION_SMALL: {Tier.SOLIDARITY: 0, Tier.STANDARD: 30, Tier.SUPPORT: 80},
    Category.ASSOCIATION_MEDIUM: {Tier.SOLIDARITY: 0, Tier.STANDARD: 100, Tier.SUPPORT: 250},
    Category.ASSOCIATION_LARGE: {Tier.SOLIDARITY: 0, Tier.STANDARD: 300, Tier.SUPPORT: 600},
    Category.COMPANY_SMALL: {Tier.SOLIDARITY: 0, Tier.STANDARD: 150, Tier.SUPPORT: 400},
    Category.COMPANY_LARGE: {Tier.SOLIDARITY: 0, Tier.STANDARD: 500, Tier.SUPPORT: 1000},
    Category.SUPPORTER: {Tier.SOLIDARITY: 100, Tier.STANDARD: 100, Tier.SUPPORT: 500},
}
# No fee above this (a typing slip of a few zeros), in euros.
MAX_FEE = 100_000

ORGANISATION_CATEGORIES = {
    Category.ASSOCIATION_SMALL,
    Category.ASSOCIATION_MEDIUM,
    Category.ASSOCIATION_LARGE,
    Category.COMPANY_SMALL,
    Category.COMPANY_LARGE,
}


def floor(category: str, tier: str) -> int:
    return FLOORS[category][tier]


def is_organisation(category: str) -> bool:
    return category in ORGANISATION_CATEGORIES
