"""The audience figures in the Wagtail admin (Rapports > Audience): views per page over a period, one
page's days (`?chemin=`), and the referrer domains. Any editor with admin access may read them: they
hold no personal data."""

import datetime

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from .models import PageViewDay, ReferrerDay

PERIODS = {"7": 7, "30": 30, "365": 365}


class AudienceView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "core/admin/audience.html"
    page_title = _("Audience")
    header_icon = "view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = PERIODS.get(self.request.GET.get("jours", ""), 30)
        since = timezone.localdate() - datetime.timedelta(days=days - 1)
        path = self.request.GET.get("chemin", "")[:300]
        views = PageViewDay.objects.filter(day__gte=since)
        context.update(days=days, since=since, path=path, periods=PERIODS.values())
        if path:
            context["page_days"] = list(views.filter(path=path).order_by("-day").values_list("day", "views"))
            context["page_total"] = sum(count for _day, count in context["page_days"])
        else:
            context["pages"] = list(views.values("path").annotate(total=Sum("views")).order_by("-total", "path")[:100])
            context["total"] = views.aggregate(total=Sum("views"))["total"] or 0
        context["referrers"] = list(
            ReferrerDay.objects.filter(day__gte=since)
            .values("domain")
            .annotate(total=Sum("views"))
            .order_by("-total", "domain")[:30]
        )
        return context
