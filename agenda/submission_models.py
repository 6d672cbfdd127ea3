"""What ESS actors send to the agenda, kept apart from the pages it becomes.

An `EventSubmission` is the record of one proposal: an event (a draft EventPage to be moderated) or
photos of a past event (a draft revision of its EventPage adding them to the gallery). It holds who sent
it (account or verified address), the Wagtail workflow state that moderates it, and whether the
submitter has been told the decision (set once: the emails are idempotent).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def pending_image_path(instance, filename):
    """Pictures waiting for an address confirmation: a random name, never the uploaded one."""
    return f"agenda/propositions/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1][:4]}"


class EventSubmission(models.Model):
    class Kind(models.TextChoices):
        EVENT = "event", _("événement")
        PHOTOS = "photos", _("photos d’un événement passé")

    class Status(models.TextChoices):
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("adresse à confirmer")
        SUBMITTED = "submitted", _("en cours de modération")
        PUBLISHED = "published", _("publiée")
        REFUSED = "refused", _("refusée")
        EXPIRED = "expired", _("expirée")

    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.EVENT)
    status = models.CharField(
        _("statut"), max_length=24, choices=Status.choices, default=Status.AWAITING_CONFIRMATION, db_index=True
    )
    email = models.EmailField(_("adresse de la personne"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "annuaire.Organisation",
        verbose_name=_("structure"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(_("contenu proposé"), default=dict, blank=True)
    pending_image = models.FileField(_("image en attente"), upload_to=pending_image_path, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    workflow_state = models.ForeignKey(
        "wagtailcore.WorkflowState",
        verbose_name=_("modération"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("reçue le"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decision_comment = models.TextField(_("motif"), blank=True)
    notified_at = models.DateTimeField(_("personne prévenue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposition pour l’agenda")
        verbose_name_plural = _("propositions pour l’agenda")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["email", "created_at"], name="agenda_submission_email"),
            models.Index(fields=["page", "status"], name="agenda_submission_page"),
        ]

    def __str__(self):
        title = (self.data or {}).get("title") or self.get_kind_display()
        return f"{title} ({self.email})"


class EventImportRecord(models.Model):
    """What the last import of a partner's event brought, to update it only when the source changed."""

    source_uid = models.CharField(_("identifiant d’origine"), max_length=255, unique=True)
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(_("empreinte du contenu importé"), max_length=64)
    sequence = models.IntegerField(_("SEQUENCE d’origine"), default=0)
    imported_at = models.DateTimeField(_("importé le"), default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("importé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("événement importé")
        verbose_name_plural = _("événements importés")

    def __str__(self):
        return self.source_uid


def _connect_signals():
    from .moderation import connect_signals

    connect_signals()


_connect_signals()
