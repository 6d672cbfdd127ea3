"""The ESS vocabularies in the Wagtail admin, under one "Référentiels" menu."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from .choosers import commune_chooser_viewset
from .models import ContractType, LegalForm, Sector
from .viewsets import VocabularyViewSet


class SectorViewSet(VocabularyViewSet):
    model = Sector
    icon = "tag"
    menu_label = _("Secteurs d'activité")


class LegalFormViewSet(VocabularyViewSet):
    model = LegalForm
    icon = "group"
    menu_label = _("Formes juridiques")
    list_display = ["label", "family", "slug", "order", "is_active"]
    list_filter = ["family", "is_active"]


class ContractTypeViewSet(VocabularyViewSet):
    model = ContractType
    icon = "doc-full"
    menu_label = _("Types de contrat")


class ReferenceViewSetGroup(SnippetViewSetGroup):
    items = (SectorViewSet, LegalFormViewSet, ContractTypeViewSet)
    menu_icon = "list-ul"
    menu_label = _("Référentiels")
    menu_name = "referentiels"


register_snippet(ReferenceViewSetGroup)


@hooks.register("register_admin_viewset")
def register_commune_chooser():
    return commune_chooser_viewset
