"""Event categories in the Wagtail admin, next to the other vocabularies' snippets."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from reference.wagtail_hooks import VocabularyViewSet

from .models import EventCategory


class EventCategoryViewSet(VocabularyViewSet):
    model = EventCategory
    icon = "date"
    menu_label = _("Catégories d’événement")
    add_to_settings_menu = False


register_snippet(EventCategoryViewSet)


# --- Submissions, moderation signals and .ics import (branch agenda-submit) ---
from . import import_admin  # noqa: E402, F401
