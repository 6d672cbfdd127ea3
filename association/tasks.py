"""Beat tasks of the association: thin wrappers around `services`."""

from celery import shared_task

from . import services


@shared_task
def send_membership_reminders():
    return services.send_reminders()


@shared_task
def send_lapse_notices():
    return services.send_lapse_notices()


@shared_task
def send_audience_summary():
    return services.send_audience_summary()
