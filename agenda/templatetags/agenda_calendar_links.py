"""The feeds a page of the agenda advertises: iCalendar, RSS and Atom, for the whole agenda and narrowed to
the category or the région the page shows (the filters of the index page's form)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()

# (MIME type, name shown, URL name without its scope suffix): the three formats of every feed.
FORMATS = (
    ("text/calendar", "iCalendar", "agenda:ical"),
    ("application/rss+xml", "RSS", "agenda:rss"),
    ("application/atom+xml", "Atom", "agenda:atom"),
)


def _selected(context) -> tuple[str, str]:
    """(category slug, région slug) shown by the page, "" when none (or when the filters are invalid)."""
    form = context.get("form")
    if form is None or not hasattr(form, "FILTER_NAMES") or not form.is_bound:
        return "", ""
    cleaned = getattr(form, "cleaned_data", None)
    if cleaned is None and form.is_valid():
        cleaned = form.cleaned_data
    cleaned = cleaned or {}
    return str(cleaned.get("categorie") or ""), str(cleaned.get("region") or "")


def feed_links(category_slug: str = "", region_slug: str = "") -> list[dict]:
    """Each format of each scope: the whole agenda, then the category and the région when given."""
    scopes = [(_("Agenda de l’ESS"), "", [])]
    if category_slug:
        scopes.append((_("Cette catégorie"), "_category", [category_slug]))
    if region_slug:
        scopes.append((_("Cette région"), "_region", [region_slug]))
    return [
        {
            "type": mime_type,
            "title": f"{label} ({format_name})",
            "href": reverse(url_name + suffix, args=args),
        }
        for label, suffix, args in scopes
        for mime_type, format_name, url_name in FORMATS
    ]


@register.simple_tag(takes_context=True)
def agenda_feed_links(context) -> list[dict]:
    return feed_links(*_selected(context))
