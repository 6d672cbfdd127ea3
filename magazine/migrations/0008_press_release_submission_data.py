# Press releases join the shared submission pipeline, step 2 of 3: the data. Status values take core's
# names (pending → awaiting_confirmation, review → in_review), the draft article becomes the submission's
# page (same id: an article's page_ptr), and the date the decision was emailed becomes `decided_at`.
# Its own transaction: PostgreSQL refuses to alter a table with pending foreign-key checks (step 3).

from django.db import migrations
from django.db.models import F

STATUSES = [("pending", "awaiting_confirmation"), ("review", "in_review")]


def forward(apps, schema_editor):
    Submission = apps.get_model("magazine", "PressReleaseSubmission")
    for old, new in STATUSES:
        Submission.objects.filter(status=old).update(status=new)
    Submission.objects.filter(article__isnull=False).update(page_id=F("article_id"))
    Submission.objects.filter(status="published").update(decided_at=F("published_email_sent_at"))
    Submission.objects.filter(status="refused").update(decided_at=F("refused_email_sent_at"))


def backward(apps, schema_editor):
    Submission = apps.get_model("magazine", "PressReleaseSubmission")
    ArticlePage = apps.get_model("magazine", "ArticlePage")
    for old, new in STATUSES:
        Submission.objects.filter(status=new).update(status=old)
    Submission.objects.filter(status="expired").update(status="pending")
    articles = ArticlePage.objects.values("pk")
    Submission.objects.filter(page_id__in=articles).update(article_id=F("page_id"))
    Submission.objects.filter(status="published").update(published_email_sent_at=F("decided_at"))
    Submission.objects.filter(status="refused").update(refused_email_sent_at=F("decided_at"))


class Migration(migrations.Migration):

    dependencies = [
        ('magazine', '0007_press_release_submission_on_core'),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
