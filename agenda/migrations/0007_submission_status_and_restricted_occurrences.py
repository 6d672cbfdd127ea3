"""Data: proposals "submitted" are now "in_review" (the shared submission statuses), and the dates of
events under a page view restriction (on the event or above it) leave what the public sees
(`EventOccurrence.live`). Reversible. Frozen: imports no project module."""

from functools import reduce
from operator import or_

from django.db import migrations
from django.db.models import Q


def forwards(apps, schema_editor):
    EventSubmission = apps.get_model("agenda", "EventSubmission")
    EventOccurrence = apps.get_model("agenda", "EventOccurrence")
    PageViewRestriction = apps.get_model("wagtailcore", "PageViewRestriction")
    EventSubmission.objects.filter(status="submitted").update(status="in_review")
    paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    if paths:
        restricted = reduce(or_, (Q(event__path__startswith=path) for path in paths))
        EventOccurrence.objects.filter(restricted, live=True).update(live=False)


def backwards(apps, schema_editor):
    EventSubmission = apps.get_model("agenda", "EventSubmission")
    EventOccurrence = apps.get_model("agenda", "EventOccurrence")
    EventSubmission.objects.filter(status="in_review").update(status="submitted")
    # Before, an occurrence was live with its page, restricted or not.
    EventOccurrence.objects.filter(live=False, event__live=True).update(live=True)


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0006_submission_on_core"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
