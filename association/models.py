"""Members of the association, their payments, territorial correspondents and contact requests."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from core.blocks import ContentBlock
from core.pages import SitePage

from .fees import MAX_FEE, Category, Tier, is_organisation


class MembershipQuerySet(models.QuerySet):
    def paid(self):
        return self.filter(status=Membership.Status.PAID)

    def of_members(self):
        """Leaves out the rows kept anonymised for the accounts after their member deleted the account."""
        return self.filter(user__isnull=False)

    def current(self, on: datetime.date | None = None):
        """Paid memberships of the year of `on` (today by default), of members who still have an account."""
        on = on or timezone.localdate()
        return self.paid().of_members().filter(year=on.year)

    def voters(self, on: datetime.date):
        """One member, one vote: the memberships paid on `on` for its year (an organisation votes through
        its named representative)."""
        end_of_day = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
        return self.current(on).filter(paid_at__lte=end_of_day).select_related("user").order_by("display_name", "pk")


class Membership(models.Model):
    """One member's membership for one calendar year (a renewal is the next year's row)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente du paiement")
        PAID = "paid", _("À jour")
        CANCELLED = "cancelled", _("Annulée")

    # Null once the member deleted their account: the paid rows stay, anonymised, for the accounts.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="memberships",
        verbose_name=_("compte"),
    )
    year = models.PositiveSmallIntegerField(_("année"), validators=[MaxValueValidator(2100)])
    category = models.CharField(_("catégorie"), max_length=30, choices=Category.choices)
    tier = models.CharField(_("tarif"), max_length=20, choices=Tier.choices)
    fee = models.PositiveIntegerField(_("cotisation (€)"), validators=[MaxValueValidator(MAX_FEE)])
    display_name = models.CharField(_("nom du membre"), max_length=200)
    representative = models.CharField(
        _("représentant·e"),
        max_length=200,
        blank=True,
        help_text=_("Pour une structure : la personne qui vote en son nom à l’assemblée générale."),
    )
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.PENDING)
    reference = models.UUIDField(_("référence"), default=uuid.uuid4, unique=True, editable=False)
    created = models.DateTimeField(_("créée le"), auto_now_add=True)
    paid_at = models.DateTimeField(_("payée le"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    lapse_notice_sent_at = models.DateTimeField(_("fin d’adhésion signalée le"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("adhésion")
        verbose_name_plural = _("adhésions")
        ordering = ["-year", "display_name"]
        constraints = [models.UniqueConstraint(fields=["user", "year"], name="association_one_membership_a_year")]
        permissions = [("view_members", _("Voir la liste des adhérent·es et préparer l’assemblée générale"))]
        indexes = [models.Index(fields=["status", "year"])]

    def __str__(self):
        return f"{self.display_name} ({self.year})"

    @property
    def is_organisation(self) -> bool:
        return is_organisation(self.category)

    @property
    def voter_name(self) -> str:
        return self.representative if self.is_organisation and self.representative else self.display_name

    @property
    def ends_on(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.PAID

    def paid_cents(self) -> int:
        return sum(payment.amount_cents for payment in self.payments.all())


class Payment(models.Model):
    """Money received for a membership: recorded by staff, or notified by HelloAsso. Never card data."""

    class Method(models.TextChoices):
        TRANSFER = "transfer", _("Virement")
        CHEQUE = "cheque", _("Chèque")
        CASH = "cash", _("Espèces")
        HELLOASSO = "helloasso", _("HelloAsso")
        NONE = "none", _("Sans paiement (tarif solidaire à 0 €)")

    membership = models.ForeignKey(
        Membership, on_delete=models.CASCADE, related_name="payments", verbose_name=_("adhésion")
    )
    amount_cents = models.PositiveIntegerField(_("montant (centimes)"), validators=[MaxValueValidator(MAX_FEE * 100)])
    method = models.CharField(_("moyen"), max_length=20, choices=Method.choices)
    provider_id = models.CharField(
        _("identifiant chez le prestataire"), max_length=64, null=True, blank=True, unique=True
    )
    received_at = models.DateTimeField(_("reçu le"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enregistré par"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("paiement")
        verbose_name_plural = _("paiements")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.amount_cents / 100:.2f} € — {self.get_method_display()}"


class WebhookDelivery(models.Model):
    """Each signed webhook body accepted once: a second delivery of the same body is a replay."""

    digest = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)
    event_type = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name = _("notification HelloAsso")
        verbose_name_plural = _("notifications HelloAsso")

    def __str__(self):
        return f"{self.event_type} {self.received_at:%Y-%m-%d %H:%M}"


class Correspondent(models.Model):
    """A territorial correspondent: drafts local news for the editors, in one territory's section only."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="correspondent", verbose_name=_("compte")
    )
    name = models.CharField(_("nom affiché"), max_length=200)
    region = models.ForeignKey(
        "reference.Region", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("région")
    )
    departement = models.ForeignKey(
        "reference.Departement", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("département")
    )
    section = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rubrique du territoire"),
        help_text=_("La page sous laquelle ce ou cette correspondant·e propose ses articles et événements."),
    )
    public = models.BooleanField(_("accepte d’apparaître dans la liste publique"), default=False)
    presentation = models.CharField(_("présentation"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("correspondant·e territorial·e")
        verbose_name_plural = _("correspondant·es territoriaux·ales")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False) | models.Q(departement__isnull=False),
                name="association_correspondent_has_territory",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def territory(self):
        return self.departement or self.region


class ContactRequest(models.Model):
    """« Parler à quelqu’un »: someone asks to be called back or met; staff follow it up."""

    class Status(models.TextChoices):
        NEW = "new", _("Nouvelle")
        SCHEDULED = "scheduled", _("Rendez-vous fixé")
        DONE = "done", _("Terminée")

    class Who(models.TextChoices):
        PERSON = "person", _("Une personne (emploi, bénévolat, curiosité)")
        CANDIDATE = "candidate", _("Une personne qui cherche un emploi")
        RECRUITER = "recruiter", _("Un·e employeur·se")
        ORGANISATION = "organisation", _("Une structure de l’ESS")
        OTHER = "other", _("Autre")

    class Channel(models.TextChoices):
        PHONE = "phone", _("Par téléphone")
        EMAIL = "email", _("Par courriel")
        IN_PERSON = "in_person", _("En personne, lors d’une permanence")

    name = models.CharField(_("nom"), max_length=150)
    who = models.CharField(_("vous êtes"), max_length=20, choices=Who.choices, default=Who.PERSON)
    reason = models.TextField(_("pourquoi souhaitez-vous nous parler ?"), max_length=2000)
    channel = models.CharField(_("comment vous joindre"), max_length=20, choices=Channel.choices)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    email = models.EmailField(_("adresse électronique"), blank=True)
    availability = models.CharField(_("moments qui vous conviennent"), max_length=300, blank=True)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.NEW)
    note = models.TextField(_("note de l’équipe"), max_length=2000, blank=True)
    created = models.DateTimeField(_("reçue le"), auto_now_add=True)

    class Meta:
        verbose_name = _("demande « Parler à quelqu’un »")
        verbose_name_plural = _("demandes « Parler à quelqu’un »")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.name} — {self.get_channel_display()}"


class EssGuidePage(SitePage):
    """« L’ESS, c’est quoi ? »: a plain-language page for readers new to the social economy."""

    lead = models.TextField(_("chapô"), max_length=600, blank=True)
    seo_description_sources = ["search_description", "lead"]
    body = StreamField(ContentBlock(), verbose_name=_("contenu"), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = []
    template = "association/ess_guide_page.html"

    class Meta:
        verbose_name = _("page « L’ESS, c’est quoi ? »")
