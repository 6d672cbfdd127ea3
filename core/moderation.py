"""One way to moderate what people submit.

Pages (articles, press releases become articles, events) are moderated by Wagtail workflows: the helpers
below give an index page its workflow of group-approval tasks and start it without a requesting user
(submitters have no admin access; Wagtail would otherwise email them outside the outbox).

Records kept as snippets (job offers today, missions and consultant profiles next) are `Moderated`
models: explicit states with django-fsm-2 transitions, one history table per model, and one queue per
model in the admin's « À modérer » panel (`register_queue`, shown by `core.wagtail_hooks`), beside
Wagtail's own « En attente de votre relecture » for pages. Why not Wagtail's workflows on snippets too:
see docs/architecture.md (offers close by date, are withdrawn and change state from the public site, and
the public rule is one query on their state and dates, not a live revision).
"""

from dataclasses import dataclass

from django.contrib.auth import get_permission_codename
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import TransitionNotAllowed
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from .models import Moderated, ModerationStatus


class InvalidTransition(ValidationError):
    """The record cannot go to that state from the one it is in."""


# The transitions as people read them in messages.
TRANSITION_LABELS = {
    "submit": gettext_lazy("soumettre"),
    "send_back": gettext_lazy("renvoyer en modération"),
    "publish": gettext_lazy("publier"),
    "refuse": gettext_lazy("refuser"),
    "withdraw": gettext_lazy("retirer"),
    "close": gettext_lazy("clôturer"),
}


# --- Snippets: explicit states ------------------------------------------------------------------------


def move(record: Moderated, transition: str, *, by=None, reason: str = "", update_fields=()) -> Moderated:
    """Apply `transition` ("submit", "publish", "refuse", "withdraw", "close", "send_back") to a record
    the caller has locked (`select_for_update`), save it and record the step in its history."""
    from_status = record.status
    method = getattr(record, transition)
    try:
        method(by=by, reason=reason)
    except TransitionNotAllowed:
        raise InvalidTransition(
            _("« %(record)s » ne peut pas passer de l’état « %(from)s » par l’action « %(action)s ».")
            % {
                "record": record,
                "from": ModerationStatus(from_status).label,
                "action": TRANSITION_LABELS.get(transition, transition),
            },
            code="invalid_transition",
        ) from None
    fields = {"status", "submitted_at", "published_at", "closed_at", *update_fields}
    if any(field.name == "updated_at" for field in record._meta.concrete_fields):
        fields.add("updated_at")
    record.save(update_fields=sorted(fields))
    record_state_change(record, from_status, record.status, by=by, reason=reason)
    return record


def record_state_change(record: Moderated, from_status: str, to_status: str, *, by=None, reason: str = ""):
    history = record.state_history_model
    if history is None:
        return None
    return history.objects.create(
        **{record.state_history_subject_field: record},
        from_status=from_status or "",
        to_status=to_status,
        by=by if getattr(by, "is_authenticated", False) else None,
        reason=reason or "",
    )


@dataclass(frozen=True)
class ModerationQueue:
    """What awaits moderators for one model: its label and the admin URL of its queue."""

    model: type[Moderated]
    label: str
    url_name: str

    def waiting(self) -> int:
        return self.model.objects.filter(status=ModerationStatus.SUBMITTED).count()

    @property
    def permission(self) -> str:
        """Who sees the queue: those who may change the model's records."""
        opts = self.model._meta
        return f"{opts.app_label}.{get_permission_codename('change', opts)}"


_queues: list[ModerationQueue] = []


def register_queue(model: type[Moderated], label: str, url_name: str) -> None:
    """Show `model`'s submitted records in the « À modérer » panel (call it from wagtail_hooks)."""
    if not any(queue.model is model for queue in _queues):
        _queues.append(ModerationQueue(model, label, url_name))


def moderation_queues() -> list[ModerationQueue]:
    return list(_queues)


# --- Pages: Wagtail workflows -------------------------------------------------------------------------


@transaction.atomic
def group_workflow(name: str, tasks: list[tuple[str, tuple[str, ...]]]) -> Workflow:
    """The active workflow `name`, created with its group approval tasks `[(task name, group names)]`
    if there is none (an administrator's later changes to it are kept)."""
    workflow = Workflow.objects.filter(name=name, active=True).order_by("pk").first()
    if workflow is not None:
        return workflow
    workflow = Workflow.objects.create(name=name, active=True)
    for position, (task_name, group_names) in enumerate(tasks):
        task = GroupApprovalTask.objects.filter(name=task_name, active=True).order_by("pk").first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name, active=True)
            task.groups.set(Group.objects.filter(name__in=group_names))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=position)
    return workflow


@transaction.atomic
def ensure_group_workflow(page, name: str, tasks: list[tuple[str, tuple[str, ...]]], publish_groups=()) -> Workflow:
    """Make the workflow `name` (see `group_workflow`) apply to `page` and everything under it.

    Idempotent; an active workflow the administrators chose for this page in the admin is left alone.
    `publish_groups` get the "publish" permission on the page: approving the last task publishes with
    the approver's rights."""
    existing = WorkflowPage.objects.filter(page_id=page.pk).select_related("workflow").first()
    if existing is not None and existing.workflow.active:
        workflow = existing.workflow
    else:
        workflow = group_workflow(name, tasks)
        WorkflowPage.objects.update_or_create(page_id=page.pk, defaults={"workflow": workflow})
    if publish_groups:
        publish = Permission.objects.get(content_type__app_label="wagtailcore", codename="publish_page")
        for group in Group.objects.filter(name__in=publish_groups):
            GroupPagePermission.objects.get_or_create(group=group, page_id=page.pk, permission=publish)
    return workflow


def start_page_moderation(page, workflow: Workflow | None = None):
    """Start the page's workflow without a requesting user; returns the WorkflowState."""
    workflow = workflow or page.get_workflow()
    if workflow is None:
        raise ValueError(f"No workflow applies to page {page.pk}")
    return workflow.start(page, user=None)
