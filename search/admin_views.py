"""The admin report « Recherches du public »: the most searched queries and those that found nothing,
over the last 30 days (counts only: no person, no address)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from .models import UnansweredSearch

REPORT_DAYS = 30
REPORT_ROWS = 50


def can_view_report(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def queries_report(request):
    if not can_view_report(request.user):
        raise PermissionDenied
    since = timezone.localdate() - timedelta(days=REPORT_DAYS)
    top = Query.get_most_popular(date_since=since).values_list("query_string", "_hits")[:REPORT_ROWS]
    unanswered = (
        UnansweredSearch.objects.filter(date__gte=since)
        .values("query_string")
        .annotate(total=Sum("hits"))
        .order_by("-total", "query_string")[:REPORT_ROWS]
    )
    return render(
        request,
        "search/admin/queries_report.html",
        {"top": list(top), "unanswered": list(unanswered), "days": REPORT_DAYS},
    )
