"""`AgendaIndexPage` (`/agenda/`): upcoming events, the month calendar, filters and past events. Its routes
call the views of `agenda.views`; the events are its children."""

from django.db import models
from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.models import Page, Site
from wagtail.search import index

from core.pages import SitePage

from .. import views
from .events import EventPage


class AgendaIndexPage(RoutablePageMixin, SitePage):
    lead = models.TextField(_("chapô"), blank=True)
    seo_description_sources = ["search_description", "lead"]  # the meta description falls back on the lead

    content_panels = Page.content_panels + [FieldPanel("lead")]
    search_fields = Page.search_fields + [index.SearchField("lead")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["agenda.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")

    def route(self, request, path_components):
        """An event is read in one query with what its page shows (category, place, organiser, image),
        its parents left on it for the breadcrumb; the agenda's own views otherwise."""
        if self.live and len(path_components) == 1:
            try:
                self.resolve_subpage(f"/{path_components[0]}/")
            except Http404:
                event = (
                    EventPage.objects.child_of(self)
                    .select_related(*EventPage.SELECT_FOR_PAGE)
                    .filter(slug=path_components[0])
                    .first()
                )
                if event is not None:
                    event._cached_parent_obj = self
                    return event.route(request, [])
        return super().route(request, path_components)

    def free_slug(self, title: str, day) -> str:
        """A slug for a new event under this agenda: its title and first day, numbered if taken."""
        base = f"{slugify(title)[:70].strip('-') or 'evenement'}-{day:%Y-%m-%d}"
        taken = set(self.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
        slug, n = base, 2
        while slug in taken:
            slug = f"{base}-{n}"
            n += 1
        return slug

    # Routes: thin wrappers around the views of `agenda.views`.

    @path("")
    def upcoming(self, request):
        return views.upcoming(request, self)

    @path("ce-mois-ci/", name="this_month")
    def this_month(self, request):
        return views.upcoming(request, self, horizon_months=1)

    @path("mois-prochain/", name="next_month")
    def next_month(self, request):
        return views.upcoming(request, self, horizon_months=2)

    @re_path(r"^(\d{4})/(\d{1,2})/$", name="month")
    def month(self, request, year, month):
        return views.month(request, self, int(year), int(month))

    @path("passes/", name="past")
    def past(self, request):
        return views.past(request, self)


def agenda_index_for(request=None) -> AgendaIndexPage | None:
    """The live agenda of the request's site (or the first one), in one query once the site is known."""
    pages = AgendaIndexPage.objects.live().order_by("path")
    if request is not None:
        site = Site.find_for_request(request)  # cached on the request
        root_path = next(
            (root.root_path for root in Site.get_site_root_paths() if site and root.site_id == site.pk), None
        )
        if root_path:
            candidates = list(pages.filter(url_path__startswith=root_path)[:1]) or list(pages[:1])
            return candidates[0] if candidates else None
    return pages.first()
