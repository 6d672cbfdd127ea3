"""Proposing an event, or the photos of a past one: the rules, apart from HTTP.

Who may propose an event: a signed-in person with a verified address (a member of organisations picks
one of them as organiser), or anyone whose address is verified by a signed link. In the second case the
proposal waits in an `EventSubmission` (status "adresse à confirmer", picture already re-encoded) and the
draft EventPage is created only when the link is confirmed. Either way the draft goes into the workflow
"Modération de l’agenda"; the decision reaches the submitter by email (`moderation.notify_decision`).

Photos of a past event come from members of its organiser: they are added to a new draft revision of
the event's page (the live page and its gallery are untouched) and that revision goes through the same
workflow; publishing it is what shows them.
"""

import io
import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Collection, WorkflowPage
from wagtail.rich_text import RichText

from annuaire import services as annuaire
from home import throttling
from home.emails import send_email

from .cleaning import CleanImage, text_to_rich_text
from .moderation import ensure_moderation_workflow, submit_for_moderation
from .submission_models import EventSubmission

logger = logging.getLogger(__name__)

CONFIRMATION_SALT = "agenda.submission.confirm"
CONFIRMATION_MAX_AGE = timedelta(days=3)

# Rate limits (per period, in the cache shared by the workers).
ATTEMPTS_PER_IP_PER_HOUR = 30  # any POST, valid or not
SUBMISSIONS_PER_IP_PER_HOUR = 5
SUBMISSIONS_PER_EMAIL_PER_DAY = 5
PHOTO_SENDS_PER_USER_PER_HOUR = 5


class SubmissionRefused(Exception):
    """A proposal that cannot be taken, with the French message to show."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


# --- Rate limits -------------------------------------------------------------


def _rate_key(scope: str, value: str) -> str:
    return throttling.rate_key(f"agenda:{scope}", value)


def over_limit(scope: str, value: str, limit: int, period: timedelta) -> bool:
    """Whether `value` already used its `limit` for `scope` (read only)."""
    return throttling.over_limit(_rate_key(scope, value), limit)


def count_hit(scope: str, value: str, period: timedelta) -> int:
    return throttling.count_hit(_rate_key(scope, value), int(period.total_seconds()))


def check_attempt_rate(ip: str) -> None:
    """Counts one POST from this address; refuses past the hourly limit."""
    if count_hit("attempt", ip, timedelta(hours=1)) > ATTEMPTS_PER_IP_PER_HOUR:
        raise SubmissionRefused(_("Trop d’envois depuis votre connexion : réessayez dans une heure."), status=429)


def check_submission_rate(ip: str, email: str) -> None:
    if over_limit("submit-ip", ip, SUBMISSIONS_PER_IP_PER_HOUR, timedelta(hours=1)):
        raise SubmissionRefused(
            _("Vous avez déjà proposé plusieurs événements : réessayez dans une heure."), status=429
        )
    if over_limit("submit-email", email.lower(), SUBMISSIONS_PER_EMAIL_PER_DAY, timedelta(days=1)):
        raise SubmissionRefused(
            _("Cette adresse a déjà proposé plusieurs événements aujourd’hui : réessayez demain."), status=429
        )


def record_submission(ip: str, email: str) -> None:
    count_hit("submit-ip", ip, timedelta(hours=1))
    count_hit("submit-email", email.lower(), timedelta(days=1))


# --- Who may propose ---------------------------------------------------------


def has_verified_email(user) -> bool:
    from allauth.account.models import EmailAddress

    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def agenda_index_for(request=None):
    """The live agenda index of the request's site (or the first one), in one query once the site is known."""
    from .models import AgendaIndexPage

    pages = AgendaIndexPage.objects.live().order_by("path")
    if request is not None:
        from wagtail.models import Site

        site = Site.find_for_request(request)  # cached on the request
        root_path = next(
            (root.root_path for root in Site.get_site_root_paths() if site and root.site_id == site.pk), None
        )
        if root_path:
            candidates = list(pages.filter(url_path__startswith=root_path)[:1]) or list(pages[:1])
            return candidates[0] if candidates else None
    return pages.first()


# --- The data of a proposal --------------------------------------------------


def serialise(cleaned: dict) -> dict:
    """A proposal's cleaned form data as JSON (objects by id, dates in ISO 8601 with their offset)."""
    return {
        "title": cleaned["title"],
        "summary": cleaned["summary"],
        "description": cleaned.get("description", ""),
        "category_id": cleaned["category"].pk,
        "start": cleaned["start"].isoformat(),
        "end": cleaned["end"].isoformat(),
        "all_day": bool(cleaned.get("all_day")),
        "attendance_mode": cleaned["attendance_mode"],
        "venue": cleaned.get("venue", ""),
        "address": cleaned.get("address", ""),
        "commune_id": cleaned["commune"].pk if cleaned.get("commune") else None,
        "online_url": cleaned.get("online_url", ""),
        "organisation_id": cleaned["organisation"].pk if cleaned.get("organisation") else None,
        "organiser_name": cleaned.get("organiser_name", ""),
        "is_free": bool(cleaned.get("is_free")),
        "price": cleaned.get("price", ""),
        "registration_url": cleaned.get("registration_url", ""),
        "accessibility": cleaned.get("accessibility", ""),
        "image_alt": cleaned.get("image_alt", ""),
    }


def submit_event(cleaned: dict, *, user=None, ip: str = "unknown", request=None) -> EventSubmission:
    """Take a valid proposal. Signed-in people with a verified address get their draft at once; others
    get an email with a link to confirm. Nothing is saved if anything fails (one transaction)."""
    signed_in = getattr(user, "is_authenticated", False)
    if signed_in and not has_verified_email(user):
        raise SubmissionRefused(_("Confirmez d’abord votre adresse électronique (lien reçu à l’inscription)."))
    email = user.email if signed_in else cleaned["email"]
    check_submission_rate(ip, email)
    organisation = cleaned.get("organisation")
    if organisation is not None and not annuaire.is_member(user, organisation):
        raise SubmissionRefused(_("Vous n’êtes pas membre de cette structure."))
    image: CleanImage | None = cleaned.get("image")
    with transaction.atomic():
        submission = EventSubmission(
            kind=EventSubmission.Kind.EVENT,
            email=email,
            user=user if signed_in else None,
            organisation=organisation,
            data=serialise(cleaned),
        )
        if signed_in:
            submission.save()
            create_event_draft(submission, image=image, index=agenda_index_for(request))
        else:
            if image is not None:
                submission.pending_image.save(image.filename, ContentFile(image.content), save=False)
            submission.save()
            send_confirmation(submission, request)
    record_submission(ip, email)
    return submission


def confirmation_token(submission: EventSubmission) -> str:
    return signing.dumps({"id": submission.pk, "email": submission.email}, salt=CONFIRMATION_SALT, compress=True)


def confirmation_url(submission: EventSubmission, request=None) -> str:
    path = reverse("agenda:submission_confirm", args=[confirmation_token(submission)])
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_confirmation(submission: EventSubmission, request=None) -> None:
    title = submission.data.get("title", "")
    text = "\n".join(
        [
            _("Bonjour,"),
            "",
            _("Vous avez proposé l’événement « %(title)s » à l’agenda de Solidaires.") % {"title": title},
            _("Pour confirmer votre adresse et transmettre l’événement à la rédaction, ouvrez ce lien :"),
            "",
            confirmation_url(submission, request),
            "",
            _("Le lien est valable trois jours."),
            _("Si vous n’êtes pas à l’origine de cette proposition, ignorez ce message."),
            "",
            _("L’équipe de Solidaires"),
        ]
    )
    send_email(to=[submission.email], subject=_("Confirmez votre proposition d’événement"), text=text)


def submission_for_token(token: str) -> EventSubmission:
    """The proposal a confirmation link points at, or SubmissionRefused with the reason."""
    try:
        payload = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired:
        raise SubmissionRefused(_("Ce lien a expiré : proposez à nouveau l’événement.")) from None
    except signing.BadSignature:
        raise SubmissionRefused(_("Ce lien n’est pas valide : copiez-le en entier depuis le message reçu.")) from None
    submission = EventSubmission.objects.filter(pk=payload.get("id"), email=payload.get("email")).first()
    if submission is None:
        raise SubmissionRefused(_("Cette proposition n’existe plus : proposez à nouveau l’événement."))
    return submission


def confirm_submission(token: str, request=None) -> EventSubmission:
    """The address is confirmed: create the draft and start its moderation (once)."""
    with transaction.atomic():
        submission = submission_for_token(token)
        submission = EventSubmission.objects.select_for_update().get(pk=submission.pk)
        if submission.status != EventSubmission.Status.AWAITING_CONFIRMATION:
            return submission  # already confirmed: the link may be opened twice
        if timezone.datetime.fromisoformat(submission.data["end"]) < timezone.now():
            submission.status = EventSubmission.Status.EXPIRED
            submission.save(update_fields=["status"])
            expired = True
        else:
            expired = False
            image = None
            if submission.pending_image:
                with submission.pending_image.open("rb") as stored:
                    content = stored.read()
                image = CleanImage(content, submission.pending_image.name.rsplit("/", 1)[-1], 0, 0)
            create_event_draft(submission, image=image, index=agenda_index_for(request))
            if submission.pending_image:
                name = submission.pending_image.name
                storage = submission.pending_image.storage
                submission.pending_image = ""
                submission.save(update_fields=["pending_image"])
                transaction.on_commit(lambda: storage.delete(name))
    if expired:  # outside the transaction: the "expired" status stays
        raise SubmissionRefused(_("L’événement est passé entre-temps : il ne peut plus être proposé."))
    return submission


def _delete_files(storage, names) -> None:
    """Remove stored files once their rows are gone; one failure does not keep the others."""
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete the pending picture %s", name)


# Proposals that never led to an event page.
PURGED_STATUSES = (EventSubmission.Status.AWAITING_CONFIRMATION, EventSubmission.Status.EXPIRED)


def purge_unconfirmed_submissions(now=None, limit: int = 5000) -> int:
    """Delete the proposals that never became an event, with their pending picture: never confirmed once
    their link has expired, or confirmed too late (the event was over: "expirée").

    Personal data kept without purpose otherwise (GDPR). Only those proposals older than the link's
    lifetime (plus an hour) go; the others, and the pages they created, stay. At most `limit` per run
    (the daily task catches up on the next runs). Returns how many were deleted."""
    cutoff = (now or timezone.now()) - CONFIRMATION_MAX_AGE - timedelta(hours=1)
    with transaction.atomic():
        stale = list(
            EventSubmission.objects.select_for_update()
            .filter(status__in=PURGED_STATUSES, created_at__lt=cutoff)
            .order_by("created_at")
            .values_list("pk", "pending_image")[:limit]
        )
        if stale:
            EventSubmission.objects.filter(pk__in=[pk for pk, _name in stale]).delete()
            files = [name for _pk, name in stale if name]
            storage = EventSubmission._meta.get_field("pending_image").storage
            transaction.on_commit(lambda: _delete_files(storage, files))
    logger.info("Purged %d unconfirmed agenda proposals", len(stale))
    return len(stale)


# --- Drafts and moderation ---------------------------------------------------


def save_wagtail_image(image: CleanImage, *, title: str, user=None, description: str = ""):
    """A Wagtail image from a cleaned upload; `description` is its text alternative (Wagtail's alt text)."""
    Image = get_image_model()
    wagtail_image = Image(
        title=title[:255] or "Image",
        description=description[:255],
        file=ImageFile(io.BytesIO(image.content), name=image.filename),
        collection=Collection.get_first_root_node(),
        uploaded_by_user=user if getattr(user, "is_authenticated", False) else None,
    )
    wagtail_image.save()
    return wagtail_image


def unique_child_slug(index, title: str, start) -> str:
    base = f"{slugify(title)[:70].strip('-') or 'evenement'}-{start:%Y-%m-%d}"
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def event_fields(data: dict) -> dict:
    """EventPage fields from a serialised proposal."""
    from datetime import datetime

    body_html = text_to_rich_text(data.get("description"))
    return {
        "title": data["title"],
        "summary": data["summary"],
        "body": [("paragraph", RichText(body_html))] if body_html else [],
        "category_id": data["category_id"],
        "start": datetime.fromisoformat(data["start"]),
        "end": datetime.fromisoformat(data["end"]),
        "all_day": data["all_day"],
        "attendance_mode": data["attendance_mode"],
        "venue": data.get("venue", ""),
        "address": data.get("address", ""),
        "commune_id": data.get("commune_id"),
        "online_url": data.get("online_url", ""),
        "organiser_id": data.get("organisation_id"),
        "organiser_name": data.get("organiser_name", ""),
        "is_free": data.get("is_free", False),
        "price": data.get("price", ""),
        "registration_url": data.get("registration_url", ""),
        "accessibility": data.get("accessibility", ""),
        "image_alt": data.get("image_alt", ""),
    }


def create_event_draft(submission: EventSubmission, *, image: CleanImage | None, index):
    """The draft EventPage of a proposal, under the agenda index, submitted to moderation."""
    from .models import EventPage

    if index is None:
        raise SubmissionRefused(_("L’agenda n’est pas encore ouvert : réessayez plus tard."))
    if not WorkflowPage.objects.filter(page_id=index.pk).exists():
        ensure_moderation_workflow(index)
    fields = event_fields(submission.data)
    page = EventPage(**fields, live=False, has_unpublished_changes=True, submitted_by_email=submission.email)
    if submission.user_id:
        page.owner_id = submission.user_id
    if image is not None:
        page.image = save_wagtail_image(image, title=fields["title"], user=submission.user)
    page.slug = unique_child_slug(index, page.title, page.start.astimezone(timezone.get_current_timezone()))
    index.add_child(instance=page)
    page.save_revision(user=submission.user, log_action=True)
    submission.status = EventSubmission.Status.SUBMITTED
    submission.confirmed_at = timezone.now()
    submission.save(update_fields=["status", "confirmed_at"])
    submit_for_moderation(page, submission)
    return page


# --- Photos of a past event --------------------------------------------------


def can_send_photos(user, event) -> bool:
    """A member of the event's organiser, once the event is over."""
    return bool(event.organiser_id) and event.is_past() and annuaire.is_member(user, event.organiser)


def submit_photos(event, *, user, images: list[CleanImage], caption: str, alt_text: str, credit: str = ""):
    """Add the photos to a new draft revision of the event and submit it to moderation."""
    from .models import EventPhoto

    if not can_send_photos(user, event):
        raise SubmissionRefused(_("Seuls les membres de la structure organisatrice peuvent envoyer des photos."))
    if over_limit("photos-user", str(user.pk), PHOTO_SENDS_PER_USER_PER_HOUR, timedelta(hours=1)):
        raise SubmissionRefused(
            _("Vous avez déjà envoyé plusieurs séries de photos : réessayez dans une heure."), status=429
        )
    if event.workflow_in_progress:
        raise SubmissionRefused(
            _("Une modification de cet événement est déjà en cours de relecture : réessayez après sa validation.")
        )
    with transaction.atomic():
        draft = event.get_latest_revision_as_object()
        for position, image in enumerate(images, start=1):
            wagtail_image = save_wagtail_image(
                image, title=f"{event.title} – photo {position}", user=user, description=alt_text
            )
            draft.photos.add(EventPhoto(image=wagtail_image, caption=caption, credit=credit))
        draft.save_revision(user=user, log_action=True)
        submission = EventSubmission.objects.create(
            kind=EventSubmission.Kind.PHOTOS,
            status=EventSubmission.Status.SUBMITTED,
            email=user.email,
            user=user,
            organisation=event.organiser,
            data={"title": event.title, "photos": len(images), "caption": caption, "credit": credit},
            confirmed_at=timezone.now(),
        )
        submit_for_moderation(event, submission)
    count_hit("photos-user", str(user.pk), timedelta(hours=1))
    return submission
