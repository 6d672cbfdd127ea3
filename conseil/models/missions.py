"""Missions posted by ESS organisations and the proposals consultants send in answer.

A `Mission` is a `core.models.Moderated` record, like a job offer: an organisation member submits it,
a moderator publishes or refuses it with a reason (same « À modérer » inbox and history), and it closes
when the organisation picks a proposal or gives up. What the public sees is one rule,
`MissionQuerySet.visible()` (published or closed); `listed()` is what still takes answers.
A `Proposal` is one consultant's answer (message and optional PDF kept in private storage).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from annuaire.models import Organisation
from core.models import Moderated, ModerationStatus, StateChange
from core.private_files import private_storage
from reference.models import Departement, Region, Sector

from .profiles import ConsultantProfile, Expertise


class MissionQuerySet(models.QuerySet):
    def visible(self):
        """What the public may open: published missions, and closed ones (shown as closed)."""
        return self.filter(status__in=[ModerationStatus.PUBLISHED, ModerationStatus.CLOSED])

    def listed(self):
        """What the listing shows: published missions still taking answers."""
        return self.filter(status=ModerationStatus.PUBLISHED, answer_by__gte=timezone.localdate())


class Mission(Moderated):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("structure"), on_delete=models.CASCADE, related_name="missions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publiée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("intitulé"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=False)
    need = models.TextField(_("besoin"), max_length=5000)
    deliverables = models.TextField(_("livrables attendus"), max_length=3000)
    expertises = models.ManyToManyField(Expertise, verbose_name=_("domaines d’expertise"), related_name="missions")
    sector = models.ForeignKey(
        Sector, verbose_name=_("secteur"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    budget_min = models.PositiveIntegerField(
        _("budget minimum (€ HT)"), null=True, blank=True, validators=[MaxValueValidator(10_000_000)]
    )
    budget_max = models.PositiveIntegerField(
        _("budget maximum (€ HT)"), null=True, blank=True, validators=[MaxValueValidator(10_000_000)]
    )
    region = models.ForeignKey(
        Region, verbose_name=_("région"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    departement = models.ForeignKey(
        Departement, verbose_name=_("département"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    remote = models.BooleanField(_("possible à distance"), default=False)
    answer_by = models.DateField(_("date limite de réponse"))
    notified_at = models.DateTimeField(_("consultant·es prévenu·es le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = MissionQuerySet.as_manager()
    state_history_model = None  # set below

    class Meta:
        verbose_name = _("mission de conseil")
        verbose_name_plural = _("missions de conseil")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "answer_by"], name="conseil_mission_listed"),
            models.Index(fields=["organisation", "status"], name="conseil_mission_org"),
            models.Index(fields=["status", "notified_at"], name="conseil_mission_notify"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget_min__isnull=True)
                | Q(budget_max__isnull=True)
                | Q(budget_min__lte=models.F("budget_max")),
                name="conseil_mission_budget_range",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:190] or "mission"
        super().save(*args, **kwargs)

    @property
    def url_key(self) -> str:
        return f"{self.slug}-{self.pk}"

    @property
    def takes_answers(self) -> bool:
        return self.status == ModerationStatus.PUBLISHED and self.answer_by >= timezone.localdate()

    @property
    def place_label(self) -> str:
        parts = []
        if self.departement_id:
            parts.append(f"{self.departement.name} ({self.departement.code})")
        elif self.region_id:
            parts.append(self.region.name)
        if self.remote:
            parts.append(str(_("à distance possible")) if parts else str(_("à distance")))
        return " · ".join(parts) or str(_("France entière"))

    @property
    def budget_label(self) -> str:
        if self.budget_min and self.budget_max:
            return _("%(low)s à %(high)s € HT") % {"low": f"{self.budget_min:n}", "high": f"{self.budget_max:n}"}
        if self.budget_max:
            return _("jusqu’à %(high)s € HT") % {"high": f"{self.budget_max:n}"}
        if self.budget_min:
            return _("à partir de %(low)s € HT") % {"low": f"{self.budget_min:n}"}
        return ""


class MissionStateChange(StateChange):
    subject = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="state_changes")

    class Meta(StateChange.Meta):
        verbose_name = _("étape de modération d’une mission")
        verbose_name_plural = _("étapes de modération des missions")


Mission.state_history_model = MissionStateChange


def proposal_upload_to(instance, filename: str) -> str:
    return f"conseil/propositions/{filename}"


class Proposal(models.Model):
    """A consultant's answer to a mission; only the mission's organisation and its author read it."""

    class Status(models.TextChoices):
        SENT = "sent", _("envoyée")
        SHORTLISTED = "shortlisted", _("présélectionnée")
        CHOSEN = "chosen", _("retenue")
        NOT_CHOSEN = "not_chosen", _("non retenue")

    mission = models.ForeignKey(Mission, verbose_name=_("mission"), on_delete=models.CASCADE, related_name="proposals")
    consultant = models.ForeignKey(
        ConsultantProfile, verbose_name=_("consultant·e"), on_delete=models.CASCADE, related_name="proposals"
    )
    message = models.TextField(_("proposition"), max_length=5000)
    attachment = models.FileField(
        _("pièce jointe (PDF)"), storage=private_storage, upload_to=proposal_upload_to, blank=True, max_length=255
    )
    attachment_name = models.CharField(_("nom du fichier"), max_length=120, blank=True)
    status = models.CharField(_("état"), max_length=12, choices=Status.choices, default=Status.SENT)
    outcome_sent_at = models.DateTimeField(_("issue annoncée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("proposition")
        verbose_name_plural = _("propositions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["mission", "consultant"], name="conseil_one_proposal_per_consultant")
        ]

    def __str__(self):
        return f"{self.consultant} → {self.mission}"
