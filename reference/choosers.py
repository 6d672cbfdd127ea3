"""Admin choosers for the reference data (used in panels of other apps' models)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from .models import Commune
from .services import filter_communes, parse_query


class CommuneFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Nom ou code postal"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Rechercher une commune")}),
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = parse_query(self.cleaned_data.get("q") or "")
        if query:
            self.is_searching = True
            self.search_query = self.cleaned_data["q"]
            objects = filter_communes(objects, query)
        return objects


class CommuneChooserViewSet(ChooserViewSet):
    """A searchable chooser: 35,000 communes cannot be a drop-down list in the admin."""

    model = Commune
    icon = "site"
    choose_one_text = _("Choisir une commune")
    choose_another_text = _("Choisir une autre commune")
    edit_item_text = _("Modifier la commune")
    per_page = 20
    url_filter_parameters = []
    choose_view_class = type("CommuneChooseView", (chooser_views.ChooseView,), {"filter_form_class": CommuneFilterForm})
    choose_results_view_class = type(
        "CommuneChooseResultsView", (chooser_views.ChooseResultsView,), {"filter_form_class": CommuneFilterForm}
    )

    def get_object_list(self):
        return Commune.objects.active().select_related("departement").order_by("-population", "name")


commune_chooser_viewset = CommuneChooserViewSet("commune_chooser", url_prefix="referentiel/communes")
CommuneChooserWidget = commune_chooser_viewset.widget_class
