"""The search in the Wagtail admin: Rapports > « Recherches du public » (top and unanswered queries).
Editors pin results to a query in « Résultats promus » (wagtail.contrib.search_promotions' own menu)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import can_view_report, queries_report


class QueriesReportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_report(request.user)


@hooks.register("register_admin_urls")
def register_queries_report_url():
    return [path("reports/recherches/", queries_report, name="search_queries_report")]


@hooks.register("register_reports_menu_item")
def register_queries_report_menu_item():
    return QueriesReportMenuItem(
        _("Recherches du public"), reverse("search_queries_report"), icon_name="search", order=900
    )
