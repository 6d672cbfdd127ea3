"""Pages moderated by Wagtail workflows (`core.moderation`): a named workflow of group approval tasks, given
to an index page and everything under it, started without a requesting user."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import (
    GroupApprovalTask,
    GroupPagePermission,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)

from accounts.models import EDITOR_GROUP, MODERATOR_GROUP
from core.moderation import ensure_group_workflow, group_workflow, start_page_moderation
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

NAME = "Modération d’essai"
TASKS = [
    ("Relecture d’essai", (EDITOR_GROUP, MODERATOR_GROUP)),
    ("Validation d’essai", (MODERATOR_GROUP,)),
]


def task_names(workflow) -> list[str]:
    return [
        workflow_task.task.name
        for workflow_task in WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order")
    ]


def group_names(task) -> set[str]:
    return set(task.specific.groups.values_list("name", flat=True))


def fresh(instance):
    """The object as stored now, without what Django and Wagtail cached on the instance in hand."""
    return type(instance).objects.get(pk=instance.pk)


def counts() -> tuple[int, int, int, int]:
    return Workflow.objects.count(), Task.objects.count(), WorkflowTask.objects.count(), WorkflowPage.objects.count()


@pytest.fixture
def index(home_page):
    return StandardPageFactory(parent=home_page, title="Rubrique modérée", slug="rubrique-moderee")


@pytest.fixture
def draft(index):
    """A page waiting for moderation under the index: never published, one revision."""
    page = StandardPageFactory(parent=index, title="Proposition", slug="proposition", live=False)
    page.save_revision()
    return page


# --- group_workflow ------------------------------------------------------------------------------


def test_the_workflow_is_created_with_its_tasks_in_order_and_their_groups(db):
    workflow = group_workflow(NAME, TASKS)
    assert workflow.name == NAME and workflow.active
    assert task_names(workflow) == ["Relecture d’essai", "Validation d’essai"]
    review, approval = (
        wt.task.specific for wt in WorkflowTask.objects.filter(workflow=workflow).order_by("sort_order")
    )
    assert isinstance(review, GroupApprovalTask) and review.active
    assert group_names(review) == {EDITOR_GROUP, MODERATOR_GROUP}
    assert group_names(approval) == {MODERATOR_GROUP}


def test_the_workflow_is_created_once(db):
    first = group_workflow(NAME, TASKS)
    before = counts()
    assert group_workflow(NAME, TASKS) == first
    assert counts() == before


def test_the_administrators_later_changes_are_kept(db):
    workflow = group_workflow(NAME, TASKS)
    WorkflowTask.objects.filter(workflow=workflow, task__name="Validation d’essai").delete()
    review = WorkflowTask.objects.get(workflow=workflow).task.specific
    review.groups.set(Group.objects.filter(name=MODERATOR_GROUP))
    assert group_workflow(NAME, TASKS) == workflow
    assert task_names(workflow) == ["Relecture d’essai"]
    assert group_names(review) == {MODERATOR_GROUP}


def test_a_deactivated_workflow_of_that_name_is_not_brought_back(db):
    old = group_workflow(NAME, TASKS)
    old.deactivate()
    new = group_workflow(NAME, TASKS)
    assert new != old and new.active
    assert task_names(new) == ["Relecture d’essai", "Validation d’essai"]


def test_an_active_task_of_that_name_is_shared_as_it_is(db):
    existing = GroupApprovalTask.objects.create(name="Validation d’essai", active=True)
    existing.groups.set(Group.objects.filter(name=EDITOR_GROUP))
    workflow = group_workflow(NAME, TASKS)
    approval = WorkflowTask.objects.get(workflow=workflow, sort_order=1).task
    assert approval.pk == existing.pk
    assert group_names(existing) == {EDITOR_GROUP}  # the administrators' choice stays


def test_an_inactive_task_of_that_name_is_not_reused(db):
    retired = GroupApprovalTask.objects.create(name="Relecture d’essai", active=False)
    workflow = group_workflow(NAME, TASKS)
    review = WorkflowTask.objects.get(workflow=workflow, sort_order=0).task
    assert review.pk != retired.pk and review.active


# --- ensure_group_workflow -----------------------------------------------------------------------


def test_the_workflow_applies_to_the_page_and_everything_under_it(index, draft):
    workflow = ensure_group_workflow(index, NAME, TASKS)
    assert WorkflowPage.objects.get(page=index).workflow == workflow
    assert index.get_workflow() == workflow
    assert draft.get_workflow() == workflow
    grandchild = StandardPageFactory(parent=draft, slug="sous-page")
    assert grandchild.get_workflow() == workflow


def test_another_branch_keeps_its_own_workflow(home_page, index):
    other = StandardPageFactory(parent=home_page, slug="autre-rubrique")
    other_workflow = ensure_group_workflow(other, "Autre modération", [("Autre relecture", (MODERATOR_GROUP,))])
    workflow = ensure_group_workflow(index, NAME, TASKS)
    assert other.get_workflow() == other_workflow != workflow


def test_ensuring_twice_changes_nothing(index):
    first = ensure_group_workflow(index, NAME, TASKS, publish_groups=(EDITOR_GROUP,))
    before = counts(), GroupPagePermission.objects.count()
    assert ensure_group_workflow(index, NAME, TASKS, publish_groups=(EDITOR_GROUP,)) == first
    assert (counts(), GroupPagePermission.objects.count()) == before


def test_a_workflow_the_administrators_gave_the_page_is_left_alone(index):
    chosen = Workflow.objects.create(name="Choix de l’équipe", active=True)
    WorkflowPage.objects.create(page=index, workflow=chosen)
    assert ensure_group_workflow(index, NAME, TASKS) == chosen
    assert WorkflowPage.objects.get(page=index).workflow == chosen
    assert not Workflow.objects.filter(name=NAME).exists()


def test_a_deactivated_workflow_on_the_page_is_replaced(index):
    retired = Workflow.objects.create(name="Ancienne modération", active=False)
    WorkflowPage.objects.create(page=index, workflow=retired)
    workflow = ensure_group_workflow(index, NAME, TASKS)
    assert workflow != retired and workflow.name == NAME
    assert WorkflowPage.objects.get(page=index).workflow == workflow
    assert fresh(index).get_workflow() == workflow


def test_publish_groups_get_the_publish_permission_on_the_page(index, draft, editor, moderator):
    assert not draft.permissions_for_user(editor).can_publish()
    ensure_group_workflow(index, NAME, TASKS, publish_groups=(EDITOR_GROUP, MODERATOR_GROUP))
    for name in (EDITOR_GROUP, MODERATOR_GROUP):
        assert GroupPagePermission.objects.filter(
            group__name=name, page=index, permission__codename="publish_page"
        ).exists()
    # Wagtail keeps a user's page permissions on the user object: ask with fresh ones.
    assert draft.permissions_for_user(fresh(editor)).can_publish()
    assert draft.permissions_for_user(fresh(moderator)).can_publish()


def test_without_publish_groups_no_permission_is_given(index):
    before = GroupPagePermission.objects.count()
    ensure_group_workflow(index, NAME, TASKS)
    assert GroupPagePermission.objects.count() == before


# --- start_page_moderation -----------------------------------------------------------------------


def test_moderation_starts_without_a_requesting_user(index, draft):
    workflow = ensure_group_workflow(index, NAME, TASKS, publish_groups=(EDITOR_GROUP, MODERATOR_GROUP))
    state = start_page_moderation(draft)
    assert isinstance(state, WorkflowState)
    assert state.workflow == workflow and state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by is None
    assert state.content_object.pk == draft.pk
    assert state.current_task_state.task.name == "Relecture d’essai"
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision == draft.get_latest_revision()
    draft.refresh_from_db()
    assert draft.workflow_in_progress and not draft.live


def test_the_given_workflow_is_started_rather_than_the_pages(index, draft):
    ensure_group_workflow(index, NAME, TASKS)
    other = group_workflow("Modération express", [("Validation express", (MODERATOR_GROUP,))])
    assert start_page_moderation(draft, other).workflow == other


def test_a_page_without_a_workflow_cannot_be_moderated(draft):
    WorkflowPage.objects.all().delete()
    assert draft.get_workflow() is None
    with pytest.raises(ValueError, match=f"No workflow applies to page {draft.pk}"):
        start_page_moderation(draft)
    assert not WorkflowState.objects.filter(object_id=str(draft.pk)).exists()


def test_approving_every_task_publishes_the_page(index, draft, editor, moderator):
    """The last approval publishes with the approver's rights, which `publish_groups` gave."""
    ensure_group_workflow(index, NAME, TASKS, publish_groups=(EDITOR_GROUP, MODERATOR_GROUP))
    state = start_page_moderation(draft)
    state.current_task_state.approve(user=editor)
    state.refresh_from_db()
    assert state.current_task_state.task.name == "Validation d’essai"
    state.current_task_state.approve(user=moderator)
    state.refresh_from_db()
    draft.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert draft.live and not draft.workflow_in_progress
