"""Job offers in the Wagtail admin (registered in `wagtail_hooks`): the offers with their moderation page
(preview, history, publish, refuse with a reason), the job families (métiers), the « Emploi » menu, and
the partners of diffusion with the iframe code to copy into their site."""

import django_filters
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_moderation import ModeratedSnippetViewSetMixin, ModerationDecisionView, queue_url
from reference.choosers import CommuneChooserWidget
from reference.viewsets import VocabularyViewSet

from . import services
from .forms import RefusalForm
from .models import JobFunction, JobOffer, OffersIndexPage, OfferStatus, Partner


class JobOfferFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("État"), choices=OfferStatus.choices)
    organisation = django_filters.CharFilter(
        label=gettext_lazy("Structure (nom)"), field_name="organisation__name", lookup_expr="icontains"
    )

    class Meta:
        model = JobOffer
        fields = ["status", "organisation"]


class ModerateOfferView(ModerationDecisionView):
    """One offer as candidates will read it, its history, and the moderator's two decisions."""

    template_name = "emploi/admin/moderate.html"
    header_icon = "doc-full"
    refusal_form_class = RefusalForm
    context_object_name = "offer"

    def get_object(self, pk):
        related = ("organisation", "contract_type", "function", "sector", "commune__departement", "created_by")
        return get_object_or_404(JobOffer.objects.select_related(*related), pk=pk)

    def get_page_title(self):
        return _("Modérer « %(title)s »") % {"title": self.object.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.viewset.get_url_name("list")), "label": _("Offres d’emploi")},
            {"url": "", "label": self.object.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["edit_url"] = reverse(self.viewset.get_url_name("edit"), args=[self.object.pk])
        return context

    def publish(self) -> str:
        services.publish_offer(self.object, self.request.user)
        return _("Offre « %(title)s » publiée.") % {"title": self.object.title}

    def refuse(self, reason: str) -> str:
        services.refuse_offer(self.object, self.request.user, reason)
        return _("Offre « %(title)s » refusée ; le motif est envoyé.") % {"title": self.object.title}


class StatusColumn(Column):
    def get_value(self, instance):
        return instance.get_status_display()


class JobOfferViewSet(ModeratedSnippetViewSetMixin, SnippetViewSet):
    decision_view_class = ModerateOfferView
    model = JobOffer
    icon = "doc-full"
    menu_label = gettext_lazy("Toutes les offres")
    list_display = [
        "title",
        "organisation",
        StatusColumn("status", label=gettext_lazy("État"), sort_key="status"),
        "closing_date",
        "submitted_at",
    ]
    filterset_class = JobOfferFilterSet
    search_fields = ["title"]
    search_backend_name = None
    ordering = ["-submitted_at", "-id"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("contract_type"), FieldPanel("working_time")]),
                FieldRowPanel([FieldPanel("function"), FieldPanel("sector")]),
            ],
            heading=gettext_lazy("Le poste"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("commune", widget=CommuneChooserWidget),
                FieldRowPanel([FieldPanel("full_remote"), FieldPanel("remote_days")]),
            ],
            heading=gettext_lazy("Lieu"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("salary_min"), FieldPanel("salary_max"), FieldPanel("salary_period")])],
            heading=gettext_lazy("Salaire"),
        ),
        FieldPanel("description"),
        FieldPanel("profile"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("apply_mode"), FieldPanel("apply_url")]),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("closing_date")]),
                FieldPanel("reference"),
            ],
            heading=gettext_lazy("Candidature et dates"),
        ),
        FieldPanel("status", read_only=True),
    ]

    def get_queryset(self, request):
        return JobOffer.objects.select_related("organisation")


class JobFunctionViewSet(VocabularyViewSet):
    model = JobFunction
    icon = "tag"
    menu_label = gettext_lazy("Métiers")


class ModerationQueueMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("emploi.change_joboffer")


class EmploiViewSetGroup(SnippetViewSetGroup):
    items = (JobOfferViewSet, JobFunctionViewSet)
    menu_label = gettext_lazy("Emploi")
    menu_icon = "doc-full"
    menu_order = 260

    def get_submenu_items(self):
        offers = self.registerables[0]
        queue = ModerationQueueMenuItem(
            _("Offres à valider"),
            queue_url(offers),
            name="offres-a-valider",
            icon_name="tasks",
            order=0,
        )
        return [queue, *super().get_submenu_items()]


class PartnerIntegrationPanel(HelpPanel):
    """The code a partner copies into its site, and its three addresses (once saved, under the live job
    board page)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("template", "emploi/public/partner_admin_snippet.html")
        super().__init__(**kwargs)

    class BoundPanel(HelpPanel.BoundPanel):
        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            partner = self.instance
            page = OffersIndexPage.objects.live().first() if partner.pk else None
            endpoints = partner.endpoints(page) if page is not None else {}
            context.update(partner=partner, endpoints=endpoints, iframe=iframe_code(endpoints.get("widget")))
            return context


def iframe_code(url: str | None) -> str:
    if not url:
        return ""
    title = _("Offres d’emploi de l’ESS – Solidaires")
    return f'<iframe src="{url}" title="{title}" width="100%" height="600" loading="lazy" style="border:0"></iframe>'


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "link-external"
    menu_label = gettext_lazy("Partenaires de diffusion")
    list_display = ["name", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]
    copy_view_enabled = False
    panels = [
        MultiFieldPanel(
            [FieldPanel("name"), FieldPanel("slug"), FieldPanel("is_active"), FieldPanel("token")],
            heading=gettext_lazy("Partenaire"),
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
            heading=gettext_lazy("Offres transmises"),
        ),
        PartnerIntegrationPanel(heading=gettext_lazy("Intégration")),
    ]
