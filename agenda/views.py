"""Views of the agenda, served as routes of AgendaIndexPage (`models/index.py`).

Every filter is in the query string; a wrong value (unknown département, radius "abc") is reported next
to its field and ignored; a month outside the calendar's years, or month 13, is a 404.
"""

import datetime as dt

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Modules rather than names: this module is imported by `models.index` (the routes), while the models
# that `services` and `ical` read are still loading.
from . import ical, services
from .formatting import month_label
from .forms import EventFilterForm
from .models.categories import active_categories
from .recurrence import PARIS

PER_PAGE = 20


def filter_form(request) -> EventFilterForm:
    return EventFilterForm(request.GET, active_categories())


def base_context(request, page, form, view_name, heading):
    today = timezone.now().astimezone(PARIS).date()
    query = form.query_string()
    suffix = f"?{query}" if query else ""
    base = page.get_url(request=request) or page.url
    context = page.get_context(request)
    context.update(
        form=form,
        query_string=query,
        view_name=view_name,
        heading=heading,
        is_filtered=bool(query),
        views_nav=[
            ("upcoming", _("À venir"), f"{base}{suffix}"),
            ("this_month", _("Ce mois-ci"), f"{base}{page.reverse_subpage('this_month')}{suffix}"),
            ("next_month", _("Le mois prochain"), f"{base}{page.reverse_subpage('next_month')}{suffix}"),
            (
                "month",
                _("Calendrier du mois"),
                f"{base}{page.reverse_subpage('month', args=(today.year, f'{today.month:02d}'))}{suffix}",
            ),
            ("past", _("Événements passés"), f"{base}{page.reverse_subpage('past')}{suffix}"),
        ],
        agenda_base_url=base,
    )
    if heading != page.title:
        page.seo_title = f"{heading} · {page.title}"
    return context


def group_by_day(occurrences) -> list[tuple[dt.date, list]]:
    days: list[tuple[dt.date, list]] = []
    for occurrence in occurrences:
        day = occurrence.local_start.date()
        if not days or days[-1][0] != day:
            days.append((day, []))
        days[-1][1].append(occurrence)
    return days


def upcoming(request, page, horizon_months=None):
    form = filter_form(request)
    headings = {None: page.title, 1: _("Ce mois-ci"), 2: _("Le mois prochain")}
    view_names = {None: "upcoming", 1: "this_month", 2: "next_month"}
    occurrences = services.upcoming(form.filters(), horizon_months=horizon_months)
    page_obj = services.list_page(occurrences, request.GET.get("page"), PER_PAGE)
    context = base_context(request, page, form, view_names[horizon_months], headings[horizon_months])
    context.update(
        page_obj=page_obj,
        days=group_by_day(page_obj.object_list),
        horizon_months=horizon_months,
    )
    return TemplateResponse(request, "agenda/agenda_index_page.html", context)


def month(request, page, year, month_number):
    if not (1 <= month_number <= 12 and services.FIRST_YEAR <= year <= services.LAST_YEAR):
        raise Http404("Mois hors du calendrier")
    form = filter_form(request)
    filters = form.filters()
    # The grid is read only when the cached calendar fragment is missing (see agenda/month.html).
    grid = SimpleLazyObject(
        lambda: services.MonthGrid(
            year,
            month_number,
            services.complete_events(
                services.with_event_details(services.month_occurrences(year, month_number, filters), images=False)
            ),
        )
    )
    label = month_label(year, month_number)
    first_day = dt.date(year, month_number, 1)
    previous_month, next_month = services.MonthGrid.neighbours(first_day)
    context = base_context(request, page, form, "month", label[:1].upper() + label[1:])
    query = context["query_string"]
    suffix = f"?{query}" if query else ""

    def month_url(day):
        if day is None:
            return None
        subpath = page.reverse_subpage("month", args=(day.year, f"{day.month:02d}"))
        return f"{context['agenda_base_url']}{subpath}{suffix}"

    today = timezone.now().astimezone(PARIS).date()
    context.update(
        grid=grid,
        # The calendar and the month's events, rendered once per version of the published events (any
        # save, publication, unpublication or deletion changes it), agenda page (its links), language,
        # month, filters and day.
        month_cache_key=f"{ical.feeds_version()}:{page.pk}:{get_language()}:{year}-{month_number:02d}:{today}:"
        + form.cache_key(),
        month_cache_seconds=ical.FEED_CACHE_SECONDS,
        month_caption=label,
        previous_url=month_url(previous_month),
        previous_label=month_label(previous_month.year, previous_month.month) if previous_month else "",
        next_url=month_url(next_month),
        next_label=month_label(next_month.year, next_month.month) if next_month else "",
        today=today,
    )
    return TemplateResponse(request, "agenda/month.html", context)


def past(request, page):
    form = filter_form(request)
    page_obj = services.list_page(services.past(form.filters()), request.GET.get("page"), PER_PAGE, photo_counts=True)
    context = base_context(request, page, form, "past", _("Événements passés"))
    context.update(page_obj=page_obj)
    return TemplateResponse(request, "agenda/past.html", context)
