"""Partners in the Wagtail admin (Paramètres-like menu « Partenaires de diffusion »): their saved filter,
their token, and the iframe code to copy into their site."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from reference.choosers import CommuneChooserWidget


class PartnerViewSet(SnippetViewSet):
    model = "emploi.Partner"
    icon = "link-external"
    menu_label = _("Partenaires de diffusion")
    list_display = ["name", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("is_active"), FieldPanel("token")],
            heading=_("Partenaire"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("keywords"),
                FieldPanel("contract_types"),
                FieldPanel("functions"),
                FieldPanel("sectors"),
                FieldPanel("region"),
                FieldPanel("departement"),
                FieldPanel("commune", widget=CommuneChooserWidget),
                FieldPanel("radius_km"),
                FieldPanel("full_remote_only"),
                FieldPanel("items_count"),
            ],
            heading=_("Offres transmises"),
        ),
        HelpPanel(template="emploi/public/partner_admin_snippet.html", heading=_("Intégration")),
    ]
