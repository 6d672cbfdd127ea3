"""`/sante/`: is the site able to work? For a monitoring service, without signing in.

It checks the database (a query), the cache (a write then a read) and the scheduled jobs
(`core.jobs`), and answers JSON: 200 when all is well, 503 otherwise, naming what is wrong.
It holds no personal data (no error text, which might): job names, states and dates only.
Never cached; outside any transaction, so that a database that is down gives a 503, not a 500.
Calling it also sends the once-per-outage email about overdue jobs (`core.jobs.alerts`).
"""

import logging
import secrets

from django.core.cache import cache
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from .jobs import alerts

logger = logging.getLogger(__name__)

OK, ERROR, UNKNOWN = "ok", "error", "unknown"


@never_cache
@require_safe
@transaction.non_atomic_requests
def health(request):
    checks = {"database": database_state(), "cache": cache_state(), "jobs": UNKNOWN}
    jobs = {}
    overdue = []
    if checks["database"] == OK:
        try:
            states = alerts.check(notify=True)
        except Exception:
            logger.exception("/sante/: the scheduled jobs could not be checked.")
            checks["jobs"] = ERROR
        else:
            for state in states:
                jobs[state.job.task] = {
                    "status": "overdue" if state.overdue else OK,
                    "period_seconds": int(state.job.period.total_seconds()),
                    "last_success": state.last_success_at.isoformat() if state.last_success_at else None,
                    "last_run": state.last_run.status if state.last_run else None,
                    "due_by": state.due_by.isoformat(),
                }
            overdue = [task for task, job in jobs.items() if job["status"] != OK]
            checks["jobs"] = ERROR if overdue else OK
    healthy = all(value == OK for value in checks.values())
    body = {"status": OK if healthy else ERROR, "checks": checks, "overdue_jobs": overdue, "jobs": jobs}
    response = JsonResponse(body, status=200 if healthy else 503, json_dumps_params={"ensure_ascii": False})
    if not healthy:
        logger.warning("/sante/: %s; overdue jobs: %s", checks, ", ".join(overdue) or "none")
        # Not one of Django's server-error reports (an email to ADMINS for each call of a monitor, every
        # minute): the administrators get the jobs' email once per outage (core.jobs.alerts).
        response._has_been_logged = True
    return response


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        logger.exception("/sante/: the database does not answer.")
        return ERROR
    return OK


def cache_state() -> str:
    key = f"core.health.{secrets.token_hex(8)}"
    try:
        cache.set(key, key, timeout=30)
        answered = cache.get(key)
        cache.delete(key)
    except Exception:
        logger.exception("/sante/: the cache does not answer.")
        return ERROR
    if answered != key:
        logger.error("/sante/: the cache does not keep what it is given.")
        return ERROR
    return OK
