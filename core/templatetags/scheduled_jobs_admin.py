"""The banner every page of the Wagtail admin shows while scheduled jobs are overdue (`core.jobs`)."""

import logging

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from core.jobs import alerts
from core.jobs.status import overdue

register = template.Library()
logger = logging.getLogger(__name__)

# Where Wagtail's base template lists the page's messages: the banner becomes the first of them.
MESSAGES_MARKER = 'data-w-messages-target="container">'


@register.simple_tag(takes_context=True)
def with_scheduled_jobs_alert(context, furniture):
    """`furniture` (Wagtail's page frame) with, among its messages, a warning naming the overdue jobs and
    since when, for whoever works in the admin. Checking may also send the once-per-outage email."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return furniture
    try:
        late = overdue(alerts.check(notify=True))
    except Exception:
        logger.exception("The scheduled jobs could not be checked for the admin's banner.")
        return furniture
    if not late:
        return furniture
    banner = render_to_string(
        "core/admin/scheduled_jobs_alert.html",
        {"jobs": [alerts.describe(state) for state in late], "can_view_runs": user.has_perm("core.view_jobrun")},
        request=request,
    )
    if MESSAGES_MARKER in furniture:
        return mark_safe(furniture.replace(MESSAGES_MARKER, MESSAGES_MARKER + banner, 1))  # noqa: S308
    return mark_safe(banner + furniture)  # noqa: S308
