"""Scheduled jobs that never stop silently.

- `periods`: the table of scheduled jobs, derived from `settings.CELERY_BEAT_SCHEDULE` (each job's
  period, margin and label), so that a new beat entry is watched without any code.
- `runs`: every run of those jobs recorded as a `JobRun` (start, end, result or error), from Celery's
  task signals, and the purge that keeps that history bounded.
- `status`: the check, which tells for each job whether it is overdue, from the database alone (it does
  not need beat nor a worker to be alive: a stopped beat is exactly what it must catch).
- `alerts`: the administrators told by email once per outage, and once more when the job is back to
  normal; the check run after requests every few minutes, so that nobody has to look for it.

The check is run by `/sante/` (`core.health`), by every page of the Wagtail admin (a banner names the
overdue jobs) and after requests (`alerts.check_after_request`).
"""
