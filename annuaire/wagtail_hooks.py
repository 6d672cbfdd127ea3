"""Organisations in the Wagtail admin: moderators verify them and see their members."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from reference.choosers import CommuneChooserWidget

from .models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Structures")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "commune", "legal_form", "is_verified", "created_at"]
    list_filter = ["is_verified", "legal_form"]
    search_fields = ["name", "siret"]
    search_backend_name = None
    ordering = ["name"]
    list_per_page = 50
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("legal_form"), FieldPanel("siret")],
            heading=_("Identité"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("postcode"), FieldPanel("commune", widget=CommuneChooserWidget)],
            heading=_("Adresse"),
        ),
        FieldPanel("website"),
        FieldPanel("email"),
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("sectors"),
        FieldPanel("is_verified"),
    ]


register_snippet(OrganisationViewSet)
