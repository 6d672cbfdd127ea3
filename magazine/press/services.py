"""Press releases: from the public form to a draft article in the editorial workflow, on the shared
submission pipeline (`core.submissions`).

1. `submit_press_release` saves the submission (address to confirm) with its checked attachments and
   emails a signed confirmation link (valid 48 hours: `PressReleaseSubmission.confirmation_max_age`).
2. `confirm_press_release` (the link's POST, once: `core.submissions.confirm`) creates the draft
   ArticlePage of kind communiqué under the press-release rubrique (`make_draft`), with the attachments
   as Wagtail documents and images of the "Communiqués" collection, and submits it to the editorial
   workflow.
3. The editors publish it or request changes with a comment, which refuses it: `core.submissions`
   moves the submission and emails the sender `PressReleaseSubmission.decision_email`, once per decision.
"""

import hashlib
import io
from datetime import timedelta

from django.conf import settings
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
from core.files import AttachmentKind, CheckedAttachment, unguessable_name
from core.submissions import confirm, confirmation_url, delete_files_on_commit, send_confirmation, withhold_media
from core.text import paragraph_html, paragraphs
from magazine.models import (
    ArticleKind,
    ArticlePage,
    MagazineIndexPage,
    PressReleaseAttachment,
    PressReleaseSubmission,
    RubriquePage,
)
from magazine.services import submit_for_review

COLLECTION_NAME = "Communiqués"
LEAD_MAX_LENGTH = 400
CONFIRM_URL_NAME = "magazine:press_release_confirm"
# Rate limits (`settings.RATE_LIMITS`): accepted releases per address and per IP address.
EMAIL_SCOPE = "magazine.press_release.email"
IP_SCOPE = "magazine.press_release.ip"


def rate_scopes(email: str, ip: str) -> dict:
    return {EMAIL_SCOPE: email.lower(), IP_SCOPE: ip}


def content_hash(title: str, text: str) -> str:
    """A fingerprint of a release, insensitive to case and spacing (accents kept)."""
    normalised = " ".join(f"{title}\n{text}".casefold().split())
    return hashlib.sha256(normalised.encode()).hexdigest()


def duplicate_window() -> timedelta:
    return timedelta(days=settings.PRESS_RELEASE_DUPLICATE_DAYS)


def find_duplicate(email: str, title: str, text: str) -> PressReleaseSubmission | None:
    """A release with the same content sent from the same address within the duplicate window."""
    now = timezone.now()
    return (
        PressReleaseSubmission.objects.filter(
            email=email.lower(), content_hash=content_hash(title, text), created_at__gte=now - duplicate_window()
        )
        # A release never confirmed before its link expired may be sent again.
        .exclude(
            status=PressReleaseSubmission.Status.AWAITING_CONFIRMATION,
            created_at__lt=now - PressReleaseSubmission.confirmation_max_age,
        )
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


@transaction.atomic
def submit_press_release(
    *,
    contact_name: str,
    email: str,
    organisation_name: str,
    title: str,
    text: str,
    attachments: list[CheckedAttachment],
    request=None,
) -> PressReleaseSubmission:
    """Save a checked submission and email the confirmation link (absolute, on `request`'s host)."""
    submission = PressReleaseSubmission.objects.create(
        contact_name=contact_name,
        email=email.lower(),
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
    context = {
        "submission": submission,
        "link": confirmation_url(submission, CONFIRM_URL_NAME, request),
        "hours": PressReleaseSubmission.confirmation_hours(),
    }
    send_confirmation(
        submission,
        subject=_("Confirmez l’envoi de votre communiqué « %(title)s »") % {"title": Truncator(title).chars(80)},
        text=render_to_string("magazine/press/emails/confirmation.txt", context),
    )
    return submission


# --- 2. Confirmation: the draft article in the workflow ------------------------------------------


class NoRubrique(Exception):
    """The magazine has no rubrique to receive press releases yet."""


def confirm_press_release(token: str) -> PressReleaseSubmission:
    """Confirm the sender's address and, once, make the draft. Raises `core.models.InvalidConfirmation`,
    or `NoRubrique` (nothing is saved then: the same link works once a rubrique exists)."""
    return confirm(PressReleaseSubmission, token, make_draft)


def press_release_rubrique() -> RubriquePage | None:
    """Where drafts go: the rubrique whose slug is `PRESS_RELEASE_RUBRIQUE_SLUG` ("ess" by default) in the
    first magazine index, else that index's first rubrique."""
    index = MagazineIndexPage.objects.order_by("path").first()
    if index is None:
        return None
    rubriques = RubriquePage.objects.child_of(index).order_by("path")
    preferred = getattr(settings, "PRESS_RELEASE_RUBRIQUE_SLUG", "ess")
    return rubriques.filter(slug=preferred).first() or rubriques.first()


def press_release_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=COLLECTION_NAME).first()
    return existing or root.add_child(name=COLLECTION_NAME)


def _media_blocks(submission: PressReleaseSubmission) -> tuple[list[tuple], list]:
    """Wagtail documents and images made from the attachments, as body blocks, and those files (kept
    private until the article is published: `core.submissions.withhold_media`)."""
    attachments = list(submission.attachments.all())
    if not attachments:
        return [], []
    collection = press_release_collection()
    media = []
    Document, Image = get_document_model(), get_image_model()
    blocks = []
    for attachment in attachments:
        with attachment.file.open("rb") as source:
            content = source.read()
        if attachment.kind == AttachmentKind.PDF:
            document = Document(title=attachment.title, collection=collection)
            document.file.save(unguessable_name(attachment.name), ContentFile(content), save=False)
            document.file_size = len(content)
            document.save()
            media.append(document)
            blocks.append(("document", {"document": document, "label": attachment.title}))
        else:
            image = Image(title=attachment.title, collection=collection)
            image.file.save(unguessable_name(attachment.name), ContentFile(content), save=False)
            with PILImage.open(io.BytesIO(content)) as opened:
                image.width, image.height = opened.size
            image.file_size = len(content)
            image.save()
            media.append(image)
            value = {
                "image": image,
                "alt_text": "",
                "caption": attachment.title,
                "credit": submission.organisation_name,
            }
            blocks.append(("image", value))
    # The pending copies are no longer needed once the transaction holds the Wagtail ones.
    delete_files_on_commit(submission.pending_files())
    submission.attachments.all().delete()
    return blocks, media


def _lead_and_body_paragraphs(text: str) -> tuple[str, list[str]]:
    blocks = paragraphs(text)
    first = blocks[0] if blocks else ""
    if len(first) <= LEAD_MAX_LENGTH:
        return first.replace("\n", " "), blocks[1:]
    return Truncator(first.replace("\n", " ")).chars(LEAD_MAX_LENGTH), blocks


def make_draft(submission: PressReleaseSubmission) -> ArticlePage:
    """The draft communiqué a confirmed release becomes, submitted to the editorial workflow."""
    rubrique = press_release_rubrique()
    if rubrique is None:
        raise NoRubrique()
    lead, body_paragraphs = _lead_and_body_paragraphs(submission.text)
    body = [("paragraph", RichText(paragraph_html(paragraph))) for paragraph in body_paragraphs]
    media_blocks, media = _media_blocks(submission)
    body += media_blocks
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
    withhold_media(page, media, press_release_collection())
    submit_for_review(page)
    return page
