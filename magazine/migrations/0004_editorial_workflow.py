"""The editorial committee's workflow, "Comité de rédaction": edit → review → publish.

Two Wagtail group-approval tasks: a review by the editorial committee (Rédacteurs and Modérateurs),
then the moderators' approval, which publishes. Assigned to every magazine index page (so to all
rubriques and articles); `magazine.services.ensure_editorial_workflow` does the same for index pages
created later. The editorial groups may also view the press releases received (Wagtail admin,
"Communiqués reçus"). A frozen copy: it imports no project module but the shared `grant_permissions`.
"""

from django.db import migrations

from accounts.migration_operations import grant_permissions

WORKFLOW_NAME = "Comité de rédaction"
TASKS = (
    ("Relecture par la rédaction", ("Rédacteurs", "Modérateurs")),
    ("Validation de la publication", ("Modérateurs",)),
)


def create_editorial_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    MagazineIndexPage = apps.get_model("magazine", "MagazineIndexPage")

    workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).order_by("pk").first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        for position, (task_name, group_names) in enumerate(TASKS):
            task = GroupApprovalTask.objects.filter(name=task_name, active=True).order_by("pk").first()
            if task is None:
                task = GroupApprovalTask.objects.create(name=task_name, content_type=task_type, active=True)
                task.groups.set(Group.objects.filter(name__in=group_names))
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=position)
    for index_id in MagazineIndexPage.objects.values_list("pk", flat=True):
        if not WorkflowPage.objects.filter(page_id=index_id).exists():
            WorkflowPage.objects.create(page_id=index_id, workflow=workflow)


def remove_editorial_workflow(apps, schema_editor):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    Workflow.objects.filter(name=WORKFLOW_NAME).delete()
    Task.objects.filter(name__in=[name for name, _ in TASKS], workflow_tasks__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("magazine", "0003_press_release_submissions"),
        ("accounts", "0002_editorial_groups"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [
        migrations.RunPython(create_editorial_workflow, remove_editorial_workflow),
        migrations.RunPython(grant_permissions("magazine", ["pressreleasesubmission"], ["view"]), migrations.RunPython.noop),
    ]
