"""The workflow "Modération de l’agenda": one group approval task for Rédacteurs and Modérateurs,
assigned to the agenda index pages that exist, whose pages the editorial groups may then publish. (Later index pages get it from
`agenda.moderation.ensure_moderation_workflow`, called on their creation.) Frozen: imports no project module."""

from django.db import migrations

WORKFLOW_NAME = "Modération de l’agenda"
TASK_NAME = "Validation par la rédaction (agenda)"
GROUPS = ("Rédacteurs", "Modérateurs")


def create_workflow(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    AgendaIndexPage = apps.get_model("agenda", "AgendaIndexPage")

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.add(*Group.objects.filter(name__in=GROUPS))
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    publish = Permission.objects.filter(content_type__app_label="wagtailcore", codename="publish_page").first()
    for page_id in AgendaIndexPage.objects.values_list("pk", flat=True):
        WorkflowPage.objects.update_or_create(page_id=page_id, defaults={"workflow": workflow})
        # Approving publishes with the approver's rights: the editorial groups may publish agenda pages.
        for group in Group.objects.filter(name__in=GROUPS) if publish else []:
            GroupPagePermission.objects.get_or_create(group=group, page_id=page_id, permission=publish)


class Migration(migrations.Migration):
    dependencies = [
        ("agenda", "0003_submissions_and_imports"),
        ("accounts", "0002_editorial_groups"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create_workflow, migrations.RunPython.noop)]
