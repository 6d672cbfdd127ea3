"""Receivers of the agenda, connected in `AgendaConfig.ready()`: the moderation workflow of new agenda
pages, the occurrences and cached feeds kept in step with what the public may see."""

from wagtail.models import Page

from core.pages import changes_live_content

from .ical import invalidate_feeds
from .models import EventOccurrence
from .moderation import ensure_moderation_workflow


def on_index_page_created(sender, instance, created=False, raw=False, **kwargs):
    """Every agenda index page gets the moderation workflow as soon as it exists."""
    if created and not raw:
        ensure_moderation_workflow(instance)


def on_event_saved(sender, instance, update_fields=None, **kwargs):
    """An event saved with changes readers may see (not a draft revision): feeds and month views go."""
    if changes_live_content(update_fields):
        invalidate_feeds()


def on_event_unpublished(sender, instance, **kwargs):
    """The admin's bulk unpublish and the scheduled expiry save a plain Page, not `EventPage.save()`:
    take the event's occurrences out of the lists, the month view and the block too."""
    EventOccurrence.objects.filter(event_id=instance.pk).update(live=False)
    invalidate_feeds()


def on_view_restriction_changed(sender, instance, **kwargs):
    """A page got, changed or lost a view restriction (password, sign-in, groups): the events at or under
    it leave (or come back to) the lists, the month view, the block and the feeds at once."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None and EventOccurrence.objects.refresh_visibility(page):
        invalidate_feeds()


def on_page_moved(sender, instance, **kwargs):
    """A page moved (with the events under it) may have left or entered a restricted part of the site."""
    if EventOccurrence.objects.refresh_visibility(instance):
        invalidate_feeds()
