"""The home page, editorial pages, site-wide settings and the outgoing-email outbox."""

from functools import cached_property

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.urls import Resolver404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import COMMENTS_RELATION_NAME, Page, PageViewRestriction, Site
from wagtail.search import index
from wagtailseo.models import SeoMixin, SeoSettings, SeoType

from .blocks import HomeSectionBlock, StandardContentBlock

# The columns Wagtail writes when it records a draft revision or locks a page: what readers see of the
# live page does not change, so caches of live content have nothing to forget.
PAGE_BOOKKEEPING_FIELDS = frozenset(
    {
        COMMENTS_RELATION_NAME,
        "latest_revision_created_at",
        "draft_title",
        "latest_revision",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def changes_live_content(update_fields) -> bool:
    """Whether a page save with these `update_fields` (None: every field) may change its live content."""
    return update_fields is None or not set(update_fields) <= PAGE_BOOKKEEPING_FIELDS


def request_view_restrictions(request) -> list[PageViewRestriction]:
    """Every page view restriction (a handful on any site), read once per request."""
    restrictions = getattr(request, "_page_view_restrictions", None)
    if restrictions is None:
        restrictions = list(PageViewRestriction.objects.select_related("page"))
        if request is not None:
            request._page_view_restrictions = restrictions
    return restrictions


def public_pages(pages, request):
    """`pages.public()`, reading the view restrictions once per request rather than once per list."""
    private = Q()
    for restriction in request_view_restrictions(request):
        private |= pages.descendant_of_q(restriction.page, inclusive=True)
    return pages.exclude(private) if private else pages


def routes_like_site_page(page: Page, remaining_path=None) -> bool:
    """True when the page's type has no routing of its own (no sub-routes, no custom `route()`).

    Also true, given the rest of the path below the page, for a RoutablePage that says it routes
    unmatched paths like a site page (`routes_unmatched_paths_like_site_page`) when none of its own
    routes matches that rest: deep pages below it are then found in one lookup too.
    """
    specific_class = page.specific_class
    if specific_class is None:
        return False
    if specific_class.route is SitePage.route:
        return True
    if remaining_path is None or not getattr(specific_class, "routes_unmatched_paths_like_site_page", False):
        return False
    try:
        specific_class.get_resolver().resolve("/" + "".join(f"{part}/" for part in remaining_path))
    except Resolver404:
        return True
    return False


class SitePage(SeoMixin, Page):
    """Behaviour shared by every page of the site: SEO fields, breadcrumbs, JSON-LD."""

    promote_panels = SeoMixin.seo_panels
    seo_content_type = SeoType.WEBSITE

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """Wagtail's routing in a bounded number of queries, whatever the depth of the page.

        Deep paths are first looked up in one query by `url_path`, with the pages in between read in a
        second one; if every page on the way routes like this one (no sub-routes of its own), the page is
        served from there. Otherwise, and for short paths, the tree is walked level by level as plain
        Pages, and a page type with its own `route()` (e.g. a RoutablePage) takes over, as in Wagtail.
        """
        if len(path_components) > 2:
            page = self._route_by_url_path(path_components)
            if page is not None:
                return Page.route(page, request, [])
        page = self
        while len(path_components) > 1:
            try:
                child = page.get_children().get(slug=path_components[0])
            except Page.DoesNotExist as error:
                raise Http404 from error
            child._cached_parent_obj = page
            path_components = path_components[1:]
            if not routes_like_site_page(child):
                return child.specific.route(request, path_components)
            page = child
        return Page.route(page, request, path_components)

    def _route_by_url_path(self, path_components):
        """The specific page at `path_components` below this one, its parents cached; None to walk instead."""
        url_path = self.url_path + "/".join(path_components) + "/"
        # `slug` is indexed (`url_path` is not): few pages share a slug at a given depth of one site.
        candidates = Page.objects.filter(
            slug=path_components[-1], depth=self.depth + len(path_components), path__startswith=self.path
        )
        target = next((page for page in candidates if page.url_path == url_path), None)
        if target is None or not routes_like_site_page(target):
            return None
        between = list(
            Page.objects.filter(depth__gt=self.depth, depth__lt=target.depth)
            .filter(path__in=[target.path[: Page.steplen * depth] for depth in range(self.depth + 1, target.depth)])
            .order_by("depth")
        )
        if len(between) != target.depth - self.depth - 1 or not all(
            routes_like_site_page(page, path_components[page.depth - self.depth :]) for page in between
        ):
            return None
        parent = self
        for page in [*between, target]:
            page._cached_parent_obj = parent
            parent = page
        specific = target.specific
        specific._cached_parent_obj = target._cached_parent_obj
        return specific

    def get_view_restrictions(self):
        """The restrictions on this page and its ancestors. While the page is served (see the
        `before_serve_page` hook in `home/wagtail_hooks.py`), they come from the request's list, which
        the menu and page lists read too: one query per request instead of two."""
        request = getattr(self, "_serving_request", None)
        if request is None:
            return super().get_view_restrictions()
        return [r for r in request_view_restrictions(request) if self.path.startswith(r.page.path)]

    def get_breadcrumbs(self):
        """Ancestors shown in the breadcrumb, from the home page down.

        Wagtail's routing leaves each page's parent on it (`_cached_parent_obj`): when that chain reaches
        the top of the tree it is used as is; otherwise the ancestors are read in one query.
        """
        chain, page = [], self
        while hasattr(page, "_cached_parent_obj") and page._cached_parent_obj.depth > 1:
            page = page._cached_parent_obj
            chain.append(page)
        if page.depth == 2:
            return [ancestor.get_specific(deferred=True) for ancestor in reversed(chain)]  # no query
        return list(self.get_ancestors().filter(depth__gt=1).specific(defer=True))

    @cached_property
    def breadcrumbs(self):
        return self.get_breadcrumbs()

    def get_context(self, request, *args, **kwargs):
        # wagtail-seo reads the site and its settings at every property access: take both from the
        # request (where Wagtail already cached them) so a page costs no extra query for them.
        self._served_site = Site.find_for_request(request)
        self.seo_settings = SeoSettings.for_request(request)
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumb_json_ld"] = self.breadcrumb_json_ld(request)
        return context

    def get_subpages(self, request):
        """Live, public children, for the "Dans cette rubrique" list (titles and links only)."""
        return public_pages(self.get_children().live(), request)

    def get_site(self):
        """The page's site, looked up once per page instance (wagtail-seo asks for it many times)."""
        if getattr(self, "_served_site", None) is None:
            self._served_site = super().get_site()
        return self._served_site

    @cached_property
    def seo_settings(self) -> SeoSettings:
        return SeoSettings.for_site(site=self.get_site())

    @cached_property
    def seo_org_fields(self) -> SeoSettings:
        return self.seo_settings

    @cached_property
    def seo_image(self) -> AbstractImage | None:
        """wagtail-seo's image, with its default read from the settings once rather than at each access."""
        for attr in self.seo_image_sources:
            image = getattr(self, attr, None)
            if isinstance(image, AbstractImage):
                return image
        return self.seo_settings.og_image_default

    def breadcrumb_json_ld(self, request) -> dict:
        items = [*self.breadcrumbs, self]
        return {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": page.title,
                    "item": page.get_full_url(request),
                }
                for position, page in enumerate(items, start=1)
            ],
        }


class HomePage(SitePage):
    lead = models.TextField(_("chapô"), blank=True)
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


class OutgoingEmail(models.Model):
    """An email waiting to be delivered, or delivered. Saved before sending so nothing is lost.

    The bodies (which may hold password-reset or verification links) are cleared once the email is
    sent; `home.tasks.purge_old_emails` deletes sent rows after 30 days and failed ones after 90.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec définitif")

    to = models.JSONField(_("destinataires"))
    subject = models.CharField(_("objet"), max_length=255)
    text_body = models.TextField(_("texte"))
    html_body = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    from_email = models.CharField(_("expéditeur"), max_length=255, blank=True)
    status = models.CharField(_("état"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    # When a pending email may be queued again by `requeue_pending_emails`: after the back-off of a
    # failed attempt, or once the lease of a queued (not yet run) delivery has expired.
    next_attempt_at = models.DateTimeField(_("prochaine tentative"), default=timezone.now)

    class Meta:
        verbose_name = _("courriel sortant")
        verbose_name_plural = _("courriels sortants")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outgoing_email_status_idx"),
            models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due_idx"),
        ]

    def __str__(self):
        return f"{self.subject} → {', '.join(self.to)}"
