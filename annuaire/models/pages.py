"""The directory's page: `OrganisationIndexPage`, a routable page (one per site, under the home page,
slug « annuaire ») serving the verified organisations from the page tree:

- `/annuaire/`: the listing, filtered by the query string (`annuaire.filters`);
- `/annuaire/<slug>/`: an organisation (only `Organisation.objects.listed()`), with the sections the other
  features register (`annuaire.directory`) and its Organization JSON-LD;
- `/annuaire/<slug>/contact/`: the contact form, relayed by email (the address is never shown).

The routes are thin: `annuaire.public_views` builds what they show; it takes the data models from
`annuaire.models.organisations`, never from this package, so this module imports it at the top.
"""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.pages import SitePage

from .. import public_views

__all__ = ["OrganisationIndexPage"]


class OrganisationIndexPage(RoutablePageMixin, SitePage):
    """The directory of ESS organisations: `/annuaire/`, each organisation's page and contact form."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Affichée en tête de l’annuaire."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("annuaire des structures")

    # -- SEO of the organisation pages served here -------------------------------------------------------

    _organisation_seo: dict | None = None

    @property
    def seo_pagetitle(self) -> str:
        if self._organisation_seo:
            return self._organisation_seo["title"]
        return super().seo_pagetitle

    @property
    def seo_description(self) -> str:
        if self._organisation_seo:
            return self._organisation_seo["description"]
        return super().seo_description

    @property
    def seo_canonical_url(self) -> str:
        if self._organisation_seo:
            return self._organisation_seo["canonical"]
        return super().seo_canonical_url

    # -- URLs -----------------------------------------------------------------------------------------------

    def organisation_path(self, organisation) -> str:
        return self.url + self.reverse_subpage("organisation", kwargs={"slug": organisation.slug})

    def organisation_url(self, organisation, request=None) -> str:
        return self.get_full_url(request) + self.reverse_subpage("organisation", kwargs={"slug": organisation.slug})

    def get_organisation(self, slug: str):
        organisation = public_views.get_listed_organisation(slug)
        if organisation is None:
            raise Http404
        return organisation

    # -- Routes ---------------------------------------------------------------------------------------------

    @path("", name="listing")
    def listing(self, request):
        context = public_views.listing_context(self, request)
        return self.render(request, context_overrides=context, template="annuaire/directory/index_page.html")

    @path("<slug:slug>/", name="organisation")
    def organisation(self, request, slug):
        organisation = self.get_organisation(slug)
        context = public_views.organisation_context(self, request, organisation)
        return self.render(request, context_overrides=context, template="annuaire/directory/organisation_page.html")

    @path("<slug:slug>/contact/", name="contact")
    def contact(self, request, slug):
        return public_views.contact_view(self, request, self.get_organisation(slug))
