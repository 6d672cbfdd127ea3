"""Proposing an event, or the photos of a past one: the rules, apart from HTTP, on the shared submission
pipeline (`core.submissions`).

Who may propose an event: a signed-in person with a verified address (a member of organisations picks
one of them as organiser), or anyone whose address is confirmed by a signed link. In the second case the
proposal waits in an `EventSubmission` ("adresse à confirmer", picture already re-encoded) and the draft
EventPage is created only when the link is confirmed (`core.submissions.confirm`). Either way the draft
goes into the workflow "Modération de l’agenda"; the editors' decision reaches the sender once
(`core.submissions.record_page_decision`, on Wagtail's publication and rejection signals).

Photos of a past event come from members of its organiser: they are added to a new draft revision of
the event's page (the live page and its gallery are untouched) and that revision goes through the same
workflow; publishing it is what shows them, and decides the photos' submission.

Rate limits (`settings.RATE_LIMITS`): every POST counts in `agenda.attempt.ip`; a proposal counts in
`agenda.proposal.ip` and `agenda.proposal.email`, and a set of photos in `agenda.photos.user`, only once
accepted: a proposal with mistakes never uses up its sender's quota.
"""

import datetime as dt
import io

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from annuaire import services as annuaire
from core import submissions, throttling
from core.files import unguessable_name
from core.images import CleanImage
from core.models import InvalidConfirmation
from core.text import text_to_rich_text

from .models import EventPage, EventPhoto, EventSubmission, agenda_index_for
from .moderation import submit_for_moderation

Status = EventSubmission.Status
CONFIRM_URL_NAME = "agenda:submission_confirm"


class SubmissionRefused(Exception):
    """A proposal that cannot be taken, with the French message to show."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.message = message
        self.status = status


class EventAlreadyOver(Exception):
    """The event of a proposal ended before its sender confirmed it."""


# --- Rate limits -------------------------------------------------------------


def count_attempt(ip: str) -> None:
    """Counts one POST from this address (valid or not); refuses past the limit."""
    try:
        throttling.attempt("agenda.attempt.ip", ip)
    except throttling.RateLimited:
        raise SubmissionRefused(_("Trop d’envois depuis votre connexion : réessayez dans une heure."), status=429)


def proposal_scopes(ip: str, email: str) -> dict:
    return {"agenda.proposal.ip": ip, "agenda.proposal.email": email.lower()}


def check_proposal_rate(ip: str, email: str) -> None:
    if throttling.is_limited("agenda.proposal.ip", ip):
        raise SubmissionRefused(
            _("Vous avez déjà proposé plusieurs événements : réessayez dans une heure."), status=429
        )
    if throttling.is_limited("agenda.proposal.email", email.lower()):
        raise SubmissionRefused(
            _("Cette adresse a déjà proposé plusieurs événements aujourd’hui : réessayez demain."), status=429
        )


# --- Who may propose ---------------------------------------------------------


def has_verified_email(user) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


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


def event_fields(data: dict) -> dict:
    """EventPage fields from a serialised proposal."""
    body_html = text_to_rich_text(data.get("description"))
    return {
        "title": data["title"],
        "summary": data["summary"],
        "body": [("paragraph", RichText(body_html))] if body_html else [],
        "category_id": data["category_id"],
        "start": dt.datetime.fromisoformat(data["start"]),
        "end": dt.datetime.fromisoformat(data["end"]),
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


# --- Proposing an event ------------------------------------------------------


def submit_event(cleaned: dict, *, user=None, ip: str = "unknown", request=None) -> EventSubmission:
    """Take a valid proposal. Signed-in people with a verified address get their draft at once; others
    get an email with a link to confirm. Nothing is saved if anything fails (one transaction)."""
    signed_in = getattr(user, "is_authenticated", False)
    if signed_in and not has_verified_email(user):
        raise SubmissionRefused(_("Confirmez d’abord votre adresse électronique (lien reçu à l’inscription)."))
    email = user.email if signed_in else cleaned["email"]
    check_proposal_rate(ip, email)
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
        if signed_in:  # the address is known: straight to moderation
            submission.save()
            submission.page = create_event_draft(submission, image=image, index=agenda_index_for(request))
            submission.status, submission.confirmed_at = Status.IN_REVIEW, timezone.now()
            submission.save(update_fields=["page", "status", "confirmed_at"])
        else:
            if image is not None:
                submission.pending_image.save(image.filename, ContentFile(image.content), save=False)
            submission.save()
            send_confirmation(submission, request)
    throttling.hit_all(proposal_scopes(ip, email))
    return submission


def send_confirmation(submission: EventSubmission, request=None) -> None:
    text = "\n".join(
        [
            _("Bonjour,"),
            "",
            _("Vous avez proposé l’événement « %(title)s » à l’agenda de Solidaires.")
            % {"title": submission.data.get("title", "")},
            _("Pour confirmer votre adresse et transmettre l’événement à la rédaction, ouvrez ce lien :"),
            "",
            submissions.confirmation_url(submission, CONFIRM_URL_NAME, request),
            "",
            _("Le lien est valable trois jours."),
            _("Si vous n’êtes pas à l’origine de cette proposition, ignorez ce message."),
            "",
            _("L’équipe de Solidaires"),
        ]
    )
    submissions.send_confirmation(submission, subject=_("Confirmez votre proposition d’événement"), text=text)


def refusal_of(error: InvalidConfirmation) -> SubmissionRefused:
    if error.expired:
        return SubmissionRefused(_("Ce lien a expiré : proposez à nouveau l’événement."))
    return SubmissionRefused(_("Ce lien n’est pas valide : copiez-le en entier depuis le message reçu."))


def submission_for_token(token: str) -> EventSubmission:
    """The proposal a confirmation link points at, or SubmissionRefused with the reason."""
    try:
        return EventSubmission.from_token(token)
    except InvalidConfirmation as error:
        raise refusal_of(error) from None


def confirm_submission(token: str, request=None) -> EventSubmission:
    """The address is confirmed: create the draft and start its moderation (once). A proposal whose event
    ended in the meantime expires instead."""
    index = agenda_index_for(request)

    def make_page(submission: EventSubmission):
        if dt.datetime.fromisoformat(submission.data["end"]) < timezone.now():
            raise EventAlreadyOver(submission.pk)
        image = None
        if submission.pending_image:
            with submission.pending_image.open("rb") as stored:
                image = CleanImage(stored.read(), submission.pending_image.name.rsplit("/", 1)[-1], 0, 0)
        page = create_event_draft(submission, image=image, index=index)
        if submission.pending_image:
            submissions.delete_files_on_commit([submission.pending_image])
            submission.pending_image = ""
            submission.save(update_fields=["pending_image"])
        return page

    try:
        return submissions.confirm(EventSubmission, token, make_page)
    except InvalidConfirmation as error:
        raise refusal_of(error) from None
    except EventAlreadyOver as over:
        # Outside the confirmation's transaction (rolled back): the "expired" status stays.
        (pk,) = over.args
        EventSubmission.objects.filter(pk=pk, status=Status.AWAITING_CONFIRMATION).update(status=Status.EXPIRED)
        raise SubmissionRefused(_("L’événement est passé entre-temps : il ne peut plus être proposé.")) from None


def purge_unconfirmed_submissions(now=None, limit: int = 5000) -> int:
    """Delete the proposals that never became an event, with their pending picture: never confirmed once
    their link has expired, or confirmed too late (the event was over: "expirée")."""
    return submissions.purge_unconfirmed(EventSubmission, now=now, limit=limit)


# --- Drafts and moderation ---------------------------------------------------


def save_wagtail_image(image: CleanImage, *, title: str, user=None, description: str = ""):
    """A Wagtail image from a cleaned upload; `description` is its text alternative (Wagtail's alt text)."""
    wagtail_image = get_image_model()(
        title=title[:255] or "Image",
        description=description[:255],
        file=ImageFile(io.BytesIO(image.content), name=unguessable_name(image.filename)),
        collection=Collection.get_first_root_node(),
        uploaded_by_user=user if getattr(user, "is_authenticated", False) else None,
    )
    wagtail_image.save()
    return wagtail_image


def create_event_draft(submission: EventSubmission, *, image: CleanImage | None, index) -> EventPage:
    """The draft EventPage of a proposal, under the agenda index, submitted to moderation."""
    if index is None:
        raise SubmissionRefused(_("L’agenda n’est pas encore ouvert : réessayez plus tard."))
    fields = event_fields(submission.data)
    page = EventPage(**fields, live=False, has_unpublished_changes=True, submitted_by_email=submission.email)
    if submission.user_id:
        page.owner_id = submission.user_id
    if image is not None:
        page.image = save_wagtail_image(image, title=fields["title"], user=submission.user)
    page.slug = index.free_slug(page.title, page.start.astimezone(timezone.get_current_timezone()))
    index.add_child(instance=page)
    if page.image is not None:  # private until the event is published
        submissions.withhold_media(page, [page.image], Collection.get_first_root_node())
    page.save_revision(user=submission.user, log_action=True)
    submit_for_moderation(page, index)
    return page


# --- Photos of a past event --------------------------------------------------


def submit_photos(event, *, user, images: list[CleanImage], caption: str, alt_text: str, credit: str = ""):
    """Add the photos to a new draft revision of the event and submit it to moderation. The submission
    points to the event's page, "en cours de modération": the next publication of that page (or the
    rejection of its workflow) decides it."""
    if not event.accepts_photos_from(user):
        raise SubmissionRefused(_("Seuls les membres de la structure organisatrice peuvent envoyer des photos."))
    if throttling.is_limited("agenda.photos.user", user.pk):
        raise SubmissionRefused(
            _("Vous avez déjà envoyé plusieurs séries de photos : réessayez dans une heure."), status=429
        )
    if event.workflow_in_progress:
        raise SubmissionRefused(
            _("Une modification de cet événement est déjà en cours de relecture : réessayez après sa validation.")
        )
    with transaction.atomic():
        draft = event.get_latest_revision_as_object()
        saved = []
        for position, image in enumerate(images, start=1):
            wagtail_image = save_wagtail_image(
                image, title=f"{event.title} – photo {position}", user=user, description=alt_text
            )
            saved.append(wagtail_image)
            draft.photos.add(EventPhoto(image=wagtail_image, caption=caption, credit=credit))
        submissions.withhold_media(event, saved, Collection.get_first_root_node())  # private until published
        draft.save_revision(user=user, log_action=True)
        submission = EventSubmission.objects.create(
            kind=EventSubmission.Kind.PHOTOS,
            status=Status.IN_REVIEW,
            email=user.email,
            user=user,
            organisation=event.organiser,
            page=event,
            data={"title": event.title, "photos": len(images), "caption": caption, "credit": credit},
            confirmed_at=timezone.now(),
        )
        submit_for_moderation(event, event.get_parent())
    throttling.hit("agenda.photos.user", user.pk)
    return submission
