"""What ESS actors send to the agenda, kept apart from the pages it becomes, and what imports brought.

An `EventSubmission` is one proposal on the shared pipeline (`core.submissions`): an event (a draft
EventPage once its sender's address is confirmed) or the photos of a past event (a draft revision of its
EventPage adding them to the gallery). Either way it points to the page in moderation; the editors'
decision on that page (published, or its workflow rejected) decides it and tells its sender, once.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Submission


def pending_image_path(instance, filename):
    """Pictures waiting for an address confirmation: a random name, never the uploaded one."""
    return f"agenda/propositions/{uuid.uuid4().hex}.{filename.rsplit('.', 1)[-1][:4]}"


class EventSubmission(Submission):
    class Kind(models.TextChoices):
        EVENT = "event", _("événement")
        PHOTOS = "photos", _("photos d’un événement passé")

    kind = models.CharField(_("nature"), max_length=10, choices=Kind.choices, default=Kind.EVENT)
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

    confirmation_salt = "agenda.submission.confirm"
    confirmation_max_age = timedelta(days=3)

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

    @property
    def title(self) -> str:
        page = self.page.specific if self.page_id and self.page else None
        return page.title if page is not None else (self.data or {}).get("title", "")

    def pending_files(self) -> list:
        return [self.pending_image]

    def decision_email(self, *, published: bool) -> tuple[str, str]:
        """The editors' decision: published (with the link), or not retained (with their reason)."""
        title = {"title": self.title}
        photos = self.kind == self.Kind.PHOTOS
        lines = [gettext("Bonjour,"), ""]
        if published:
            if photos:
                subject = gettext("Vos photos de « %(title)s » sont publiées") % title
                lines.append(
                    gettext("La rédaction de Solidaires a validé vos photos de l’événement « %(title)s ».") % title
                )
            else:
                subject = gettext("Votre événement « %(title)s » est publié") % title
                lines.append(
                    gettext(
                        "La rédaction de Solidaires a validé votre événement « %(title)s » : il figure dans l’agenda."
                    )
                    % title
                )
            url = self.page.specific.get_full_url() if self.page_id and self.page else ""
            if url:
                lines += ["", gettext("Le voir en ligne : %(url)s") % {"url": url}]
        else:
            if photos:
                subject = gettext("Vos photos de « %(title)s » n’ont pas été retenues") % title
                lines.append(
                    gettext("La rédaction de Solidaires n’a pas retenu vos photos de l’événement « %(title)s ».")
                    % title
                )
            else:
                subject = gettext("Votre événement « %(title)s » n’a pas été retenu") % title
                lines.append(
                    gettext("La rédaction de Solidaires n’a pas retenu votre événement « %(title)s » pour l’agenda.")
                    % title
                )
            if self.decision_reason:
                lines += ["", gettext("Motif :"), self.decision_reason]
            lines += [
                "",
                gettext("Vous pouvez nous écrire en répondant à l’adresse de contact du site pour en savoir plus."),
            ]
        lines += ["", gettext("L’équipe de Solidaires")]
        return subject, "\n".join(lines)


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
