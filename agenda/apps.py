from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import directory_sections, searchables, signals
        from .ical import invalidate_feeds
        from .models import AgendaIndexPage, EventPage
        from .models.categories import EventCategory, forget_categories

        post_save.connect(signals.on_index_page_created, sender=AgendaIndexPage, dispatch_uid="agenda_index_created")
        post_save.connect(forget_categories, sender=EventCategory, dispatch_uid="agenda_category_saved")
        post_delete.connect(forget_categories, sender=EventCategory, dispatch_uid="agenda_category_deleted")
        # Cached feeds and month views are rebuilt after any change of what the public sees: publication,
        # unpublication (the occurrences leave the lists too), deletion, and a save outside publication
        # (created live by code, imported, moved); a draft revision changes nothing readers see.
        page_published.connect(invalidate_feeds, sender=EventPage, dispatch_uid="agenda_event_published")
        page_unpublished.connect(
            signals.on_event_unpublished, sender=EventPage, dispatch_uid="agenda_event_unpublished"
        )
        post_delete.connect(invalidate_feeds, sender=EventPage, dispatch_uid="agenda_event_deleted")
        post_save.connect(signals.on_event_saved, sender=EventPage, dispatch_uid="agenda_event_saved")
        # Lists and feeds show public events only: a view restriction added, changed or removed, or a page
        # moved in or out of a restricted part of the site, changes them.
        post_save.connect(
            signals.on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="agenda_restriction_saved"
        )
        post_delete.connect(
            signals.on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="agenda_restriction_deleted"
        )
        post_page_move.connect(signals.on_page_moved, dispatch_uid="agenda_page_moved")
        directory_sections.register()
        searchables.register()
