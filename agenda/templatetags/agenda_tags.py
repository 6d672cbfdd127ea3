"""Template helpers of the agenda: French dates and event times in Europe/Paris."""

from django import template

from ..formatting import french_date, when_html, when_text

register = template.Library()


@register.simple_tag
def event_when(item, html=True):
    """The dates of an occurrence or an event ("mardi 3 mars 2026, de 14 h à 17 h"), in a <time>."""
    all_day = item.event.all_day if hasattr(item, "event") else item.all_day
    if html:
        return when_html(item.start, item.end, all_day)
    return when_text(item.start, item.end, all_day)


@register.filter
def frenchdate(value):
    return french_date(value) if value else ""
