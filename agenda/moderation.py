"""The agenda's moderation: one Wagtail workflow, "Modération de l’agenda", with one group approval task
for the editorial groups, assigned to each agenda index page (so to every event under it).

Submitters have no access to the Wagtail admin: the workflow is started without a requesting user
(Wagtail's own notifications would otherwise email them outside the outbox), and the submitter is
told the decision by `notify_decision`, connected to Wagtail's workflow and publication signals.
Each submission is notified once, whatever the number of signals (approve, then publish…).
"""

import logging

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from accounts.models import EDITOR_GROUP, MODERATOR_GROUP
from home.emails import send_email

from .submission_models import EventSubmission

logger = logging.getLogger(__name__)

WORKFLOW_NAME = "Modération de l’agenda"
TASK_NAME = "Validation par la rédaction (agenda)"
EDITORIAL_GROUPS = (EDITOR_GROUP, MODERATOR_GROUP)


def moderation_workflow() -> Workflow:
    """The workflow and its task, created if missing (idempotent)."""
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True)
    groups = list(Group.objects.filter(name__in=EDITORIAL_GROUPS))
    if set(task.groups.all()) != set(groups):
        task.groups.set(groups)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    elif not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    return workflow


def ensure_moderation_workflow(index) -> Workflow:
    """Assign "Modération de l’agenda" to an agenda index page (the seeder and page creation call it).

    Approving the last task publishes the page with the approver's rights, so both editorial groups
    get the "publish" permission on the agenda's pages (Rédacteurs have no publish right elsewhere).
    """
    workflow = moderation_workflow()
    WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})
    publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
    for group in Group.objects.filter(name__in=EDITORIAL_GROUPS):
        GroupPagePermission.objects.get_or_create(group=group, page_id=index.pk, permission=publish)
    return workflow


def submit_for_moderation(page, submission: EventSubmission | None = None) -> WorkflowState:
    """Start the page's workflow (its index's "Modération de l’agenda"), without a requesting user."""
    workflow = page.get_workflow() or moderation_workflow()
    state = workflow.start(page, user=None)
    if submission is not None:
        submission.workflow_state = state
        submission.page = page
        submission.save(update_fields=["workflow_state", "page"])
    return state


# --- Telling the submitter ---------------------------------------------------


def notify_decision(submission_ids, *, published: bool, comment: str = "") -> int:
    """Mark the submissions decided and email each submitter once. Returns the number of emails sent."""
    sent = 0
    for submission in EventSubmission.objects.filter(pk__in=submission_ids, notified_at__isnull=True).select_related(
        "page"
    ):
        # The conditional update is the idempotence key: a second signal finds nothing to update.
        updated = EventSubmission.objects.filter(pk=submission.pk, notified_at__isnull=True).update(
            status=EventSubmission.Status.PUBLISHED if published else EventSubmission.Status.REFUSED,
            decided_at=timezone.now(),
            notified_at=timezone.now(),
            decision_comment=comment[:2000],
        )
        if not updated:
            continue
        subject, text = decision_email(submission, published=published, comment=comment)
        send_email(to=[submission.email], subject=subject, text=text)
        sent += 1
    return sent


def decision_email(submission: EventSubmission, *, published: bool, comment: str = "") -> tuple[str, str]:
    page = submission.page.specific if submission.page else None
    title = page.title if page else (submission.data or {}).get("title", "")
    photos = submission.kind == EventSubmission.Kind.PHOTOS
    if published:
        subject = (
            _("Vos photos de « %(title)s » sont publiées") if photos else _("Votre événement « %(title)s » est publié")
        ) % {"title": title}
        url = page.get_full_url() if page else ""
        lines = [
            _("Bonjour,"),
            "",
            (
                _("La rédaction de Solidaires a validé vos photos de l’événement « %(title)s ».")
                if photos
                else _("La rédaction de Solidaires a validé votre événement « %(title)s » : il figure dans l’agenda.")
            )
            % {"title": title},
        ]
        if url:
            lines += ["", _("Le voir en ligne : %(url)s") % {"url": url}]
    else:
        subject = (
            _("Vos photos de « %(title)s » n’ont pas été retenues")
            if photos
            else _("Votre événement « %(title)s » n’a pas été retenu")
        ) % {"title": title}
        lines = [
            _("Bonjour,"),
            "",
            (
                _("La rédaction de Solidaires n’a pas retenu vos photos de l’événement « %(title)s ».")
                if photos
                else _("La rédaction de Solidaires n’a pas retenu votre événement « %(title)s » pour l’agenda.")
            )
            % {"title": title},
        ]
        if comment:
            lines += ["", _("Motif :"), comment]
        lines += ["", _("Vous pouvez nous écrire en répondant à l’adresse de contact du site pour en savoir plus.")]
    lines += ["", _("L’équipe de Solidaires")]
    return subject, "\n".join(lines)


def on_workflow_approved(sender, instance: WorkflowState, user=None, **kwargs):
    ids = list(EventSubmission.objects.filter(workflow_state=instance).values_list("pk", flat=True))
    if ids:
        transaction.on_commit(lambda: notify_decision(ids, published=True))


def on_workflow_rejected(sender, instance: WorkflowState, user=None, **kwargs):
    ids = list(EventSubmission.objects.filter(workflow_state=instance).values_list("pk", flat=True))
    if not ids:
        return
    task_state = instance.current_task_state
    comment = (task_state.get_comment() if task_state else "") or ""
    transaction.on_commit(lambda: notify_decision(ids, published=False, comment=comment))


def on_page_published(sender, instance, revision=None, **kwargs):
    """An editor may publish a submitted event directly (without the workflow's "approve"): tell them too."""
    ids = list(
        EventSubmission.objects.filter(
            page_id=instance.pk, status=EventSubmission.Status.SUBMITTED, notified_at__isnull=True
        ).values_list("pk", flat=True)
    )
    if ids:
        transaction.on_commit(lambda: notify_decision(ids, published=True))


def on_index_page_created(sender, instance, created=False, raw=False, **kwargs):
    """Every agenda index page gets the moderation workflow as soon as it exists."""
    if created and not raw:
        ensure_moderation_workflow(instance)


def on_event_changed(sender, **kwargs):
    if getattr(getattr(sender, "_meta", None), "label", "") == "agenda.EventPage":
        from .ical import invalidate_feeds

        invalidate_feeds()


def on_event_saved(sender, update_fields=None, **kwargs):
    """An event saved with changes readers may see (not a draft revision): feeds and month views go."""
    from home.models import changes_live_content

    from .ical import invalidate_feeds

    if changes_live_content(update_fields):
        invalidate_feeds()


def on_event_unpublished(sender, instance, **kwargs):
    """The admin's bulk unpublish and the scheduled expiry save a plain Page, not `EventPage.save()`:
    take the event's occurrences out of the lists, the month view and the block too."""
    if getattr(getattr(sender, "_meta", None), "label", "") == "agenda.EventPage":
        from .models import EventOccurrence

        EventOccurrence.objects.filter(event_id=instance.pk).update(live=False)


def connect_signals():
    """Connected when the models load (from `submission_models`), so in every process."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, workflow_approved, workflow_rejected

    from .ical import invalidate_feeds

    workflow_approved.connect(on_workflow_approved, sender=WorkflowState, dispatch_uid="agenda_workflow_approved")
    workflow_rejected.connect(on_workflow_rejected, sender=WorkflowState, dispatch_uid="agenda_workflow_rejected")
    page_published.connect(on_page_published, dispatch_uid="agenda_page_published")
    post_save.connect(on_index_page_created, sender="agenda.AgendaIndexPage", dispatch_uid="agenda_index_created")
    # Cached feeds and month views are rebuilt after any change of what the public sees.
    page_published.connect(on_event_changed, dispatch_uid="agenda_ical_published")
    page_unpublished.connect(on_event_unpublished, dispatch_uid="agenda_occurrences_unpublished")
    page_unpublished.connect(on_event_changed, dispatch_uid="agenda_ical_unpublished")
    post_delete.connect(invalidate_feeds, sender="agenda.EventPage", dispatch_uid="agenda_ical_deleted")
    # Saved outside publication too (created live by code, imported, moved): the cached month views and
    # feeds must not lag behind. A draft revision changes nothing readers see (`on_event_saved`).
    post_save.connect(on_event_saved, sender="agenda.EventPage", dispatch_uid="agenda_ical_saved")
    # Feeds list public events only: a view restriction added or removed changes them.
    post_save.connect(
        invalidate_feeds, sender="wagtailcore.PageViewRestriction", dispatch_uid="agenda_restriction_saved"
    )
    post_delete.connect(
        invalidate_feeds, sender="wagtailcore.PageViewRestriction", dispatch_uid="agenda_restriction_deleted"
    )
