"""The home page, editorial pages and site-wide settings: where the site assembles its features."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.pages import SitePage

from .blocks import HomeSectionBlock, StandardContentBlock


class HomePage(SitePage):
    lead = models.TextField(_("chapô"), blank=True)
    seo_description_sources = ["search_description", "lead"]  # the meta description falls back on the lead
    body = StreamField(HomeSectionBlock(), verbose_name=_("sections"), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("lead")]

    # One home page per Site: each regional declination is a Wagtail Site with its own home page.
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("page d’accueil")

    def get_breadcrumbs(self):
        return []

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisation_json_ld"] = self.organisation_json_ld(request)
        return context

    def organisation_json_ld(self, request) -> dict:
        site_settings = SiteSettings.for_request(request)
        same_as = [url for url in site_settings.social_urls().values() if url]
        data = {
            "@context": "https://schema.org",
            "@type": "Organization",
            "name": self.get_site().site_name or "Solidaires",
            "url": self.get_full_url(request),
        }
        if same_as:
            data["sameAs"] = same_as
        if site_settings.contact_email:
            data["email"] = site_settings.contact_email
        return data


class StandardPage(SitePage):
    """An editorial page: à propos, mentions légales, charte éthique, contact..."""

    lead = models.TextField(_("chapô"), blank=True)
    seo_description_sources = ["search_description", "lead"]  # the meta description falls back on the lead
    body = StreamField(StandardContentBlock(), verbose_name=_("contenu"), blank=True, use_json_field=True)

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["subpages"] = self.get_subpages(request)
        return context

    class Meta:
        verbose_name = _("page éditoriale")
        verbose_name_plural = _("pages éditoriales")


def page_link(verbose_name) -> models.ForeignKey:
    """An optional link from a setting to a page, cleared if the page is deleted."""
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """What the footer and contact details show, edited in Paramètres > Site."""

    select_related = [
        "legal_notice_page",
        "privacy_page",
        "charter_page",
        "contact_page",
        "accessibility_page",
    ]

    tagline = models.CharField(_("signature"), max_length=160, blank=True)
    contact_email = models.EmailField(_("adresse de contact"), blank=True)
    footer_text = models.TextField(_("texte du pied de page"), blank=True)
    legal_notice = RichTextField(_("mentions légales abrégées"), blank=True, features=["bold", "italic", "link"])
    legal_notice_page = page_link(_("page des mentions légales"))
    privacy_page = page_link(_("page de confidentialité"))
    charter_page = page_link(_("page de la charte éthique"))
    contact_page = page_link(_("page de contact"))
    accessibility_page = page_link(_("page de la déclaration d’accessibilité"))
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    bluesky_url = models.URLField(_("Bluesky"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("tagline"), FieldPanel("contact_email")], heading=_("Identité")),
        MultiFieldPanel(
            [
                FieldPanel("footer_text"),
                FieldPanel("legal_notice"),
                FieldPanel("legal_notice_page"),
                FieldPanel("privacy_page"),
                FieldPanel("charter_page"),
                FieldPanel("contact_page"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Pied de page"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("mastodon_url"),
                FieldPanel("linkedin_url"),
                FieldPanel("facebook_url"),
                FieldPanel("bluesky_url"),
            ],
            heading=_("Réseaux sociaux"),
        ),
    ]

    class Meta:
        verbose_name = _("paramètres du site")

    def social_urls(self) -> dict[str, str]:
        return {
            "Mastodon": self.mastodon_url,
            "LinkedIn": self.linkedin_url,
            "Facebook": self.facebook_url,
            "Bluesky": self.bluesky_url,
        }

    def footer_pages(self) -> list[Page]:
        pages = [
            self.legal_notice_page,
            self.privacy_page,
            self.charter_page,
            self.accessibility_page,
            self.contact_page,
        ]
        return [page for page in pages if page is not None and page.live]
