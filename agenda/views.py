"""Views of the agenda (routes of AgendaIndexPage)."""

from django.template.response import TemplateResponse

from .services import upcoming_occurrences


def upcoming(request, page, horizon_months=None):
    context = page.get_context(request)
    context["occurrences"] = upcoming_occurrences(limit=20)
    return TemplateResponse(request, "agenda/agenda_index_page.html", context)


def month(request, page, year, month):
    return upcoming(request, page)


def past(request, page):
    return upcoming(request, page)
