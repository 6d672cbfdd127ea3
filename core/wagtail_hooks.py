"""Core in the Wagtail admin.

- The outbox (Paramètres > Courriels sortants): read-only, to see what failed. Viewing needs
  `core.view_outgoingemail`: superusers have it, and the Modérateurs group kept it when the outbox moved
  from `home` (migration home 0007); Rédacteurs and site users are not.
- The « À modérer » panel on the admin's home: every queue registered with `core.moderation.register_queue`
  (job offers today), with what waits in it, for those who may change that model's records. Pages awaiting
  a workflow step are in Wagtail's own panel beside it.
- Scheduled jobs (`core.jobs`): their runs (Paramètres > Tâches planifiées, read-only) and the « Tâches
  planifiées » panel on the admin's home, for those with `core.view_jobrun` (superusers). Every admin page
  also shows a warning while a job is overdue (`core/templates/wagtailadmin/base.html`).
"""

from urllib.parse import urlencode

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.widgets import PageListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .audience_admin import AudienceView
from .jobs import alerts
from .jobs.periods import label_of
from .models import JobRun, OutgoingEmail
from .moderation import moderation_queues
from .permissions import ViewOnlyPermissionPolicy


class OutgoingEmailViewSet(SnippetViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Courriels sortants")
    add_to_settings_menu = True
    list_display = [
        "subject",
        Column("to", label=_("destinataires"), accessor=lambda email: ", ".join(email.to)),
        "status",
        "attempts",
        DateColumn("created_at", label=_("créé le")),
        DateColumn("sent_at", label=_("envoyé le")),
    ]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    search_backend_name = None  # a database search on the subject and the recipients
    ordering = ["-created_at"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    # Never the bodies nor the headers: while pending they may hold password-reset or unsubscribe links.
    inspect_view_fields = [
        "subject",
        "to",
        "from_email",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]

    @property
    def permission_policy(self):
        return ViewOnlyPermissionPolicy(self.model)


register_snippet(OutgoingEmailViewSet)


class JobRunViewSet(SnippetViewSet):
    """What each scheduled job did, run by run (recorded by `core.jobs.runs`)."""

    model = JobRun
    icon = "time"
    menu_label = _("Tâches planifiées")
    add_to_settings_menu = True
    list_display = [
        TitleColumn(
            "task",
            label=_("tâche"),
            accessor=lambda run: label_of(run.task),
            get_url=lambda run: reverse("wagtailsnippets_core_jobrun:inspect", args=[run.pk]),
        ),
        "status",
        DateColumn("started_at", label=_("début")),
        DateColumn("finished_at", label=_("fin")),
        Column("result", label=_("résultat"), accessor=lambda run: run.result[:80] or run.error[-80:]),
    ]
    list_filter = ["status", "task"]
    search_fields = ["task", "result", "error"]
    search_backend_name = None
    ordering = ["-started_at"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = ["task", "status", "started_at", "finished_at", "result", "error", "worker", "task_id"]

    @property
    def permission_policy(self):
        return ViewOnlyPermissionPolicy(self.model)


register_snippet(JobRunViewSet)


@hooks.register("before_serve_page")
def remember_serving_request(page, request, serve_args, serve_kwargs):
    """Let `SitePage.get_view_restrictions` reuse the request's list of view restrictions."""
    page._serving_request = request


class ModerationQueuesPanel(Component):
    """« À modérer »: each moderation queue the user may work on, with its count and a link to it."""

    name = "moderation_queues"
    template_name = "core/admin/moderation_queues_panel.html"
    order = 200  # before Wagtail’s pages awaiting review (220) and in moderation (210)

    def __init__(self, queues):
        self.queues = queues

    def get_context_data(self, parent_context):
        return {
            "queues": [
                {"label": queue.label, "waiting": queue.waiting(), "url": reverse(queue.url_name)}
                for queue in self.queues
            ]
        }


@hooks.register("construct_homepage_panels")
def add_moderation_queues_panel(request, panels):
    queues = [queue for queue in moderation_queues() if request.user.has_perm(queue.permission)]
    if queues:
        panels.append(ModerationQueuesPanel(queues))


class ScheduledJobsPanel(Component):
    """« Tâches planifiées »: every job of the beat schedule, how often it runs, its last success, its state."""

    name = "scheduled_jobs"
    template_name = "core/admin/scheduled_jobs_panel.html"
    order = 205  # after « À modérer », before Wagtail's workflow panels

    def get_context_data(self, parent_context):
        return {"jobs": [alerts.describe(state) for state in alerts.check(notify=False)]}


@hooks.register("construct_homepage_panels")
def add_scheduled_jobs_panel(request, panels):
    if request.user.has_perm("core.view_jobrun"):
        panels.append(ScheduledJobsPanel())


# --- Audience without trackers (issue 24): Rapports > Audience, and « Audience » on each page's menu ---
@hooks.register("register_admin_urls")
def register_audience_url():
    return [path("audience/", AudienceView.as_view(), name="core_audience")]


@hooks.register("register_reports_menu_item")
def register_audience_menu_item():
    return MenuItem(_("Audience"), reverse("core_audience"), icon_name="view", order=900)


@hooks.register("register_page_listing_more_buttons")
def page_audience_button(page, user, next_url=None):
    if page.live and page.url:
        yield PageListingButton(
            _("Audience"), reverse("core_audience") + "?" + urlencode({"chemin": page.url}), priority=90
        )
