"""The agenda's moderation: one Wagtail workflow, "Modération de l’agenda", with one group approval task
for the editorial groups, assigned to each agenda index page (so to every event under it), through
`core.moderation`. The editors' decisions reach the senders of proposals through `core.submissions`
(connected by `core`), like every submission of the site."""

from wagtail.models import Workflow, WorkflowPage, WorkflowState

from accounts.models import EDITOR_GROUP, MODERATOR_GROUP
from core.moderation import ensure_group_workflow, start_page_moderation

WORKFLOW_NAME = "Modération de l’agenda"
TASK_NAME = "Validation par la rédaction (agenda)"
EDITORIAL_GROUPS = (EDITOR_GROUP, MODERATOR_GROUP)


def ensure_moderation_workflow(index) -> Workflow:
    """Assign "Modération de l’agenda" to an agenda index page (idempotent; page creation and the seeder
    call it). Approving the last task publishes with the approver's rights, so both editorial groups
    get the "publish" permission on the agenda's pages (Rédacteurs have no publish right elsewhere)."""
    return ensure_group_workflow(index, WORKFLOW_NAME, [(TASK_NAME, EDITORIAL_GROUPS)], publish_groups=EDITORIAL_GROUPS)


def submit_for_moderation(page, index) -> WorkflowState:
    """Start the workflow of an event page under `index` (the agenda's, given to the agenda if it has
    none), without a requesting user: submitters have no admin access, and Wagtail would otherwise email
    them outside the outbox."""
    if not WorkflowPage.objects.filter(page_id=index.pk).exists():
        ensure_moderation_workflow(index)
    return start_page_moderation(page)
