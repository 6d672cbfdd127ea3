"""The feeds a page of the agenda advertises: iCalendar, RSS and Atom, narrowed to the category or the
région the page shows (the filters of the index page's form, or an event's own category)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


def _selected(context) -> tuple[str, str]:
    """(category slug, région slug) shown by the page, "" when none (or when the filters are invalid)."""
    form = context.get("form")
    category = region = ""
    if form is not None and hasattr(form, "FILTER_NAMES") and form.is_bound:
        cleaned = getattr(form, "cleaned_data", None)
        if cleaned is None and form.is_valid():
            cleaned = form.cleaned_data
        cleaned = cleaned or {}
        category = str(cleaned.get("categorie") or "")
        region = str(cleaned.get("region") or "")
    return category, region


@register.simple_tag(takes_context=True)
def agenda_feed_links(context) -> list[dict]:
    category_slug, region_slug = _selected(context)
    links = [
        {"type": "text/calendar", "title": _("Agenda de l’ESS (iCalendar)"), "href": reverse("agenda:ical_all")},
        {"type": "application/rss+xml", "title": _("Agenda de l’ESS (RSS)"), "href": reverse("agenda:rss")},
        {"type": "application/atom+xml", "title": _("Agenda de l’ESS (Atom)"), "href": reverse("agenda:atom")},
    ]
    if category_slug:
        links += [
            {
                "type": "text/calendar",
                "title": _("Cette catégorie (iCalendar)"),
                "href": reverse("agenda:ical_category", args=[category_slug]),
            },
            {
                "type": "application/rss+xml",
                "title": _("Cette catégorie (RSS)"),
                "href": reverse("agenda:rss_category", args=[category_slug]),
            },
            {
                "type": "application/atom+xml",
                "title": _("Cette catégorie (Atom)"),
                "href": reverse("agenda:atom_category", args=[category_slug]),
            },
        ]
    if region_slug:
        links += [
            {
                "type": "text/calendar",
                "title": _("Cette région (iCalendar)"),
                "href": reverse("agenda:ical_region", args=[region_slug]),
            },
            {
                "type": "application/rss+xml",
                "title": _("Cette région (RSS)"),
                "href": reverse("agenda:rss_region", args=[region_slug]),
            },
            {
                "type": "application/atom+xml",
                "title": _("Cette région (Atom)"),
                "href": reverse("agenda:atom_region", args=[region_slug]),
            },
        ]
    return links
