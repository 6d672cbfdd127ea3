"""Consultants and experts of the ESS: their profiles, areas of expertise and past references.

A `ConsultantProfile` belongs to one account and is shown to the public when its owner makes it public
(`ConsultantProfileQuerySet.visible()`, the one rule). Its verification goes through core's moderation
pipeline (`core.models.Moderated`): the owner asks for it (submit), a moderator grants it (publish) or
refuses it with a reason; a verified profile is one in the published state.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from core.models import Moderated, ModerationStatus, StateChange
from reference.models import Departement, Region, Sector, Vocabulary


class Expertise(Vocabulary):
    """An area of expertise (stratégie, financement, RH…): a list editors manage."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("domaine d’expertise")
        verbose_name_plural = _("domaines d’expertise")


# Sub-paths of /conseil/ that are not profiles.
RESERVED_SLUGS = {"missions"}


class ConsultantProfileQuerySet(models.QuerySet):
    def visible(self):
        """What the public sees: public profiles of active accounts."""
        return self.filter(visibility=ConsultantProfile.Visibility.PUBLIC, user__is_active=True)


class ConsultantProfile(index.Indexed, Moderated):
    # In the site search (`conseil/searchables.py`), through Wagtail's one index.
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("headline", boost=2),
        index.SearchField("bio"),
        index.SearchField("methods"),
    ]

    class Kind(models.TextChoices):
        PERSON = "person", _("Consultant·e indépendant·e")
        FIRM = "firm", _("Cabinet ou collectif")

    class Availability(models.TextChoices):
        AVAILABLE = "available", _("Disponible")
        SOON = "soon", _("Disponible prochainement")
        UNAVAILABLE = "unavailable", _("Indisponible")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Publique")
        HIDDEN = "hidden", _("Masquée")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="consultant_profile",
        verbose_name=_("compte"),
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=170, unique=True, allow_unicode=False)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo ou logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    headline = models.CharField(_("accroche"), max_length=200)
    bio = models.TextField(_("présentation"), max_length=5000, blank=True)
    expertises = models.ManyToManyField(Expertise, verbose_name=_("domaines d’expertise"), related_name="consultants")
    sectors = models.ManyToManyField(Sector, verbose_name=_("secteurs"), blank=True, related_name="consultants")
    national = models.BooleanField(_("intervient dans toute la France"), default=False)
    regions = models.ManyToManyField(Region, verbose_name=_("régions"), blank=True, related_name="consultants")
    departements = models.ManyToManyField(
        Departement, verbose_name=_("départements"), blank=True, related_name="consultants"
    )
    languages = models.CharField(_("langues de travail"), max_length=200, blank=True, default="français")
    methods = models.TextField(_("méthodes"), max_length=3000, blank=True)
    certifications = models.TextField(_("certifications et labels"), max_length=2000, blank=True)
    daily_rate_min = models.PositiveIntegerField(
        _("tarif journalier minimum (€ HT)"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    daily_rate_max = models.PositiveIntegerField(
        _("tarif journalier maximum (€ HT)"), null=True, blank=True, validators=[MaxValueValidator(100_000)]
    )
    availability = models.CharField(
        _("disponibilité"), max_length=12, choices=Availability.choices, default=Availability.AVAILABLE, db_index=True
    )
    visibility = models.CharField(
        _("visibilité"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC, db_index=True
    )
    mission_alerts = models.BooleanField(
        _("recevoir par courriel les missions qui me correspondent"),
        default=True,
        help_text=_("Un courriel groupé quand des missions de votre domaine et de votre territoire sont publiées."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = ConsultantProfileQuerySet.as_manager()
    state_history_model = None  # set below, once ConsultantStateChange exists

    class Meta:
        verbose_name = _("fiche consultant·e")
        verbose_name_plural = _("fiches consultant·es")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def verified(self) -> bool:
        """Granted by a moderator (the published state of the moderation pipeline)."""
        return self.status == ModerationStatus.PUBLISHED

    @property
    def is_firm(self) -> bool:
        return self.kind == self.Kind.FIRM

    def clean(self):
        super().clean()
        if self.daily_rate_min is not None and self.daily_rate_max is not None:
            if self.daily_rate_min > self.daily_rate_max:
                raise ValidationError(
                    {"daily_rate_max": _("Le tarif maximum doit être supérieur ou égal au tarif minimum.")}
                )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)

    def unique_slug(self) -> str:
        base = slugify(self.name)[:150] or "consultant"
        slug, n = base, 1
        while slug in RESERVED_SLUGS or ConsultantProfile.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]


class ConsultantReference(models.Model):
    """A past mission: for whom, when, what."""

    profile = models.ForeignKey(ConsultantProfile, on_delete=models.CASCADE, related_name="references")
    organisation = models.CharField(_("structure"), max_length=200)
    year = models.PositiveSmallIntegerField(_("année"), validators=[MinValueValidator(1950), MaxValueValidator(2100)])
    description = models.TextField(_("description"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("référence")
        verbose_name_plural = _("références")
        ordering = ["-year", "pk"]

    def __str__(self):
        return f"{self.organisation} ({self.year})"


class ConsultantStateChange(StateChange):
    subject = models.ForeignKey(ConsultantProfile, on_delete=models.CASCADE, related_name="state_changes")

    class Meta(StateChange.Meta):
        verbose_name = _("étape de vérification")
        verbose_name_plural = _("étapes de vérification")


ConsultantProfile.state_history_model = ConsultantStateChange
