"""A scheduled job stopped: an editor sees the warning on every admin page; the administrator sees it too,
with the « Tâches planifiées » panel, follows it to the runs and reads the error of the last one."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD
from core.models import JobRun, OutgoingEmail, ScheduledJob

from .support import sent_emails, sign_in

pytestmark = pytest.mark.e2e

ADMINISTRATOR = "admin@solidaires.test"
EDITOR = "redaction@solidaires.test"
TASK = "emploi.tasks.close_expired_offers"
LABEL = "Clôture des offres d’emploi échues"


@pytest.fixture
def stopped_job():
    """The daily closing of offers last succeeded three days ago, and failed since."""
    three_days_ago = timezone.now() - timedelta(days=3)
    ScheduledJob.objects.update_or_create(task=TASK, defaults={"watched_since": three_days_ago, "alerted_at": None})
    runs = [
        JobRun.objects.create(
            task=TASK, status=JobRun.Status.SUCCEEDED, started_at=three_days_ago, finished_at=three_days_ago
        ),
        JobRun.objects.create(
            task=TASK,
            status=JobRun.Status.FAILED,
            started_at=three_days_ago + timedelta(days=1),
            finished_at=three_days_ago + timedelta(days=1),
            error="Traceback (most recent call last):\nOperationalError: la base ne répond pas",
        ),
    ]
    yield
    JobRun.objects.filter(pk__in=[run.pk for run in runs]).delete()
    ScheduledJob.objects.filter(task=TASK).update(alerted_at=None, watched_since=timezone.now())
    OutgoingEmail.objects.filter(subject__startswith="Tâches planifiées").delete()  # the alert it caused


def test_staff_are_warned_of_a_stopped_job_and_the_administrator_finds_its_error(page, new_context, stopped_job):
    # An editor: the warning is at the top of every admin page, without the error.
    editor_page = new_context().new_page()
    sign_in(editor_page, EDITOR, DEMO_PASSWORD)
    for path in ("/admin/", "/admin/pages/"):
        editor_page.goto(path)
        alert = editor_page.locator("[data-scheduled-jobs-alert]")
        expect(alert).to_be_visible()
        expect(alert).to_contain_text(f"Tâche planifiée en retard : « {LABEL} » en échec depuis le")
        expect(alert).to_contain_text("Les administrateurs du site en sont avertis.")
        expect(alert).not_to_contain_text("OperationalError")

    # The administrator: the warning, the panel of every job, and the runs with the error.
    sign_in(page, ADMINISTRATOR, DEMO_PASSWORD)
    page.goto("/admin/")
    expect(page.locator("[data-scheduled-jobs-alert]")).to_contain_text(LABEL)
    panel = page.locator("#taches-planifiees-section")
    expect(panel.get_by_role("heading", name="Tâches planifiées")).to_be_visible()
    row = panel.get_by_role("row", name=re.compile(re.escape(LABEL)))
    expect(row).to_contain_text("tous les jours")
    expect(row).to_contain_text("OperationalError: la base ne répond pas")
    expect(panel.get_by_role("row", name=re.compile("Relance des courriels en attente"))).to_contain_text("à l’heure")
    page.locator("[data-scheduled-jobs-alert]").get_by_role("link", name="Voir les exécutions").click()
    expect(page).to_have_url(re.compile(r"/admin/snippets/core/jobrun/$"))
    failed = page.get_by_role("row", name=re.compile(rf"{re.escape(LABEL)}.*échec"))
    expect(failed).to_contain_text("OperationalError: la base ne répond pas")
    [alert] = [message for message in sent_emails(ADMINISTRATOR) if "en retard" in message.subject]
    assert alert.subject == f"Tâches planifiées en retard : {LABEL}"
    failed.get_by_role("link", name=LABEL).click()
    expect(page.get_by_text("Traceback (most recent call last):")).to_be_visible()
