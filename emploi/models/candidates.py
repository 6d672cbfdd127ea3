"""Candidates: a profile per account (`CandidateProfile`), the entries of its CV (`CVEntry`, one model
with a section key) and the old addresses of its public bio (`BioSlugRedirect`).

The profile exists from sign-up (built from what the person gave), private until its owner chooses a
visibility. What a visitor may see of a bio is decided in one place, `CandidateProfile.visible_to`
(and `CandidateProfileQuerySet.public()` for lists: sitemap, blocks). Moderators may hide a bio
(`hidden_at`, with a reason emailed to its owner): a hidden bio is seen by its owner only.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import Commune, ContractType, Departement, Sector

from .offers import JobFunction

__all__ = [
    "BIO_SLUG_MAX_LENGTH",
    "BioSlugRedirect",
    "BioVisibility",
    "CVEntry",
    "CVSection",
    "CandidateProfile",
    "CandidateProfileQuerySet",
    "DEFAULT_SECTION_ORDER",
    "MAX_MOBILITY_KM",
]

BIO_SLUG_MAX_LENGTH = 60
MAX_MOBILITY_KM = 500
MAX_SALARY_WISH = 500_000


class BioVisibility(models.TextChoices):
    PUBLIC = "public", _("Publique : visible de tous et des moteurs de recherche")
    RECRUITERS = "recruiters", _("Réservée aux recruteur·ses vérifié·es")
    PRIVATE = "private", _("Privée : visible de moi seul·e")


class CVSection(models.TextChoices):
    EXPERIENCE = "experience", _("Expériences professionnelles")
    EDUCATION = "education", _("Formation")
    SKILL = "skill", _("Compétences")
    LANGUAGE = "language", _("Langues")
    VOLUNTEERING = "volunteering", _("Bénévolat et engagements")
    CERTIFICATION = "certification", _("Certifications")


DEFAULT_SECTION_ORDER = [section.value for section in CVSection]


class CandidateProfileQuerySet(models.QuerySet):
    def public(self):
        """Bios anyone may read (and search engines index): public, not hidden, of an active account."""
        return self.filter(visibility=BioVisibility.PUBLIC, hidden_at__isnull=True, user__is_active=True)


class CandidateProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate_profile", verbose_name=_("compte")
    )
    slug = models.SlugField(_("adresse de la bio"), max_length=BIO_SLUG_MAX_LENGTH, unique=True)
    headline = models.CharField(_("titre du profil"), max_length=160, blank=True)
    bio = models.TextField(_("mini-bio"), max_length=2000, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    functions = models.ManyToManyField(
        JobFunction, verbose_name=_("métiers recherchés"), blank=True, related_name="candidates"
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("secteurs de l’ESS"), blank=True, related_name="candidates")
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune de résidence"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
    )
    mobility_km = models.PositiveSmallIntegerField(
        _("rayon de mobilité (km)"), default=30, validators=[MaxValueValidator(MAX_MOBILITY_KM)]
    )
    departements = models.ManyToManyField(
        Departement, verbose_name=_("autres départements souhaités"), blank=True, related_name="candidates"
    )
    remote_ok = models.BooleanField(_("ouvert·e au télétravail complet"), default=False)
    contract_types = models.ManyToManyField(
        ContractType, verbose_name=_("types de contrat"), blank=True, related_name="candidates"
    )
    available_from = models.DateField(_("disponible à partir du"), null=True, blank=True)
    salary_wish = models.PositiveIntegerField(
        _("salaire souhaité (€ brut annuel)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SALARY_WISH)],
    )
    section_order = models.CharField(
        _("ordre des rubriques du CV"), max_length=200, default=",".join(DEFAULT_SECTION_ORDER)
    )
    visibility = models.CharField(
        _("visibilité de la bio"), max_length=12, choices=BioVisibility.choices, default=BioVisibility.PRIVATE
    )
    # Copied from the commune on save: matching and radius searches read this table only.
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    hidden_at = models.DateTimeField(_("masquée le"), null=True, blank=True)
    hidden_reason = models.TextField(_("motif du masquage"), max_length=2000, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("masquée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = CandidateProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profil candidat·e")
        verbose_name_plural = _("profils candidat·es")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["visibility", "-updated_at"], name="emploi_candidate_visibility"),
            models.Index(fields=["latitude", "longitude"], name="emploi_candidate_latlon"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(mobility_km__lte=MAX_MOBILITY_KM), name="emploi_candidate_mobility"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        commune = self.commune if self.commune_id else None
        self.latitude = commune.latitude if commune else None
        self.longitude = commune.longitude if commune else None
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "commune" in update_fields:
            kwargs["update_fields"] = set(update_fields) | {"latitude", "longitude"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        return self.user.display_name

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def is_public(self) -> bool:
        return self.visibility == BioVisibility.PUBLIC and not self.is_hidden and self.user.is_active

    @property
    def sections(self) -> list[str]:
        """The CV's section keys in the order the candidate chose (unknown keys dropped, missing appended)."""
        chosen = [key for key in self.section_order.split(",") if key in DEFAULT_SECTION_ORDER]
        chosen = list(dict.fromkeys(chosen))
        return chosen + [key for key in DEFAULT_SECTION_ORDER if key not in chosen]


class CVEntry(models.Model):
    """One line of a CV section: an experience, a diploma, a skill, a language, a commitment, a certificate."""

    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="cv_entries")
    section = models.CharField(_("rubrique"), max_length=20, choices=CVSection.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    organisation = models.CharField(_("structure ou établissement"), max_length=200, blank=True)
    place = models.CharField(_("lieu"), max_length=120, blank=True)
    level = models.CharField(_("niveau"), max_length=80, blank=True)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("entrée du CV")
        verbose_name_plural = _("entrées du CV")
        ordering = ["profile", "section", "position", "-start_date", "id"]
        indexes = [models.Index(fields=["profile", "section", "position"], name="emploi_cventry_profile")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(start_date__lte=models.F("end_date")),
                name="emploi_cventry_dates",
            ),
        ]

    def __str__(self):
        return self.title


class BioSlugRedirect(models.Model):
    """An address a bio had before: it answers 301 to the current one (and is never given to someone else)."""

    slug = models.SlugField(max_length=BIO_SLUG_MAX_LENGTH, unique=True)
    profile = models.ForeignKey(CandidateProfile, on_delete=models.CASCADE, related_name="old_slugs")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("ancienne adresse de bio")
        verbose_name_plural = _("anciennes adresses de bio")

    def __str__(self):
        return self.slug
