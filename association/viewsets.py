"""The association in the Wagtail admin (« Association » menu): members and payments (with the
`association.view_members` permission or the models' own), correspondents, and the « Parler à
quelqu’un » inbox with its status and note."""

import django_filters
from django.urls import reverse
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import ContactRequest, Correspondent, Membership, Payment


class MembershipFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("État"), choices=Membership.Status.choices)

    class Meta:
        model = Membership
        fields = ["status", "year", "category"]


class MembershipViewSet(SnippetViewSet):
    model = Membership
    icon = "group"
    menu_label = gettext_lazy("Adhésions")
    list_display = ["display_name", "year", "category", "tier", "fee", "status", "paid_at"]
    filterset_class = MembershipFilterSet
    search_fields = ["display_name", "representative"]
    search_backend_name = None
    copy_view_enabled = False
    inspect_view_enabled = True
    panels = [
        FieldPanel("user"),
        FieldPanel("year"),
        FieldPanel("category"),
        FieldPanel("tier"),
        FieldPanel("fee"),
        FieldPanel("display_name"),
        FieldPanel("representative"),
        FieldPanel("status"),
    ]


class PaymentViewSet(SnippetViewSet):
    """Staff record transfers, cheques and cash here; HelloAsso's payments arrive by the webhook."""

    model = Payment
    icon = "success"
    menu_label = gettext_lazy("Paiements")
    list_display = ["membership", "amount_cents", "method", "received_at", "recorded_by"]
    list_filter = ["method"]
    copy_view_enabled = False
    panels = [
        FieldPanel("membership"),
        FieldPanel("amount_cents"),
        FieldPanel("method"),
        FieldPanel("received_at"),
        FieldPanel("note"),
    ]


class CorrespondentViewSet(SnippetViewSet):
    model = Correspondent
    icon = "site"
    menu_label = gettext_lazy("Correspondant·es")
    list_display = ["name", "region", "departement", "section", "public"]
    copy_view_enabled = False
    search_fields = ["name"]
    search_backend_name = None


class ContactRequestFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("État"), choices=ContactRequest.Status.choices)

    class Meta:
        model = ContactRequest
        fields = ["status", "channel"]


class ContactRequestViewSet(SnippetViewSet):
    model = ContactRequest
    icon = "mail"
    menu_label = gettext_lazy("Parler à quelqu’un")
    list_display = ["name", "channel", "who", "status", "created"]
    filterset_class = ContactRequestFilterSet
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = ["-created"]
    # Staff only change the follow-up; what the person wrote stays as sent.
    panels = [FieldPanel("status"), FieldPanel("note")]


class AssemblyMenuItem(MenuItem):
    """The general assembly page (voters, convocation, sheets, CSV) for those who may prepare it."""

    def is_shown(self, request):
        return request.user.has_perm("association.view_members")


class AssociationViewSetGroup(SnippetViewSetGroup):
    items = (MembershipViewSet, PaymentViewSet, CorrespondentViewSet, ContactRequestViewSet)
    menu_icon = "group"
    menu_label = gettext_lazy("Association")
    menu_name = "association"

    def get_submenu_items(self):
        assembly = AssemblyMenuItem(
            gettext_lazy("Assemblée générale"),
            reverse("association:assembly"),
            name="assemblee-generale",
            icon_name="list-ul",
            order=900,
        )
        return [*super().get_submenu_items(), assembly]
