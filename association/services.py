"""The association's rules: joining and renewing, payments (staff or HelloAsso's signed webhook),
reminders before expiry and one notice after lapse, the general assembly, contact requests and the
correspondents' rights in the Wagtail admin."""

import csv
import datetime
import hashlib
import hmac
import io
import json
import logging
import uuid
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission

from core import audience
from core.emails import send_email
from core.sharing import absolute_url

from . import fees
from .models import ContactRequest, Correspondent, Membership, Payment, WebhookDelivery

logger = logging.getLogger(__name__)

# Reminders go out this many days before the end of the membership year, in batches of this size.
REMINDER_DAYS_BEFORE = 30
BATCH_SIZE = 500


# --- Joining and renewing ---------------------------------------------------------------------------


def check_fee(category: str, tier: str, fee: int) -> None:
    """Refuse a fee below the floor of the chosen tier, with a French message saying the floor."""
    floor = fees.floor(category, tier)
    if fee < floor:
        raise ValidationError(
            _(
                "Le tarif choisi commence à %(floor)s\u00a0€\u00a0: indiquez au moins ce montant, "
                "ou choisissez le tarif solidaire."
            )
            % {"floor": floor},
            code="below_floor",
        )


def join(user, *, year: int, category: str, tier: str, fee: int, display_name: str, representative: str = ""):
    """Create (or update while still unpaid) `user`'s membership of `year`. A fee of 0 € (solidarity
    tier) makes the member up to date at once: nobody has to justify it."""
    check_fee(category, tier, fee)
    membership = Membership.objects.filter(user=user, year=year).first()
    if membership is not None and membership.status == Membership.Status.PAID:
        raise ValidationError(_("Votre adhésion %(year)s est déjà réglée.") % {"year": year}, code="already_paid")
    membership = membership or Membership(user=user, year=year)
    membership.category = category
    membership.tier = tier
    membership.fee = fee
    membership.display_name = display_name
    membership.representative = representative if fees.is_organisation(category) else ""
    membership.status = Membership.Status.PENDING
    membership.save()
    if fee == 0:
        record_payment(membership, amount_cents=0, method=Payment.Method.NONE)
    return membership


def renewal_initial(user) -> dict:
    """What the renewal form starts from: the last membership's category, tier, fee and names."""
    last = Membership.objects.filter(user=user).order_by("-year").first()
    if last is None:
        return {}
    return {
        "category": last.category,
        "tier": last.tier,
        "fee": last.fee,
        "display_name": last.display_name,
        "representative": last.representative,
    }


def next_year_to_join(user, today: datetime.date | None = None) -> int:
    """This year, unless it is already paid: then next year (a renewal ahead of time)."""
    today = today or timezone.localdate()
    if Membership.objects.filter(user=user, year=today.year, status=Membership.Status.PAID).exists():
        return today.year + 1
    return today.year


# --- Payments ---------------------------------------------------------------------------------------


def record_payment(
    membership: Membership, *, amount_cents: int, method: str, by=None, provider_id=None, note: str = ""
) -> Payment | None:
    """Record money received; the membership is up to date once what it received reaches its fee.
    A payment already known by its provider id is not counted twice (None is returned)."""
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if provider_id and Payment.objects.filter(provider_id=provider_id).exists():
            return None
        payment = Payment.objects.create(
            membership=membership,
            amount_cents=amount_cents,
            method=method,
            provider_id=provider_id or None,
            recorded_by=by,
            note=note,
        )
        settle(membership)
    return payment


def settle(membership: Membership) -> bool:
    """Mark `membership` up to date once what it received reaches its fee (and welcome the member)."""
    if membership.status == Membership.Status.PAID or membership.paid_cents() < membership.fee * 100:
        return False
    membership.status = Membership.Status.PAID
    membership.paid_at = timezone.now()
    membership.save(update_fields=["status", "paid_at"])
    transaction.on_commit(lambda: send_welcome(membership))
    return True


def send_welcome(membership: Membership) -> None:
    if membership.user_id is None:  # kept anonymised for the accounts: nobody to write to
        return
    context = {"membership": membership, "space_url": absolute_url(reverse("association:space"))}
    send_email(
        to=[membership.user.email],
        subject=_("Votre adhésion %(year)s est enregistrée") % {"year": membership.year},
        text=render_to_string("association/emails/welcome.txt", context),
    )


class WebhookRefused(Exception):
    """A webhook call refused: its message is French and said to the caller (status 400 or 403)."""

    def __init__(self, message, status=400):
        super().__init__(message)
        self.status = status


def signature(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def check_signature(body: bytes, given: str) -> None:
    secret = settings.HELLOASSO_WEBHOOK_SECRET
    if not secret:
        raise WebhookRefused(_("Les notifications HelloAsso ne sont pas configurées."), status=403)
    if not given or not hmac.compare_digest(signature(body, secret), given.strip().lower()):
        raise WebhookRefused(_("Signature invalide."), status=403)


def _cents(value) -> int:
    try:
        cents = int(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError) as error:
        raise WebhookRefused(_("Montant illisible.")) from error
    if not 0 <= cents <= fees.MAX_FEE * 100:
        raise WebhookRefused(_("Montant hors limites."))
    return cents


def handle_helloasso(body: bytes, given_signature: str) -> Payment | None:
    """HelloAsso's notification of a payment (eventType « Payment »), signed with HMAC-SHA256 of the body
    (header `X-Ha-Signature`). The body is accepted once: the same body again is a replay, refused. The
    membership is found by the reference put in the checkout's metadata. Amounts are in cents, as
    HelloAsso sends them; no card data is read or kept (HelloAsso never sends it)."""
    check_signature(body, given_signature)
    digest = hashlib.sha256(body).hexdigest()
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise WebhookRefused(_("Contenu illisible.")) from error
    if not isinstance(payload, dict):
        raise WebhookRefused(_("Contenu illisible."))
    event_type = str(payload.get("eventType", ""))[:50]
    try:
        with transaction.atomic():
            WebhookDelivery.objects.create(digest=digest, event_type=event_type)
    except IntegrityError as error:
        raise WebhookRefused(_("Notification déjà reçue."), status=409) from error
    if event_type != "Payment":
        return None
    data = payload.get("data") or {}
    metadata = payload.get("metadata") or {}
    if not isinstance(data, dict) or not isinstance(metadata, dict):
        raise WebhookRefused(_("Contenu illisible."))
    if str(data.get("state", "")) != "Authorized":
        return None
    reference = str(metadata.get("reference", ""))
    membership = Membership.objects.filter(reference=reference).first() if _is_uuid(reference) else None
    if membership is None:
        logger.warning("HelloAsso payment %s for no known membership", str(data.get("id", ""))[:64])
        return None
    return record_payment(
        membership,
        amount_cents=_cents(data.get("amount")),
        method=Payment.Method.HELLOASSO,
        provider_id=f"helloasso:{str(data.get('id', ''))[:50]}",
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


# --- Reminders --------------------------------------------------------------------------------------


def send_reminders(today: datetime.date | None = None) -> int:
    """One reminder per member whose paid membership ends within REMINDER_DAYS_BEFORE days and who has not
    renewed for the next year, in batches; each marked so that it is never sent twice."""
    today = today or timezone.localdate()
    if (datetime.date(today.year, 12, 31) - today).days > REMINDER_DAYS_BEFORE:
        return 0
    renewed = Membership.objects.of_members().filter(year=today.year + 1).exclude(status=Membership.Status.CANCELLED)
    due = (
        Membership.objects.paid()
        .of_members()
        .filter(year=today.year, reminder_sent_at__isnull=True)
        .exclude(user__in=renewed.values("user"))
        .select_related("user")
        .order_by("pk")
    )
    return _send_in_batches(
        due, "reminder_sent_at", "association/emails/reminder.txt", _("Votre adhésion arrive à échéance")
    )


def send_lapse_notices(today: datetime.date | None = None) -> int:
    """Once, to each member whose last paid year is over and who has not renewed: never again."""
    today = today or timezone.localdate()
    current = Membership.objects.of_members().filter(year__gte=today.year).exclude(status=Membership.Status.CANCELLED)
    due = (
        Membership.objects.paid()
        .of_members()
        .filter(year=today.year - 1, lapse_notice_sent_at__isnull=True)
        .exclude(user__in=current.values("user"))
        .select_related("user")
        .order_by("pk")
    )
    return _send_in_batches(
        due, "lapse_notice_sent_at", "association/emails/lapsed.txt", _("Votre adhésion a pris fin")
    )


def _send_in_batches(queryset, mark_field: str, template: str, subject: str) -> int:
    sent = 0
    renew_url = absolute_url(reverse("association:join"))
    while True:
        with transaction.atomic():
            batch = list(queryset.select_for_update(skip_locked=True, of=("self",))[:BATCH_SIZE])
            if not batch:
                return sent
            now = timezone.now()
            for membership in batch:
                send_email(
                    to=[membership.user.email],
                    subject=str(subject),
                    text=render_to_string(template, {"membership": membership, "renew_url": renew_url}),
                )
                setattr(membership, mark_field, now)
            Membership.objects.bulk_update(batch, [mark_field])
            sent += len(batch)


# --- General assembly -------------------------------------------------------------------------------


def voters(on: datetime.date):
    return Membership.objects.voters(on)


def voters_csv(on: datetime.date) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["nom", "votant·e", "catégorie", "année", "cotisation", "payée le", "courriel"])
    for member in voters(on):
        writer.writerow(
            [
                _csv_safe(member.display_name),
                _csv_safe(member.voter_name),
                member.get_category_display(),
                member.year,
                member.fee,
                timezone.localtime(member.paid_at).date().isoformat() if member.paid_at else "",
                _csv_safe(member.user.email),
            ]
        )
    return out.getvalue()


def _csv_safe(value: str) -> str:
    """No formula in a spreadsheet from what a member typed."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def send_convocation(on: datetime.date, *, subject: str, text: str) -> int:
    """The convocation to every member with voting rights on `on`: one email each, text escaped."""
    count = 0
    for member in voters(on).iterator(chunk_size=BATCH_SIZE):
        send_email(
            to=[member.user.email],
            subject=subject,
            text=render_to_string("association/emails/convocation.txt", {"member": member, "text": text, "on": on}),
        )
        count += 1
    return count


# --- Contact requests ---------------------------------------------------------------------------------


def receive_contact_request(request_row: ContactRequest) -> ContactRequest:
    request_row.save()
    if request_row.email:
        send_email(
            to=[request_row.email],
            subject=_("Nous avons bien reçu votre demande"),
            text=render_to_string("association/emails/contact_ack.txt", {"contact": request_row}),
        )
    staff = getattr(settings, "ASSOCIATION_CONTACT_EMAIL", "") or settings.DEFAULT_FROM_EMAIL
    send_email(
        to=[staff],
        subject=_("Nouvelle demande « Parler à quelqu’un »"),
        text=render_to_string("association/emails/contact_staff.txt", {"contact": request_row}),
    )
    return request_row


# --- Correspondents ---------------------------------------------------------------------------------

CORRESPONDENTS_GROUP = "Correspondant·es territoriaux·ales"
# What a correspondent may do under their territory's page: draft and edit, never publish.
SECTION_PERMISSIONS = ["add_page", "change_page"]


def correspondent_group(correspondent: Correspondent) -> Group:
    """One group per correspondent's section, with page permissions on that section only."""
    group, _created = Group.objects.get_or_create(name=f"Correspondant·es — page {correspondent.section_id}")
    admin_access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(admin_access)
    for codename in SECTION_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=correspondent.section, permission=permission)
    return group


def grant_correspondent(correspondent: Correspondent) -> None:
    """Put the correspondent in their section's group (and out of any other section's)."""
    user = correspondent.user
    user.groups.remove(*user.groups.filter(name__startswith="Correspondant·es — page "))
    if correspondent.section_id:
        user.groups.add(correspondent_group(correspondent))


# --- Audience summary ---------------------------------------------------------------------------------


def send_audience_summary(today: datetime.date | None = None) -> int:
    """The previous month's audience figures (`core.audience`) by email to the team
    (`AUDIENCE_SUMMARY_EMAILS`, else `ADMINS`); returns the number of recipients."""
    recipients = list(settings.AUDIENCE_SUMMARY_EMAILS) or [email for _name, email in settings.ADMINS]
    if not recipients:
        return 0
    first, last = audience.month_bounds(today or timezone.localdate())
    figures = audience.monthly_figures(first, last)
    send_email(
        to=recipients,
        subject=_("Audience du site, %(month)s") % {"month": date_format(first, "F Y")},
        text=render_to_string("association/emails/audience_summary.txt", figures),
    )
    return len(recipients)
