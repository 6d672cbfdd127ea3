"""Partners of the job board (a regional CRESS, a federation): sites that show our offers through a secret
address (RSS, JSON Feed, an iframe widget), each with a saved filter.

The module keeps the name it had when it also held the job board page: migration 0003 refers to
`emploi.models.public.new_partner_token`. The exports themselves are `emploi.partners`; the page serving
them is `emploi.models.pages.OffersIndexPage`.
"""

import secrets

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reference.models import Commune, ContractType, Departement, Region, Sector

from .offers import JobFunction

__all__ = ["FEED_ITEMS", "Partner", "PartnerQuerySet", "new_partner_token"]

# Most offers a feed or a partner's export lists.
FEED_ITEMS = 50


def new_partner_token() -> str:
    return secrets.token_urlsafe(24)


class PartnerQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Partner(models.Model):
    """A site that shows our offers (a regional CRESS, a federation): a secret token in its addresses and a
    saved filter, the same as the listing's."""

    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    token = models.CharField(
        _("jeton"),
        max_length=64,
        unique=True,
        default=new_partner_token,
        help_text=_("Secret présent dans les adresses du partenaire. Videz le champ pour en générer un nouveau."),
        blank=True,
    )
    is_active = models.BooleanField(_("actif"), default=True)
    keywords = models.CharField(_("mots-clés"), max_length=100, blank=True)
    contract_types = models.ManyToManyField(
        ContractType, verbose_name=_("types de contrat"), blank=True, related_name="+"
    )
    functions = models.ManyToManyField(JobFunction, verbose_name=_("métiers"), blank=True, related_name="+")
    sectors = models.ManyToManyField(Sector, verbose_name=_("secteurs d’activité"), blank=True, related_name="+")
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    departement = models.ForeignKey(
        Departement, verbose_name=_("département"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    commune = models.ForeignKey(
        Commune, verbose_name=_("commune"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    radius_km = models.PositiveSmallIntegerField(_("rayon autour de la commune (km)"), default=30)
    full_remote_only = models.BooleanField(_("télétravail complet seulement"), default=False)
    items_count = models.PositiveSmallIntegerField(
        _("nombre d’offres affichées"), default=20, help_text=_("De 1 à 50.")
    )
    created_at = models.DateTimeField(_("créé le"), default=timezone.now, editable=False)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partenaire de diffusion")
        verbose_name_plural = _("partenaires de diffusion")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.token:
            self.token = new_partner_token()
        self.items_count = max(1, min(self.items_count or 20, FEED_ITEMS))
        super().save(*args, **kwargs)

    def regenerate_token(self) -> str:
        with transaction.atomic():
            self.token = new_partner_token()
            self.save(update_fields=["token"])
        return self.token

    def endpoints(self, index_page, request=None) -> dict[str, str]:
        """The partner's three addresses under the job board page `index_page` (an OffersIndexPage)."""
        base = index_page.get_full_url(request)
        return {
            name: base + index_page.reverse_subpage(f"partner_{name}", kwargs={"token": self.token})
            for name in ("rss", "json", "widget")
        }
