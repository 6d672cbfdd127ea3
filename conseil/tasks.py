"""Celery tasks of missions: thin, idempotent wrappers around `conseil.missions`."""

import logging

from celery import shared_task

from . import missions

logger = logging.getLogger(__name__)

# After a publication, the batch waits this long: a moderator's run of decisions makes one email each.
GATHER_SECONDS = 300


@shared_task
def notify_new_missions() -> int:
    """Every 15 minutes (Celery beat) and a few minutes after each publication: one email per matching
    consultant listing the missions published since the last batch."""
    return missions.notify_new_missions()


def queue_notification() -> None:
    try:
        notify_new_missions.apply_async(countdown=GATHER_SECONDS)
    except Exception:  # a broker outage: the beat schedule sends the batch later
        logger.exception("Could not queue the missions' notification batch")
