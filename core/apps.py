from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every feature needs and nothing feature-specific: page base, content blocks, outgoing email,
    submissions and moderation, rate limits, caches, images, sharing, spam traps, template tags, and the
    watch over scheduled jobs."""

    name = "core"
    verbose_name = _("Socle")

    def ready(self):
        from anymail.signals import inbound
        from celery.signals import task_failure, task_postrun, task_prerun, task_retry
        from django.core import checks
        from django.core.signals import request_finished
        from wagtail.models import WorkflowState
        from wagtail.signals import page_published, page_unpublished, workflow_rejected

        from . import emails, signals, submissions
        from .jobs import alerts, periods, runs

        # The editors' decision on a page reaches the people whose submission it came from.
        page_published.connect(submissions.on_page_published, dispatch_uid="core.submission_published")
        workflow_rejected.connect(
            submissions.on_workflow_rejected, sender=WorkflowState, dispatch_uid="core.submission_refused"
        )
        # Files sent with a submission stay private until the page showing them is live.
        page_unpublished.connect(submissions.on_page_unpublished, dispatch_uid="core.media_withheld")
        # Every run of a scheduled job is recorded; the jobs are checked after requests too (core.jobs).
        task_prerun.connect(runs.record_start, dispatch_uid="core.job_run_started")
        task_failure.connect(runs.record_error, dispatch_uid="core.job_run_failed")
        task_retry.connect(runs.record_error, dispatch_uid="core.job_run_retried")
        task_postrun.connect(runs.record_end, dispatch_uid="core.job_run_ended")
        request_finished.connect(alerts.check_after_request, dispatch_uid="core.jobs_checked")
        checks.register(periods.check_schedule)
        # The site frame and the card fragments forget what they keep when what they show changes.
        signals.connect()
        # Mail to the unsubscription mailbox turns a notification off (`emails.unsubscribe_headers`).
        inbound.connect(emails.on_inbound, dispatch_uid="core.inbound_unsubscription")
