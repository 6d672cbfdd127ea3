"""Press releases sent through the public form (`magazine.press`), on the shared submission pipeline
(`core.submissions`): saved until the sender confirms their address, then turned into a draft
ArticlePage of kind « communiqué » in the editorial workflow; the editors' decision is emailed once."""

import os
import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.template.loader import render_to_string
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Submission


def press_attachment_path(instance, filename):
    # A random name: the pending files are never linked from a page, and are not guessable.
    extension = os.path.splitext(filename)[1].lower()
    return f"communiques/en-attente/{uuid.uuid4().hex}{extension}"


class PressReleaseSubmission(Submission):
    """A press release and its sender. `page` is the draft article it became once confirmed."""

    contact_name = models.CharField(_("nom du contact"), max_length=150)
    organisation_name = models.CharField(_("structure émettrice (saisie)"), max_length=200)
    organisation = models.ForeignKey(
        "annuaire.Organisation",
        verbose_name=_("structure de l’annuaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_release_submissions",
    )
    title = models.CharField(_("titre"), max_length=200)
    text = models.TextField(_("texte"))
    content_hash = models.CharField(_("empreinte du contenu"), max_length=64, editable=False)

    confirmation_salt = "magazine.press-release.confirmation"
    confirmation_max_age = timedelta(hours=48)

    # Registered as a (read-only) snippet for the admin, but nothing refers to it: no reference index.
    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("communiqué reçu")
        verbose_name_plural = _("communiqués reçus")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email", "content_hash", "created_at"], name="press_duplicate_idx")]

    def __str__(self):
        return self.title

    @classmethod
    def from_token(cls, token: str):
        return cls._from_earlier_token(token) or super().from_token(token)

    @classmethod
    def _from_earlier_token(cls, token: str):
        """Links emailed before press releases joined `core.Submission` signed {"submission", "hash"}
        with the same salt: they stay valid until they expire (48 hours after the deployment, after
        which this method can go)."""
        try:
            payload = signing.loads(token, salt=cls.confirmation_salt, max_age=cls.confirmation_max_age)
        except signing.BadSignature:
            return None
        if not isinstance(payload, dict) or "submission" not in payload:
            return None
        submission = cls.objects.filter(pk=payload["submission"]).first()
        if submission is None or not submission.content_hash.startswith(str(payload.get("hash"))):
            return None
        return submission

    def pending_files(self) -> list:
        return [attachment.file for attachment in self.attachments.all()]

    def decision_email(self, *, published: bool) -> tuple[str, str] | None:
        if published:
            page = self.page
            if page is None:
                return None
            subject = gettext("Votre communiqué « %(title)s » est publié") % {"title": Truncator(page.title).chars(80)}
            text = render_to_string(
                "magazine/press/emails/published.txt", {"submission": self, "link": page_address(page)}
            )
        else:
            subject = gettext("Votre communiqué « %(title)s » n’a pas été retenu") % {
                "title": Truncator(self.title).chars(80)
            }
            text = render_to_string(
                "magazine/press/emails/refused.txt", {"submission": self, "reason": self.decision_reason}
            )
        return subject, text


def page_address(page) -> str:
    """The page's absolute address, on the admin's base URL when its site has no full one."""
    url = page.get_full_url()
    if url and url.startswith("http"):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (page.get_url() or "/")


class PressReleaseAttachment(models.Model):
    """A checked file waiting for the confirmation; it becomes a Wagtail document or image then."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF")
        IMAGE = "image", _("Image")

    submission = models.ForeignKey(
        PressReleaseSubmission, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("communiqué")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("fichier"), upload_to=press_attachment_path)
    name = models.CharField(_("nom du fichier"), max_length=120)
    title = models.CharField(_("titre"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("pièce jointe d’un communiqué")
        verbose_name_plural = _("pièces jointes des communiqués")
        ordering = ["submission", "position"]

    def __str__(self):
        return self.name
