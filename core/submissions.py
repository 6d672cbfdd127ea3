"""The one pipeline of what strangers send from public forms (press releases, event proposals, and next
missions and consultant profiles): confirmation of the sender's address by a signed link, the draft page
it becomes in a Wagtail workflow, the decision told to the sender once, and the purge of what was never
confirmed. The records are concrete subclasses of `core.models.Submission`.

1. The app's form cleans the fields (`core.forms`, `core.text`, `core.images`, `core.files`) and the app
   saves its submission (status "adresse à confirmer") with its checked files, then calls
   `send_confirmation`. Signed-in people with a verified address may skip the link.
2. `confirm(model, token, make_page)` (the link's POST, never its GET: mail scanners open links) locks
   the row and, once only, calls `make_page(submission)`, which creates the draft page and starts its
   workflow (`core.moderation.start_page_moderation`); the submission is then "en cours de modération".
3. The editors decide in Wagtail's workflow. `record_page_decision` (on `page_published` and
   `workflow_rejected`, connected in `CoreConfig.ready`) moves every submission of that page and emails
   its sender the model's `decision_email`, with the reason the editor gave: once per decision (a
   conditional update on the status is the idempotence key). A refusal can be followed by a publication
   (the editors changed their mind); a publication is never followed by a refusal email.
4. Files that come with a submission (press-release attachments, event pictures and photos) become
   Wagtail documents and images in a private collection (`private_collection`: only the editorial groups
   may open its documents) until the page that shows them is published: `withhold_media` at confirmation,
   `release_media` on publication, back to private when the page is unpublished or refused.
5. `purge_unconfirmed(model)` (each app's daily Celery task) deletes what was never confirmed once the
   link has expired, and what expired before being confirmed, with their files.
"""

import logging
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Collection, CollectionViewRestriction

from .emails import send_email
from .models import Submission, SubmissionStatus, WithheldMedia

logger = logging.getLogger(__name__)

Status = SubmissionStatus


def confirmation_url(submission: Submission, url_name: str, request=None) -> str:
    """The absolute address of the confirmation link (`url_name` takes the token)."""
    path = reverse(url_name, args=[submission.confirmation_token()])
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_confirmation(submission: Submission, *, subject: str, text: str) -> None:
    """Email the sender the text holding the confirmation link (through the outbox)."""
    send_email(to=[submission.email], subject=subject, text=text)


def confirm(model: type[Submission], token: str, make_page):
    """Confirm the sender's address: once, `make_page(submission)` creates the draft page and starts its
    moderation. Idempotent (a link opened twice confirms once). Raises `InvalidConfirmation`, or what
    `make_page` raises (nothing is saved then)."""
    with transaction.atomic():
        submission = model.from_token(token)
        submission = model.objects.select_for_update().get(pk=submission.pk)
        if submission.status != Status.AWAITING_CONFIRMATION:
            return submission
        page = make_page(submission)
        submission.page = page
        submission.status = Status.IN_REVIEW
        submission.confirmed_at = timezone.now()
        submission.save(update_fields=["page", "status", "confirmed_at"])
    return submission


def submission_models() -> list[type[Submission]]:
    return [model for model in apps.get_models() if issubclass(model, Submission)]


def record_page_decision(page_id: int, *, published: bool, reason: str = "") -> int:
    """The editors published or refused the page: move its submissions and tell each sender once.
    Returns how many emails were queued."""
    sent = 0
    now = timezone.now()
    for model in submission_models():
        sources = [Status.IN_REVIEW, Status.REFUSED] if published else [Status.IN_REVIEW]
        target = Status.PUBLISHED if published else Status.REFUSED
        for submission in model.objects.filter(page_id=page_id, status__in=sources):
            # The conditional update is the idempotence key: a second signal finds nothing to move.
            moved = model.objects.filter(pk=submission.pk, status=submission.status).update(
                status=target, decided_at=now, decision_reason=(reason or "")[:4000]
            )
            if not moved:
                continue
            submission.status, submission.decided_at, submission.decision_reason = target, now, reason or ""
            email = submission.decision_email(published=published)
            if email is not None:
                subject, text = email
                send_email(to=[submission.email], subject=subject, text=text)
                sent += 1
    return sent


def on_page_published(sender, instance, **kwargs):
    # Wagtail sends page_published for a revision scheduled for later too: wait until it is live.
    if instance.live:
        release_media(instance.pk)
        record_page_decision(instance.pk, published=True)


def on_workflow_rejected(sender, instance, user=None, **kwargs):
    """A task was rejected ("request changes"): the page's submissions are refused with its comment."""
    task_state = instance.current_task_state
    reason = (task_state.get_comment() if task_state is not None else "") or ""
    page_id = int(instance.object_id)
    record_page_decision(page_id, published=False, reason=reason)


def _delete_files(files) -> None:
    """Remove stored files once their rows are gone; one failure does not keep the others."""
    for storage, name in files:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete the pending file %s", name)


def delete_files_on_commit(fieldfiles) -> None:
    files = [(fieldfile.storage, fieldfile.name) for fieldfile in fieldfiles if fieldfile]
    if files:
        transaction.on_commit(lambda: _delete_files(files))


def purge_unconfirmed(model: type[Submission], now=None, limit: int = 5000) -> int:
    """Delete the submissions that never led to a page, with their files: never confirmed once their
    link has expired (plus an hour), or expired before confirmation. Personal data kept without purpose
    otherwise (GDPR). At most `limit` per run (the daily task catches up). Returns how many went."""
    cutoff = (now or timezone.now()) - model.confirmation_max_age - timedelta(hours=1)
    with transaction.atomic():
        stale = list(
            model.objects.select_for_update()
            .filter(status__in=[Status.AWAITING_CONFIRMATION, Status.EXPIRED], created_at__lt=cutoff)
            .order_by("created_at")[:limit]
        )
        files = [fieldfile for submission in stale for fieldfile in submission.pending_files()]
        if stale:
            model.objects.filter(pk__in=[submission.pk for submission in stale]).delete()
            delete_files_on_commit(files)
    if stale:
        logger.info("Purged %d unconfirmed %s", len(stale), model._meta.verbose_name_plural)
    return len(stale)


# --- Files of content in moderation ----------------------------------------------------------------

PRIVATE_COLLECTION_NAME = "Fichiers en attente de publication"


def private_collection() -> Collection:
    """The collection whose documents only the editorial groups (`settings.MODERATION_GROUPS`) and
    superusers may open: created, with its view restriction, if missing."""
    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=PRIVATE_COLLECTION_NAME).first()
    if collection is None:
        collection = root.add_child(name=PRIVATE_COLLECTION_NAME)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
        restriction.groups.set(Group.objects.filter(name__in=settings.MODERATION_GROUPS))
    return collection


def withhold_media(page, media, public_collection: Collection) -> None:
    """Keep these documents and images (saved already) private until `page` is published; they then go
    to `public_collection`."""
    private = private_collection()
    for item in media:
        item.collection = private
        item.save(update_fields=["collection"])
        field = "document" if item._meta.label_lower == "wagtaildocs.document" else "image"
        WithheldMedia.objects.create(page_id=page.pk, public_collection=public_collection, **{field: item})


def _move_withheld(page_id: int, *, public: bool) -> int:
    rows = list(
        WithheldMedia.objects.filter(page_id=page_id, released_at__isnull=public).select_related("document", "image")
    )
    private = None if public else private_collection()
    for row in rows:
        item = row.media
        item.collection_id = row.public_collection_id if public else private.pk
        item.save(update_fields=["collection"])
    if rows:
        WithheldMedia.objects.filter(pk__in=[row.pk for row in rows]).update(
            released_at=timezone.now() if public else None
        )
    return len(rows)


def release_media(page_id: int) -> int:
    """The page is live: its withheld files go to their public collection. Returns how many moved."""
    return _move_withheld(page_id, public=True)


def withhold_media_again(page_id: int) -> int:
    """The page is unpublished (or refused): its files go back to the private collection."""
    return _move_withheld(page_id, public=False)


def on_page_unpublished(sender, instance, **kwargs):
    withhold_media_again(instance.pk)
