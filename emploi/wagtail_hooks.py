"""Job offers in the Wagtail admin: the « Emploi » menu and the partners' snippets (`emploi.viewsets`), the
offers' moderation queue in core's « À modérer » panel, a « Modérer » button on each offer, and the
activity figures on the admin's home."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet

from core.moderation import register_queue

from . import admin_candidates, feedback
from .admin_candidates import CandidateProfileViewSet
from .models import CandidateProfile, JobOffer, OfferStatus
from .viewsets import EmploiViewSetGroup, PartnerViewSet

emploi_viewsets = EmploiViewSetGroup()
register_snippet(emploi_viewsets)
register_snippet(PartnerViewSet)
# Submitted offers in the admin's « À modérer » panel (core.wagtail_hooks).
register_queue(JobOffer, gettext_lazy("Offres d’emploi"), "wagtailsnippets_emploi_joboffer:queue")


@hooks.register("register_snippet_listing_buttons")
def moderation_button(snippet, user, next_url=None):
    if not isinstance(snippet, JobOffer) or not user.has_perm("emploi.change_joboffer"):
        return []
    offers = emploi_viewsets.registerables[0]
    label = _("Modérer") if snippet.status == OfferStatus.SUBMITTED else _("Aperçu et historique")
    return [
        ListingButton(
            label,
            url=reverse(offers.get_url_name("moderate"), args=[snippet.pk]),
            icon_name="view",
            priority=5,
            attrs={"aria-label": f"{label} : {snippet.title}"},
        )
    ]


class EmploiDashboardPanel(Component):
    """On the admin's home: open offers and the recruiters' feedback over a year (the offers waiting for
    moderation are in core's « À modérer » panel)."""

    name = "emploi_activity"
    template_name = "emploi/admin/dashboard_panel.html"
    order = 150

    def get_context_data(self, parent_context):
        return {"figures": feedback.activity_figures()}


@hooks.register("construct_homepage_panels")
def add_emploi_panel(request, panels):
    if request.user.has_perm("emploi.change_joboffer"):
        panels.append(EmploiDashboardPanel())


# Candidates' profiles (issue 23): the snippet, and the page where moderators hide a bio with a reason.
register_snippet(CandidateProfileViewSet)


@hooks.register("register_admin_urls")
def candidate_admin_urls():
    return [path("emploi/bios/<int:pk>/masquer/", admin_candidates.hide_bio, name="emploi_hide_bio")]


@hooks.register("register_snippet_listing_buttons")
def hide_bio_button(snippet, user, next_url=None):
    if not isinstance(snippet, CandidateProfile) or not user.has_perm(admin_candidates.HIDE_PERMISSION):
        return []
    label = _("Rétablir la bio") if snippet.is_hidden else _("Masquer la bio")
    return [
        ListingButton(
            label,
            url=reverse("emploi_hide_bio", args=[snippet.pk]),
            icon_name="view",
            priority=5,
            attrs={"aria-label": f"{label}\u00a0: {snippet}"},
        )
    ]
