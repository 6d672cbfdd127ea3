"""ESS organisations: the structures behind offers, events, missions and press releases.

An organisation is created by a recruiter (or an editor) and stays unverified until a moderator checks
it. Its members are accounts; one of them at least is its administrator and approves those who ask to
join. Other apps point to `Organisation` and ask `services` whether a person may act for it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from reference.models import Commune, LegalForm, Sector

from ..validators import SiretField, normalise_siret

__all__ = ["Organisation", "OrganisationMembership", "OrganisationQuerySet", "unique_slug"]


class OrganisationQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(is_verified=True)

    def listed(self):
        """THE rule for what the public directory shows (listing, pages, sitemap, contact form): verified
        organisations only; one waiting for verification is nowhere public."""
        return self.filter(is_verified=True)

    def with_member(self, user):
        """Organisations where the person is an approved member (administrator or not)."""
        return self.filter(
            memberships__user=user, memberships__status=OrganisationMembership.Status.APPROVED
        ).distinct()


class Organisation(index.Indexed, models.Model):
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True, allow_unicode=False)
    legal_form = models.ForeignKey(
        LegalForm,
        verbose_name=_("forme juridique"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    siret = SiretField(
        _("SIRET"),
        blank=True,
        help_text=_("14 chiffres, sur l’avis de situation INSEE ou un extrait Kbis."),
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    website = models.URLField(_("site web"), blank=True)
    email = models.EmailField(
        _("adresse de contact"), blank=True, help_text=_("Jamais affichée : le site relaie les messages.")
    )
    description = models.TextField(_("présentation"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sectors = models.ManyToManyField(Sector, verbose_name=_("secteurs d’activité"), blank=True, related_name="+")
    is_verified = models.BooleanField(
        _("vérifiée"), default=False, help_text=_("Cochée par la modération une fois la structure vérifiée.")
    )
    verified_at = models.DateTimeField(_("vérifiée le"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifiée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("is_verified"),
    ]

    class Meta:
        verbose_name = _("structure")
        verbose_name_plural = _("structures")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["siret"], condition=~Q(siret=""), name="annuaire_unique_siret"),
        ]
        indexes = [models.Index(fields=["is_verified", "name"], name="annuaire_org_verified_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.siret = normalise_siret(self.siret)
        if not self.slug:
            self.slug = unique_slug(self.name)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.siret = normalise_siret(self.siret)

    def verify(self, by=None):
        self.is_verified = True
        self.verified_at = timezone.now()
        self.verified_by = by
        self.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])


def unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "structure"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


class OrganisationMembership(models.Model):
    """A person's link to an organisation: asked, then approved (or refused) by one of its administrators."""

    class Status(models.TextChoices):
        PENDING = "pending", _("demande en attente")
        APPROVED = "approved", _("membre")
        REFUSED = "refused", _("demande refusée")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
    )
    is_admin = models.BooleanField(_("administrateur·rice de la structure"), default=False)
    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("membre d’une structure")
        verbose_name_plural = _("membres des structures")
        ordering = ["organisation", "-is_admin", "requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="annuaire_unique_membership"),
        ]
        indexes = [models.Index(fields=["user", "status"], name="annuaire_membership_user")]

    def __str__(self):
        return f"{self.user} — {self.organisation}"
