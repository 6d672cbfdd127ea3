"""The agenda in the Wagtail admin: event categories beside the other vocabularies' snippets, and the
import of a partner's calendar (Agenda > "Importer un calendrier", `admin_views.import_view`)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from reference.wagtail_hooks import VocabularyViewSet

from .admin_views import can_import, import_view
from .models import EventCategory


class EventCategoryViewSet(VocabularyViewSet):
    model = EventCategory
    icon = "date"
    menu_label = _("Catégories d’événement")
    add_to_settings_menu = False


register_snippet(EventCategoryViewSet)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("agenda/import/", import_view, name="agenda_import")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Importer un calendrier"), reverse("agenda_import"), icon_name="date", order=260, name="agenda-import"
    )
