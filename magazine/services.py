"""Rules of the magazine that views, signals, seeders and tasks share.

The editorial workflow "Comité de rédaction" (edit → review → publish) is created by the data migration
`magazine.0004_editorial_workflow` and re-created here when needed (`core.moderation.group_workflow`);
every magazine index page gets it, and so everything under it.
"""

from wagtail.models import Workflow

from accounts.models import EDITOR_GROUP, MODERATOR_GROUP
from core.moderation import ensure_group_workflow, group_workflow

EDITORIAL_WORKFLOW_NAME = "Comité de rédaction"
# The workflow's tasks, in order: (task name, groups that may approve it).
EDITORIAL_TASKS = [
    ("Relecture par la rédaction", (EDITOR_GROUP, MODERATOR_GROUP)),
    ("Validation de la publication", (MODERATOR_GROUP,)),
]


def editorial_workflow() -> Workflow:
    """The active "Comité de rédaction" workflow, created with its tasks if missing."""
    return group_workflow(EDITORIAL_WORKFLOW_NAME, EDITORIAL_TASKS)


def ensure_editorial_workflow(index_page) -> Workflow:
    """Make the editorial workflow apply to a magazine index page and everything under it.

    Idempotent; an active workflow the administrators chose for this page in the admin is left alone.
    """
    return ensure_group_workflow(index_page, EDITORIAL_WORKFLOW_NAME, EDITORIAL_TASKS)


def submit_for_review(page, user=None):
    """Save a revision of the page and start its workflow (the one of its nearest ancestor), if any.

    Returns the workflow state, or None when no workflow applies.
    """
    page.save_revision(user=user, log_action=True)
    workflow = page.get_workflow()
    if workflow is None:
        return None
    return workflow.start(page, user)
