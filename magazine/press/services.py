"""Press releases: from the public form to a draft article in the editorial workflow, and back.

1. `submit_press_release` saves the submission (pending) with its checked attachments and emails a
   signed confirmation link (valid `CONFIRMATION_MAX_AGE`).
2. `confirm_submission` (the link, once) creates the draft ArticlePage of kind communiqué under the
   press-release rubrique, with the attachments as Wagtail documents and images of the "Communiqués"
   collection, and submits it to the editorial workflow.
3. The editors publish it (`notify_published`, on Wagtail's `page_published`) or request changes with
   a comment, which refuses it (`notify_refused`, on `workflow_rejected`): the submitter gets one email
   per decision, never two.
"""

import io
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.coreutils import find_available_slug
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.rich_text import RichText

from annuaire.models import Organisation
from home.emails import send_email
from home.throttling import count_hit, over_limit, rate_key
from magazine.models import (
    ArticleKind,
    ArticlePage,
    MagazineIndexPage,
    PressReleaseAttachment,
    PressReleaseSubmission,
    RubriquePage,
)
from magazine.services import submit_for_review

from .attachments import AttachmentKind, CheckedAttachment
from .text import content_hash, paragraph_html, paragraphs

CONFIRMATION_SALT = "magazine.press-release.confirmation"
CONFIRMATION_MAX_AGE = timedelta(hours=48)


def confirmation_hours() -> int:
    """How long the confirmation link is valid, in hours, as the pages and the email say it."""
    return int(CONFIRMATION_MAX_AGE.total_seconds() // 3600)


COLLECTION_NAME = "Communiqués"
LEAD_MAX_LENGTH = 400


def _setting(name, default):
    return getattr(settings, name, default)


def duplicate_window() -> timedelta:
    return timedelta(days=_setting("PRESS_RELEASE_DUPLICATE_DAYS", 7))


def rate_limit() -> tuple[int, int]:
    """(submissions, seconds): how many releases one address or one IP may send per period."""
    return tuple(_setting("PRESS_RELEASE_RATE_LIMIT", (3, 3600)))


# --- Refusals before anything is saved ---------------------------------------------------------


def _rate_keys(email: str, ip: str | None) -> list[str]:
    keys = [rate_key("press-release:email", email.lower())]
    if ip:
        keys.append(rate_key("press-release:ip", ip))
    return keys


def is_rate_limited(email: str, ip: str | None) -> bool:
    limit, _period = rate_limit()
    return any(over_limit(key, limit) for key in _rate_keys(email, ip))


def count_submission(email: str, ip: str | None) -> None:
    _limit, period = rate_limit()
    for key in _rate_keys(email, ip):
        count_hit(key, period)


def find_duplicate(email: str, title: str, text: str) -> PressReleaseSubmission | None:
    """A release with the same content sent from the same address within the duplicate window."""
    now = timezone.now()
    return (
        PressReleaseSubmission.objects.filter(
            contact_email=email.lower(),
            content_hash=content_hash(title, text),
            created_at__gte=now - duplicate_window(),
        )
        # A release never confirmed before its link expired may be sent again.
        .exclude(status=PressReleaseSubmission.Status.PENDING_CONFIRMATION, created_at__lt=now - CONFIRMATION_MAX_AGE)
        .order_by("-created_at")
        .first()
    )


def match_organisation(name: str) -> Organisation | None:
    """The annuaire's organisation of that exact name (case-insensitive), verified ones first."""
    name = (name or "").strip()
    if not name:
        return None
    return Organisation.objects.filter(name__iexact=name).order_by("-is_verified", "pk").first()


# --- 1. Submission -------------------------------------------------------------------------------


def confirmation_token(submission: PressReleaseSubmission) -> str:
    return signing.dumps({"submission": submission.pk, "hash": submission.content_hash[:16]}, salt=CONFIRMATION_SALT)


class InvalidConfirmation(Exception):
    """The link is forged, expired, or points to a submission that no longer exists."""

    def __init__(self, expired: bool = False):
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def submission_from_token(token: str) -> PressReleaseSubmission:
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise InvalidConfirmation(expired=True) from error
    except signing.BadSignature as error:
        raise InvalidConfirmation() from error
    submission = PressReleaseSubmission.objects.filter(pk=data.get("submission")).first()
    if submission is None or not submission.content_hash.startswith(str(data.get("hash"))):
        raise InvalidConfirmation()
    return submission


@transaction.atomic
def submit_press_release(
    *,
    contact_name: str,
    contact_email: str,
    organisation_name: str,
    title: str,
    text: str,
    attachments: list[CheckedAttachment],
    confirmation_url,
    ip: str | None = None,
) -> PressReleaseSubmission:
    """Save a checked submission and email the confirmation link (`confirmation_url(token)` → absolute URL)."""
    submission = PressReleaseSubmission.objects.create(
        contact_name=contact_name,
        contact_email=contact_email.lower(),
        organisation_name=organisation_name,
        organisation=match_organisation(organisation_name),
        title=title,
        text=text,
        content_hash=content_hash(title, text),
    )
    for position, attachment in enumerate(attachments):
        record = PressReleaseAttachment(
            submission=submission, kind=attachment.kind, name=attachment.name, title=attachment.title, position=position
        )
        record.file.save(attachment.name, ContentFile(attachment.content), save=False)
        record.save()
    count_submission(contact_email, ip)
    link = confirmation_url(confirmation_token(submission))
    context = {
        "submission": submission,
        "link": link,
        "hours": confirmation_hours(),
    }
    send_email(
        to=[submission.contact_email],
        subject=_("Confirmez l’envoi de votre communiqué « %(title)s »") % {"title": Truncator(title).chars(80)},
        text=render_to_string("magazine/press/emails/confirmation.txt", context),
    )
    return submission


# --- 2. Confirmation: the draft article in the workflow ------------------------------------------


def press_release_rubrique() -> RubriquePage | None:
    """Where drafts go: the rubrique whose slug is `PRESS_RELEASE_RUBRIQUE_SLUG` ("ess" by default) in the
    first magazine index, else that index's first rubrique."""
    index = MagazineIndexPage.objects.order_by("path").first()
    if index is None:
        return None
    rubriques = RubriquePage.objects.child_of(index).order_by("path")
    preferred = _setting("PRESS_RELEASE_RUBRIQUE_SLUG", "ess")
    return rubriques.filter(slug=preferred).first() or rubriques.first()


def press_release_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def _media_blocks(submission: PressReleaseSubmission) -> list[tuple]:
    """Wagtail documents and images made from the attachments, as body blocks."""
    attachments = list(submission.attachments.all())
    if not attachments:
        return []
    collection = press_release_collection()
    Document, Image = get_document_model(), get_image_model()
    blocks = []
    for attachment in attachments:
        with attachment.file.open("rb") as source:
            content = source.read()
        if attachment.kind == AttachmentKind.PDF:
            document = Document(title=attachment.title, collection=collection)
            document.file.save(attachment.name, ContentFile(content), save=False)
            document.file_size = len(content)
            document.save()
            blocks.append(("document", {"document": document, "label": attachment.title}))
        else:
            image = Image(title=attachment.title, collection=collection)
            image.file.save(attachment.name, ContentFile(content), save=False)
            with PILImage.open(io.BytesIO(content)) as opened:
                image.width, image.height = opened.size
            image.file_size = len(content)
            image.save()
            blocks.append(
                (
                    "image",
                    {
                        "image": image,
                        "alt_text": "",
                        "caption": attachment.title,
                        "credit": submission.organisation_name,
                    },
                )
            )
    # The pending copies are no longer needed once the transaction holds the Wagtail ones.
    names = [attachment.file.name for attachment in attachments]
    storage = attachments[0].file.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    submission.attachments.all().delete()
    return blocks


def _lead_and_body_paragraphs(text: str) -> tuple[str, list[str]]:
    blocks = paragraphs(text)
    first = blocks[0] if blocks else ""
    if len(first) <= LEAD_MAX_LENGTH:
        return first.replace("\n", " "), blocks[1:]
    return Truncator(first.replace("\n", " ")).chars(LEAD_MAX_LENGTH), blocks


class NoRubrique(Exception):
    """The magazine has no rubrique to receive press releases yet."""


@transaction.atomic
def confirm_submission(submission_id: int) -> PressReleaseSubmission:
    """Turn a confirmed submission into a draft communiqué in the workflow. Idempotent."""
    submission = PressReleaseSubmission.objects.select_for_update().get(pk=submission_id)
    if submission.status != PressReleaseSubmission.Status.PENDING_CONFIRMATION:
        return submission
    rubrique = press_release_rubrique()
    if rubrique is None:
        raise NoRubrique()
    lead, body_paragraphs = _lead_and_body_paragraphs(submission.text)
    body = [("paragraph", RichText(paragraph_html(paragraph))) for paragraph in body_paragraphs]
    body += _media_blocks(submission)
    page = ArticlePage(
        title=submission.title,
        slug=find_available_slug(rubrique, slugify(submission.title)[:80] or "communique"),
        lead=lead,
        body=body,
        kind=ArticleKind.PRESS_RELEASE,
        source_organisation=submission.organisation,
        source_name="" if submission.organisation_id else submission.organisation_name,
        live=False,
    )
    rubrique.add_child(instance=page)
    submit_for_review(page)
    submission.article = page
    submission.status = PressReleaseSubmission.Status.IN_REVIEW
    submission.confirmed_at = timezone.now()
    submission.save(update_fields=["article", "status", "confirmed_at"])
    return submission


# --- 3. The editors' decision ------------------------------------------------------------------


def _article_url(page) -> str:
    url = page.get_full_url()
    if url and url.startswith("http"):
        return url
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + (page.get_url() or "/")


def notify_published(page) -> bool:
    """Tell the submitter their release is online (once). Returns whether an email was queued."""
    with transaction.atomic():
        submission = (
            PressReleaseSubmission.objects.select_for_update()
            .filter(article_id=page.pk, published_email_sent_at__isnull=True)
            .first()
        )
        if submission is None:
            return False
        submission.status = PressReleaseSubmission.Status.PUBLISHED
        submission.published_email_sent_at = timezone.now()
        submission.save(update_fields=["status", "published_email_sent_at"])
        send_email(
            to=[submission.contact_email],
            subject=_("Votre communiqué « %(title)s » est publié") % {"title": Truncator(page.title).chars(80)},
            text=render_to_string(
                "magazine/press/emails/published.txt", {"submission": submission, "link": _article_url(page)}
            ),
        )
    return True


def notify_refused(article_id: int, reason: str) -> bool:
    """Tell the submitter the editors refused their release, with their reason (once)."""
    with transaction.atomic():
        submission = (
            PressReleaseSubmission.objects.select_for_update()
            .filter(article_id=article_id, refused_email_sent_at__isnull=True, published_email_sent_at__isnull=True)
            .first()
        )
        if submission is None:
            return False
        submission.status = PressReleaseSubmission.Status.REFUSED
        submission.refusal_reason = reason
        submission.refused_email_sent_at = timezone.now()
        submission.save(update_fields=["status", "refusal_reason", "refused_email_sent_at"])
        send_email(
            to=[submission.contact_email],
            subject=_("Votre communiqué « %(title)s » n’a pas été retenu")
            % {"title": Truncator(submission.title).chars(80)},
            text=render_to_string("magazine/press/emails/refused.txt", {"submission": submission, "reason": reason}),
        )
    return True


# --- Housekeeping --------------------------------------------------------------------------------


def purge_unconfirmed_submissions(now=None, limit: int = 5000) -> int:
    """Delete the submissions never confirmed once their link has expired, and their files.

    At most `limit` per run (the daily task catches up on the next runs)."""
    cutoff = (now or timezone.now()) - CONFIRMATION_MAX_AGE - timedelta(hours=1)
    stale_ids = list(
        PressReleaseSubmission.objects.filter(
            status=PressReleaseSubmission.Status.PENDING_CONFIRMATION, created_at__lt=cutoff
        ).values_list("pk", flat=True)[:limit]
    )
    if not stale_ids:
        return 0
    with transaction.atomic():
        files = list(PressReleaseAttachment.objects.filter(submission_id__in=stale_ids).values_list("file", flat=True))
        PressReleaseSubmission.objects.filter(pk__in=stale_ids).delete()
        storage = PressReleaseAttachment._meta.get_field("file").storage
        transaction.on_commit(lambda: [storage.delete(name) for name in files])
    return len(stale_ids)
