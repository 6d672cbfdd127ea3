"""Subscribers, their lists, the letters (Wagtail pages) and the send log of each letter.

A subscriber is mailed only while `status` is active; bounced and complained addresses are never mailed
again (only staff can put them back). Each letter has one `Delivery` row per recipient: the send log that
makes a retried or restarted batch skip those already sent.
"""

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from core.pages import SitePage

from .blocks import LetterBodyBlock
from .rendering import letter_items, render_letter

EMAIL_MAX_LENGTH = 254


class MailingListQuerySet(models.QuerySet):
    def offered_on(self, site):
        """The lists offered on `site`'s sign-up forms: the public national lists (no site) and the public
        regional lists of that site only; `None` (no site matched the request): the national lists."""
        where = models.Q(site__isnull=True)
        if site is not None:
            where |= models.Q(site=site)
        return self.filter(where, is_public=True)


class MailingList(models.Model):
    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("lettre hebdomadaire")
        RECRUITERS = "recruiters", _("lettre des recruteurs")
        REGIONAL = "regional", _("lettre régionale")

    slug = models.SlugField(_("identifiant"), max_length=50, unique=True)
    name = models.CharField(_("nom"), max_length=100)
    description = models.CharField(_("description"), max_length=255, blank=True)
    kind = models.CharField(_("genre"), max_length=12, choices=Kind.choices, default=Kind.WEEKLY)
    site = models.ForeignKey(
        "wagtailcore.Site",
        verbose_name=_("site régional"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Pour une lettre régionale : le site de la déclinaison."),
    )
    is_public = models.BooleanField(_("proposée à l’inscription"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = MailingListQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("kind"),
        FieldPanel("site"),
        FieldPanel("is_public"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("liste de diffusion")
        verbose_name_plural = _("listes de diffusion")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", _("à confirmer")
    ACTIVE = "active", _("inscrit")
    UNSUBSCRIBED = "unsubscribed", _("désinscrit")
    BOUNCED = "bounced", _("adresse en échec")
    COMPLAINED = "complained", _("signalé comme indésirable")


# Addresses that must never be mailed again (a bounce or a spam complaint).
BLOCKED_STATUSES = (SubscriberStatus.BOUNCED, SubscriberStatus.COMPLAINED)


class ConsentSource(models.TextChoices):
    FORM = "form", _("formulaire du site")
    IMPORT = "import", _("import d’une liste")
    ADMIN = "admin", _("administration")


class Subscriber(models.Model):
    email = models.EmailField(_("adresse électronique"), max_length=EMAIL_MAX_LENGTH, unique=True)
    status = models.CharField(
        _("état"), max_length=12, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING
    )
    lists = models.ManyToManyField(MailingList, verbose_name=_("listes"), blank=True, related_name="subscribers")
    # The consent record: when, how, from which page.
    consent_at = models.DateTimeField(_("consentement donné le"), null=True, blank=True)
    consent_source = models.CharField(
        _("consentement recueilli par"), max_length=10, choices=ConsentSource.choices, default=ConsentSource.FORM
    )
    consent_page = models.CharField(_("depuis la page"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("lien de confirmation envoyé le"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("désinscrit le"), null=True, blank=True)
    blocked_at = models.DateTimeField(_("bloqué le"), null=True, blank=True)
    blocked_reason = models.CharField(_("raison du blocage"), max_length=255, blank=True)

    panels = [
        FieldPanel("email"),
        FieldPanel("status"),
        FieldPanel("lists"),
        MultiFieldPanel(
            [FieldPanel("consent_at"), FieldPanel("consent_source"), FieldPanel("consent_page")],
            heading=_("Consentement"),
        ),
    ]

    class Meta:
        verbose_name = _("abonné·e")
        verbose_name_plural = _("abonné·es")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "id"], name="newsletter_subscriber_status")]

    def __str__(self):
        return self.email

    @property
    def is_blocked(self) -> bool:
        return self.status in BLOCKED_STATUSES


class NewsletterIndexPage(SitePage):
    """`/newsletter/`: the public archive of the letters sent, newest first."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["newsletter.NewsletterPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("archive des lettres")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        letters = (
            NewsletterPage.objects.child_of(self)
            .live()
            .public()
            .filter(sent_at__isnull=False)
            .select_related("mailing_list")
            .order_by("-sent_at", "-pk")
        )
        context["letters"] = Paginator(letters, 20).get_page(request.GET.get("page"))
        return context


class SendStatus(models.TextChoices):
    DRAFT = "draft", _("brouillon")
    SCHEDULED = "scheduled", _("programmée")
    SENDING = "sending", _("en cours d’envoi")
    SENT = "sent", _("envoyée")


class NewsletterPage(SitePage):
    """One letter: its web version in the archive and, once sent, the email every subscriber got."""

    mailing_list = models.ForeignKey(
        MailingList, verbose_name=_("liste de diffusion"), on_delete=models.PROTECT, related_name="letters"
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=2000)
    body = StreamField(LetterBodyBlock(), verbose_name=_("contenu"), blank=True, use_json_field=True)
    send_status = models.CharField(
        _("envoi"), max_length=10, choices=SendStatus.choices, default=SendStatus.DRAFT, editable=False
    )
    scheduled_at = models.DateTimeField(_("envoi programmé le"), null=True, blank=True, editable=False)
    sending_started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True, editable=False)
    recipient_count = models.PositiveIntegerField(_("destinataires"), default=0, editable=False)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("mailing_list"), FieldPanel("intro")], heading=_("Lettre")),
        FieldPanel("body"),
    ]
    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []
    preview_modes = [("", _("Page web")), ("email", _("Courriel")), ("text", _("Texte seul"))]

    class Meta:
        verbose_name = _("lettre d’information")
        verbose_name_plural = _("lettres d’information")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["items"] = letter_items(self, request.build_absolute_uri("/").rstrip("/"))
        return context

    def serve_preview(self, request, mode_name):
        if mode_name in ("email", "text"):
            rendered = render_letter(self, base_url=request.build_absolute_uri("/").rstrip("/"))
            if mode_name == "text":
                return HttpResponse(rendered.text, content_type="text/plain; charset=utf-8")
            return HttpResponse(rendered.preview_html())
        return super().serve_preview(request, mode_name)


class Delivery(models.Model):
    """The send log: one row per letter and recipient, `sent` once handed to the mail provider."""

    class Status(models.TextChoices):
        PENDING = "pending", _("à envoyer")
        SENT = "sent", _("envoyé")
        SKIPPED = "skipped", _("non envoyé (désinscrit ou bloqué entre-temps)")

    letter = models.ForeignKey(NewsletterPage, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("envoi à un·e abonné·e")
        verbose_name_plural = _("journal d’envoi")
        constraints = [models.UniqueConstraint(fields=["letter", "subscriber"], name="newsletter_delivery_once")]
        indexes = [models.Index(fields=["letter", "status", "id"], name="newsletter_delivery_todo")]

    def __str__(self):
        return f"{self.letter_id} → {self.subscriber_id}: {self.status}"
