"""Consultants in the Wagtail admin (`conseil.viewsets`), their verification queue in core's « À modérer »
panel, and a « Vérifier » button on each profile."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet

from core.moderation import register_queue

from .models import ConsultantProfile, Mission
from .viewsets import ConseilViewSetGroup

conseil_viewsets = ConseilViewSetGroup()
register_snippet(conseil_viewsets)
QUEUE_URL_NAME = "wagtailsnippets_conseil_consultantprofile:queue"
register_queue(ConsultantProfile, gettext_lazy("Fiches consultant·es à vérifier"), QUEUE_URL_NAME)
MISSION_QUEUE_URL_NAME = "wagtailsnippets_conseil_mission:queue"
register_queue(Mission, gettext_lazy("Missions de conseil"), MISSION_QUEUE_URL_NAME)


@hooks.register("register_snippet_listing_buttons")
def verification_button(snippet, user, next_url=None):
    if not isinstance(snippet, ConsultantProfile) or not user.has_perm("conseil.change_consultantprofile"):
        return []
    profiles = conseil_viewsets.registerables[0]
    label = _("Vérifier") if snippet.status == "submitted" else _("Historique de vérification")
    return [
        ListingButton(
            label,
            url=reverse(profiles.get_url_name("verify"), args=[snippet.pk]),
            icon_name="view",
            priority=5,
            attrs={"aria-label": f"{label} : {snippet.name}"},
        )
    ]


@hooks.register("register_snippet_listing_buttons")
def mission_moderation_button(snippet, user, next_url=None):
    if not isinstance(snippet, Mission) or not user.has_perm("conseil.change_mission"):
        return []
    viewset = conseil_viewsets.registerables[1]
    label = _("Modérer") if snippet.status == "submitted" else _("Historique")
    return [
        ListingButton(
            label,
            url=reverse(viewset.get_url_name("moderate"), args=[snippet.pk]),
            icon_name="view",
            priority=5,
            attrs={"aria-label": f"{label}\u00a0: {snippet.title}"},
        )
    ]
