"""The editorial workflow "Comité de rédaction": its data migration, the moderators' queue, the editors'
decisions on press releases (and the emails they send), and scheduled publication."""

import importlib
import io
from datetime import timedelta
from unittest import mock

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowState

from accounts.models import EDITOR_GROUP, MODERATOR_GROUP
from magazine import tasks
from magazine.demo import ensure_magazine
from magazine.models import ArticlePage, MagazineIndexPage, PressReleaseSubmission
from magazine.services import EDITORIAL_WORKFLOW_NAME, ensure_editorial_workflow, submit_for_review
from tests.home.html import parse, texts

from . import press_support
from .press_support import (
    CONTACT_EMAIL,
    emails_to,
    form_data,
    link_in,
)

pytestmark = pytest.mark.django_db

# Fixtures shared with the other press-release tests.
press_magazine = press_support.press_magazine
media_root = press_support.media_root

SUBMIT_URL = "/magazine/communiques/proposer/"


def workflow_tasks(workflow):
    return [(task.name, sorted(group.name for group in task.specific.groups.all())) for task in workflow.tasks]


def test_the_data_migration_creates_the_committee_workflow():
    workflow = Workflow.objects.get(name=EDITORIAL_WORKFLOW_NAME)
    assert workflow.active
    assert workflow_tasks(workflow) == [
        ("Relecture par la rédaction", sorted([EDITOR_GROUP, MODERATOR_GROUP])),
        ("Validation de la publication", [MODERATOR_GROUP]),
    ]


def test_the_data_migration_assigns_the_workflow_to_existing_magazine_indexes(home_page):
    index = home_page.add_child(instance=MagazineIndexPage(title="Magazine", slug="magazine"))
    WorkflowPage.objects.filter(page=index).delete()  # as before the migration ran
    migration = importlib.import_module("magazine.migrations.0004_editorial_workflow")
    migration.create_editorial_workflow(django_apps, None)
    migration.create_editorial_workflow(django_apps, None)  # idempotent
    assert WorkflowPage.objects.get(page=index).workflow.name == EDITORIAL_WORKFLOW_NAME
    assert Workflow.objects.filter(name=EDITORIAL_WORKFLOW_NAME).count() == 1
    assert GroupApprovalTask.objects.filter(name="Relecture par la rédaction").count() == 1


def test_a_new_magazine_index_gets_the_workflow_and_its_articles_inherit_it(press_magazine):
    assert WorkflowPage.objects.get(page=press_magazine["index"]).workflow.name == EDITORIAL_WORKFLOW_NAME
    article = press_magazine["ess"].add_child(instance=ArticlePage(title="Brouillon", lead="Chapô.", live=False))
    assert article.get_workflow().name == EDITORIAL_WORKFLOW_NAME


def test_ensure_editorial_workflow_keeps_a_workflow_the_admins_chose(press_magazine):
    other = Workflow.objects.create(name="Relecture juridique")
    WorkflowPage.objects.filter(page=press_magazine["index"]).update(workflow=other)
    assert ensure_editorial_workflow(press_magazine["index"]) == other
    other.active = False
    other.save()
    assert ensure_editorial_workflow(press_magazine["index"]).name == EDITORIAL_WORKFLOW_NAME


def test_ensure_editorial_workflow_recreates_a_deleted_workflow(press_magazine):
    Workflow.objects.filter(name=EDITORIAL_WORKFLOW_NAME).delete()
    workflow = ensure_editorial_workflow(press_magazine["index"])
    assert workflow.name == EDITORIAL_WORKFLOW_NAME
    assert [name for name, _groups in workflow_tasks(workflow)] == [
        "Relecture par la rédaction",
        "Validation de la publication",
    ]


def submit_and_confirm(client, **overrides) -> ArticlePage:
    assert client.post(SUBMIT_URL, form_data(**overrides)).status_code == 302
    address = overrides.get("contact_email", CONTACT_EMAIL)
    confirm = client.post(link_in(emails_to(address)[0], "/magazine/communiques/confirmer/"))
    assert confirm.status_code == 200
    return ArticlePage.objects.get(pk=PressReleaseSubmission.objects.get(email=address).page_id)


def approve_current_task(page, user):
    state = WorkflowState.objects.get(pk=page.current_workflow_state.pk)
    state.current_task_state.approve(user=user)


def test_moderators_see_the_confirmed_release_in_their_review_queue(client, press_magazine, moderator, editor):
    article = submit_and_confirm(client)
    client.force_login(moderator)
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert dashboard.status_code == 200
    queue = parse(dashboard).xpath("//section[@id='awaiting-review-section']")[0]
    assert article.title in texts(queue, ".//td[contains(@class, 'title')]//a")
    assert "Relecture par la rédaction: en cours" in queue.xpath(".//@data-w-tooltip-content-value")
    client.force_login(editor)  # the first task is the whole committee's
    assert article.title in client.get(reverse("wagtailadmin_home")).content.decode()


def test_approved_by_both_tasks_the_release_is_published_and_the_sender_told_once(
    client, press_magazine, editor, moderator
):
    article = submit_and_confirm(client)
    approve_current_task(article, editor)
    article.refresh_from_db()
    assert not article.live
    assert article.current_workflow_task.name == "Validation de la publication"
    approve_current_task(article, moderator)
    article.refresh_from_db()
    assert article.live

    submission = PressReleaseSubmission.objects.get()
    assert submission.status == PressReleaseSubmission.Status.PUBLISHED
    published = [email for email in emails_to(CONTACT_EMAIL) if "est publié" in email.subject]
    assert len(published) == 1
    assert article.full_url in published[0].text_body
    assert client.get(article.url).status_code == 200

    # Published again after an edit: no second email.
    article.save_revision(user=moderator).publish(user=moderator)
    assert len([email for email in emails_to(CONTACT_EMAIL) if "est publié" in email.subject]) == 1


def test_refused_with_a_comment_through_the_admin_the_sender_gets_the_reason(client, press_magazine, moderator):
    article = submit_and_confirm(client)
    task_state = article.current_workflow_state.current_task_state
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[article.pk, "reject", task_state.pk]),
        {"comment": "Ce communiqué relève de la publicité commerciale."},
    )
    assert response.status_code in (200, 302)
    submission = PressReleaseSubmission.objects.get()
    assert submission.status == PressReleaseSubmission.Status.REFUSED
    assert submission.decision_reason == "Ce communiqué relève de la publicité commerciale."
    [refused] = [email for email in emails_to(CONTACT_EMAIL) if "n’a pas été retenu" in email.subject]
    assert "Ce communiqué relève de la publicité commerciale." in refused.text_body
    article.refresh_from_db()
    assert not article.live

    # Resubmitted and refused again: the sender already knows, no second email.
    state = WorkflowState.objects.get(pk=article.workflow_states.order_by("-pk").first().pk)
    state.resume(user=moderator)
    state.refresh_from_db()
    state.current_task_state.reject(user=moderator, comment="Toujours non.")
    assert len([email for email in emails_to(CONTACT_EMAIL) if "n’a pas été retenu" in email.subject]) == 1


def test_an_ordinary_article_sends_no_email_to_anyone(press_magazine, moderator):
    article = press_magazine["ess"].add_child(instance=ArticlePage(title="Éditorial", lead="Chapô.", live=False))
    submit_for_review(article, user=moderator)
    approve_current_task(article, moderator)
    approve_current_task(article, moderator)
    article.refresh_from_db()
    assert article.live
    assert not PressReleaseSubmission.objects.exists()


def test_the_beat_task_publishes_an_article_whose_go_live_date_has_passed(press_magazine, moderator):
    article = press_magazine["ess"].add_child(instance=ArticlePage(title="Programmé", lead="Chapô.", live=False))
    revision = article.save_revision(user=moderator, approved_go_live_at=timezone.now() + timedelta(minutes=5))
    tasks.publish_scheduled_pages()
    article.refresh_from_db()
    assert not article.live  # not yet

    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    tasks.publish_scheduled_pages.delay()
    article.refresh_from_db()
    assert article.live
    assert article.is_listed

    tasks.publish_scheduled_pages()  # idempotent
    article.refresh_from_db()
    assert article.live


def test_a_scheduled_press_release_emails_its_sender_when_it_goes_live(client, press_magazine, moderator):
    article = submit_and_confirm(client)
    article.go_live_at = timezone.now() + timedelta(hours=2)
    article.save_revision(user=moderator)
    approve_current_task(article, moderator)
    approve_current_task(article, moderator)
    article.refresh_from_db()
    assert not article.live
    assert not [email for email in emails_to(CONTACT_EMAIL) if "est publié" in email.subject]

    # Two hours and a minute later, the beat task runs.
    later = timezone.now() + timedelta(hours=2, minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        tasks.publish_scheduled_pages()
    article.refresh_from_db()
    assert article.live
    assert [email for email in emails_to(CONTACT_EMAIL) if "est publié" in email.subject]


def test_the_beat_schedule_runs_the_tasks(settings):
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["magazine.tasks.publish_scheduled_pages"] == 60.0
    assert "magazine.tasks.purge_unconfirmed_press_releases" in schedule


def test_the_purge_deletes_unconfirmed_releases_once_their_link_expired(client, press_magazine):
    client.post(SUBMIT_URL, form_data())
    client.post(SUBMIT_URL, form_data(title="Un second communiqué", contact_email="autre@presse.test"))
    confirmed = PressReleaseSubmission.objects.get(email="autre@presse.test")
    client.post(link_in(emails_to("autre@presse.test")[0], "/magazine/communiques/confirmer/"))
    assert tasks.purge_unconfirmed_press_releases() == 0  # still within the 48 hours
    PressReleaseSubmission.objects.update(created_at=timezone.now() - timedelta(hours=50))
    assert tasks.purge_unconfirmed_press_releases() == 1
    assert list(PressReleaseSubmission.objects.all()) == [confirmed]


def test_the_committee_reads_the_releases_received_in_the_admin_but_cannot_change_them(
    client, press_magazine, editor, candidate
):
    submit_and_confirm(client)
    submission = PressReleaseSubmission.objects.get()
    client.force_login(editor)
    listing = client.get("/admin/snippets/magazine/pressreleasesubmission/")
    assert listing.status_code == 200
    assert submission.title in listing.content.decode()
    inspect = client.get(f"/admin/snippets/magazine/pressreleasesubmission/inspect/{submission.pk}/")
    assert inspect.status_code == 200
    assert CONTACT_EMAIL in inspect.content.decode()
    assert client.get(f"/admin/snippets/magazine/pressreleasesubmission/edit/{submission.pk}/").status_code in (
        302,
        403,
    )
    assert client.get("/admin/snippets/magazine/pressreleasesubmission/add/").status_code in (302, 403)
    client.force_login(candidate)
    assert client.get("/admin/snippets/magazine/pressreleasesubmission/").status_code in (302, 403)


def test_the_published_release_shows_its_text_files_and_source_within_the_query_budget(
    client, press_magazine, moderator, django_assert_max_num_queries
):
    data = form_data(
        attachments=[
            press_support.upload("Dossier de presse.pdf", press_support.pdf_bytes()),
            press_support.upload("Atelier.png", press_support.png_bytes(size=(800, 600))),
        ]
    )
    assert client.post(SUBMIT_URL, data).status_code == 302
    client.post(link_in(emails_to(CONTACT_EMAIL)[0], "/magazine/communiques/confirmer/"))
    article = ArticlePage.objects.get()
    approve_current_task(article, moderator)
    approve_current_task(article, moderator)
    article.refresh_from_db()
    client.logout()
    client.get(article.url)  # renditions are made on the first view
    # Within the article budget even with a document and an image block in the body.
    with django_assert_max_num_queries(15):
        response = client.get(article.url)
    assert response.status_code == 200
    tree = parse(response)
    assert texts(tree, "//h1") == [article.title]
    body = " ".join(texts(tree, "//main"))
    assert "L’atelier accueillera le public trois jours par semaine" in body
    assert "Les Tisserands" in body
    assert tree.xpath("//main//a[starts-with(@href, '/documents/')]")
    assert tree.xpath("//main//img[contains(@src, 'atelier')]")


def test_the_demo_magazine_gets_the_committee_workflow(home_page):
    index = ensure_magazine(home_page, io.StringIO())
    assert WorkflowPage.objects.get(page=index).workflow.name == EDITORIAL_WORKFLOW_NAME
