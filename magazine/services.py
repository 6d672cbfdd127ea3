"""Rules of the magazine that views, signals, seeders and tasks share.

The editorial workflow "Comité de rédaction" (edit → review → publish) is created by the data migration
`magazine.0004_editorial_workflow` and re-created here when needed; every magazine index page gets it.
"""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from accounts.models import EDITOR_GROUP, MODERATOR_GROUP

EDITORIAL_WORKFLOW_NAME = "Comité de rédaction"
# The workflow's tasks, in order: (task name, groups that may approve it).
EDITORIAL_TASKS = (
    ("Relecture par la rédaction", (EDITOR_GROUP, MODERATOR_GROUP)),
    ("Validation de la publication", (MODERATOR_GROUP,)),
)


@transaction.atomic
def editorial_workflow() -> Workflow:
    """The active "Comité de rédaction" workflow, created with its tasks if missing."""
    workflow = Workflow.objects.filter(name=EDITORIAL_WORKFLOW_NAME, active=True).order_by("pk").first()
    if workflow is not None:
        return workflow
    workflow = Workflow.objects.create(name=EDITORIAL_WORKFLOW_NAME, active=True)
    task_type = ContentType.objects.get_for_model(GroupApprovalTask)
    for position, (task_name, group_names) in enumerate(EDITORIAL_TASKS):
        task = GroupApprovalTask.objects.filter(name=task_name, active=True).order_by("pk").first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=task_name, content_type=task_type, active=True)
            task.groups.set(Group.objects.filter(name__in=group_names))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=position)
    return workflow


def ensure_editorial_workflow(index_page) -> Workflow:
    """Make the editorial workflow apply to a magazine index page and everything under it.

    Idempotent; a workflow the administrators chose for this page in the admin is left alone.
    """
    existing = WorkflowPage.objects.filter(page_id=index_page.pk).select_related("workflow").first()
    if existing is not None and existing.workflow.active:
        return existing.workflow
    workflow = editorial_workflow()
    WorkflowPage.objects.update_or_create(page_id=index_page.pk, defaults={"workflow": workflow})
    return workflow


def submit_for_review(page, user=None):
    """Save a revision of the page and start its workflow (the one of its nearest ancestor), if any.

    Returns the workflow state, or None when no workflow applies.
    """
    page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is None:
        return None
    return workflow.start(page, user)
