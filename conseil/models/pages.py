"""`ConsultantIndexPage`: the directory at /conseil/ (editors write its introduction), each public profile
at /conseil/<slug>/ and its contact form at /conseil/<slug>/contacter/."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.pages import SitePage

from .. import views_missions_public, views_public


class ConsultantIndexPage(RoutablePageMixin, SitePage):
    lead = models.TextField(_("chapô"), blank=True)
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    seo_description_sources = ["search_description", "lead"]

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("annuaire des consultant·es")

    _profile_seo: dict | None = None

    @property
    def seo_pagetitle(self) -> str:
        return self._profile_seo["title"] if self._profile_seo else super().seo_pagetitle

    @property
    def seo_description(self) -> str:
        if self._profile_seo:
            return self._profile_seo["description"]
        return super().seo_description or self.lead

    @property
    def seo_canonical_url(self) -> str:
        return self._profile_seo["canonical"] if self._profile_seo else super().seo_canonical_url

    def profile_path(self, profile) -> str:
        return self.url + self.reverse_subpage("profile", kwargs={"slug": profile.slug})

    @path("", name="listing")
    def listing(self, request):
        return views_public.listing(self, request)

    # Missions come before the profiles: "missions" is never a profile's slug (`RESERVED_SLUGS`).
    @path("missions/", name="missions")
    def missions(self, request):
        return views_missions_public.listing(self, request)

    @re_path(r"^missions/(?P<slug>[-a-z0-9]{0,200})-(?P<pk>[0-9]{1,12})/$", name="mission")
    def mission(self, request, slug, pk):
        return views_missions_public.mission(self, request, slug, pk)

    @re_path(r"^missions/(?P<slug>[-a-z0-9]{0,200})-(?P<pk>[0-9]{1,12})/repondre/$", name="mission_answer")
    def mission_answer(self, request, slug, pk):
        return views_missions_public.answer(self, request, slug, pk)

    @path("<slug:slug>/", name="profile")
    def profile(self, request, slug):
        return views_public.profile(self, request, slug)

    @path("<slug:slug>/contacter/", name="contact")
    def contact(self, request, slug):
        return views_public.contact(self, request, slug)
