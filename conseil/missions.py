"""The rules of missions and proposals. Views, the admin and tasks call these; nothing else moves a
mission's state, which goes through `core.moderation.move` (history in `MissionStateChange`):

    draft ──submit──▶ submitted ──publish──▶ published ──close──▶ closed (a proposal picked, or none)
                          │  ▲                   │
                       refuse └──send_back───────┘ (changed in a way that matters)
                          ▼
                       refused ──submit──▶ submitted

Around them: who may post (approved members of the organisation), who may answer (a consultant with a
profile, before the deadline, once), the batched email to matching consultants (one per consultant,
listing every new mission that fits them), and the outcome told to everyone who answered.
"""

import logging
from collections import defaultdict

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from annuaire.models import OrganisationMembership
from annuaire.services import is_member, member_organisations
from core.emails import register_unsubscriber, send_email, unsubscribe_headers
from core.files import CheckedAttachment
from core.moderation import move
from core.private_files import save_private

# Modules, not names: the directory page's routes import this module while `filters` and the page model
# are still loading (and `tasks` imports this one); every name is read at call time.
from . import filters, tasks
from .models import pages as page_models
from .models.missions import Mission, Proposal
from .models.profiles import ConsultantProfile

logger = logging.getLogger(__name__)

NOT_A_MEMBER = gettext_lazy("Vous n’êtes pas membre de cette structure : vous ne pouvez pas publier pour elle.")
# Changing one of these on a published mission sends it back to moderation.
MATERIAL_FIELDS = ("title", "need", "deliverables", "organisation", "budget_min", "budget_max")
NOTIFY_BATCH = 200
UNSUBSCRIBE_SALT = "conseil.mission_alerts"
UNSUBSCRIBE_KIND = "missions"


def site_url(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def missions_index_path() -> str:
    """/conseil/missions/ under the live directory page, or "" when there is none."""
    page = page_models.ConsultantIndexPage.objects.live().public().only("url_path", "path", "depth").first()
    if page is None or not page.url:
        return ""
    return page.url + "missions/"


def mission_path(mission: Mission, base: str | None = None) -> str:
    """The mission's public path (`base`: `missions_index_path()`, when the caller has it already)."""
    base = missions_index_path() if base is None else base
    return f"{base}{mission.url_key}/" if base else ""


# --- Posting -----------------------------------------------------------------------------------


def check_can_post(user, organisation) -> None:
    if not is_member(user, organisation):
        raise PermissionDenied(str(NOT_A_MEMBER))


def missions_of(user):
    """The missions of every organisation the person acts for: the only ones their space can reach."""
    return Mission.objects.filter(organisation__in=member_organisations(user).values("pk"))


@transaction.atomic
def save_mission(user, form) -> Mission:
    """Save a valid `MissionForm` and send it to the moderators (a published mission changed in a way
    that matters goes back to them)."""
    mission = form.save(commit=False)
    check_can_post(user, mission.organisation)
    is_new = mission.pk is None
    if is_new:
        mission.created_by = user
    mission.save()
    form.save_m2m()
    locked = Mission.objects.select_for_update().get(pk=mission.pk)
    if locked.status in (Mission.Status.DRAFT, Mission.Status.REFUSED):
        move(locked, "submit", by=user)
    elif locked.status == Mission.Status.PUBLISHED and set(MATERIAL_FIELDS + ("expertises",)) & set(form.changed_data):
        move(locked, "send_back", by=user, reason=_("Modifiée par la structure."))
    return locked


def organisation_emails(mission: Mission) -> list[str]:
    """Who hears about a mission: its author while still a member, else the organisation's administrators."""
    author = mission.created_by
    if author is not None and author.is_active and is_member(author, mission.organisation):
        return [author.email]
    return list(
        OrganisationMembership.objects.filter(
            organisation_id=mission.organisation_id,
            status=OrganisationMembership.Status.APPROVED,
            is_admin=True,
            user__is_active=True,
        ).values_list("user__email", flat=True)
    )


def _email_organisation(mission: Mission, subject: str, template: str, **context) -> None:
    recipients = organisation_emails(mission)
    if not recipients:
        return
    context = {"mission": mission, "space_url": site_url(reverse("missions:detail", args=[mission.pk])), **context}
    send_email(to=recipients, subject=subject, text=render_to_string(template, context))


# --- Moderation (the admin's decision page) --------------------------------------------------------


@transaction.atomic
def publish_mission(mission: Mission, *, by) -> Mission:
    locked = move(Mission.objects.select_for_update().get(pk=mission.pk), "publish", by=by)
    _email_organisation(
        locked,
        _("Votre mission « %(title)s » est publiée") % {"title": locked.title},
        "conseil/emails/mission_decision.txt",
        published=True,
        public_url=site_url(mission_path(locked)) if mission_path(locked) else "",
    )
    # The batch goes out a few minutes later, so that a moderator's session of decisions is one email.
    transaction.on_commit(tasks.queue_notification)
    return locked


@transaction.atomic
def refuse_mission(mission: Mission, *, by, reason: str) -> Mission:
    locked = move(Mission.objects.select_for_update().get(pk=mission.pk), "refuse", by=by, reason=reason)
    _email_organisation(
        locked,
        _("Votre mission « %(title)s » n’est pas publiée") % {"title": locked.title},
        "conseil/emails/mission_decision.txt",
        published=False,
        reason=reason,
    )
    return locked


# --- Matching consultants, in batches -------------------------------------------------------------


def matching_profiles(mission: Mission):
    """Public, available consultants who want alerts, with one of the mission's expertises, serving its
    territory (a remote mission, or one without territory, reaches all of France)."""
    profiles = ConsultantProfile.objects.visible().filter(
        mission_alerts=True,
        expertises__in=mission.expertises.all(),
    )
    profiles = profiles.exclude(availability=ConsultantProfile.Availability.UNAVAILABLE)
    if not mission.remote:
        if mission.departement_id:
            profiles = profiles.filter(filters.serves_departement(mission.departement.code))
        elif mission.region_id:
            profiles = profiles.filter(filters.serves_region(mission.region.code))
    # Never the organisation's own members.
    members = OrganisationMembership.objects.filter(organisation_id=mission.organisation_id).values("user_id")
    return profiles.exclude(user_id__in=members).distinct()


def unsubscribe_token(profile: ConsultantProfile) -> str:
    return signing.dumps(profile.pk, salt=UNSUBSCRIBE_SALT)


def profile_from_unsubscribe_token(token: str) -> ConsultantProfile | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return ConsultantProfile.objects.filter(pk=pk).first() if isinstance(pk, int) else None


def turn_alerts_off(token: str) -> bool:
    """Stop the missions' emails of the profile the token names (the one-click link and the mailto)."""
    profile = profile_from_unsubscribe_token(token)
    if profile is None:
        return False
    ConsultantProfile.objects.filter(pk=profile.pk).update(mission_alerts=False, updated_at=timezone.now())
    return True


def register() -> None:
    register_unsubscriber(UNSUBSCRIBE_KIND, turn_alerts_off)


def notify_new_missions(limit: int = NOTIFY_BATCH) -> int:
    """Email each matching consultant once about every published mission nobody was told of yet.

    Idempotent: the missions are locked (`skip_locked`: two workers never share a batch) and marked
    notified in the same transaction as the emails are queued (the outbox sends them after commit).
    Returns the number of emails queued."""
    with transaction.atomic():
        missions = list(
            Mission.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Mission.Status.PUBLISHED, notified_at__isnull=True, answer_by__gte=timezone.localdate())
            .select_related("organisation", "region", "departement")
            .order_by("published_at", "pk")[:limit]
        )
        if not missions:
            return 0
        base = missions_index_path()
        by_profile: dict[int, list[Mission]] = defaultdict(list)
        for mission in missions:
            for profile_id in matching_profiles(mission).values_list("pk", flat=True):
                by_profile[profile_id].append(mission)
        profiles = (
            ConsultantProfile.objects.filter(pk__in=by_profile).select_related("user").only("pk", "name", "user__email")
        )
        for profile in profiles:
            found = by_profile[profile.pk]
            token = unsubscribe_token(profile)
            unsubscribe = site_url(reverse("conseil:mission_alerts_off", args=[token]))
            items = [(mission, site_url(mission_path(mission, base))) for mission in found]
            subject = (
                _("Une nouvelle mission pour vous : %(title)s") % {"title": found[0].title}
                if len(found) == 1
                else _("%(count)s nouvelles missions pour vous") % {"count": len(found)}
            )
            send_email(
                to=[profile.user.email],
                subject=subject,
                text=render_to_string(
                    "conseil/emails/new_missions.txt",
                    {"profile": profile, "items": items, "unsubscribe_url": unsubscribe},
                ),
                headers=unsubscribe_headers(unsubscribe, token, UNSUBSCRIBE_KIND),
            )
        Mission.objects.filter(pk__in=[mission.pk for mission in missions]).update(notified_at=timezone.now())
        return len(by_profile)


# --- Proposals ----------------------------------------------------------------------------------


def proposal_error(mission: Mission, profile: ConsultantProfile | None, user) -> str | None:
    """Why this person may not answer this mission (French), or None."""
    if profile is None:
        return _("Créez d’abord votre fiche consultant·e pour répondre aux missions.")
    if not mission.takes_answers:
        return _("Cette mission ne reçoit plus de réponses : la date limite est passée ou elle est close.")
    if is_member(user, mission.organisation):
        return _("Vous êtes membre de cette structure : vous ne pouvez pas répondre à sa mission.")
    if Proposal.objects.filter(mission=mission, consultant=profile).exists():
        return _("Vous avez déjà répondu à cette mission.")
    return None


@transaction.atomic
def send_proposal(mission: Mission, profile: ConsultantProfile, *, user, message: str, attachment=None) -> Proposal:
    mission = Mission.objects.select_for_update().select_related("organisation").get(pk=mission.pk)
    error = proposal_error(mission, profile, user)
    if error:
        raise ValidationError(error, code="closed")
    proposal = Proposal(mission=mission, consultant=profile, message=message)
    if isinstance(attachment, CheckedAttachment):
        save_private(proposal.attachment, attachment)
        proposal.attachment_name = attachment.name[:120]
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:
        raise ValidationError(_("Vous avez déjà répondu à cette mission."), code="duplicate") from None
    _email_organisation(
        mission,
        _("Nouvelle proposition pour « %(title)s »") % {"title": mission.title},
        "conseil/emails/new_proposal.txt",
        consultant=profile.name,
    )
    return proposal


def proposal_locked_error(proposal: Proposal) -> str | None:
    """Why the consultant may no longer change or withdraw their proposal (French), or None: only before
    the mission's deadline, while it is published and the organisation has not decided."""
    if not proposal.mission.takes_answers:
        return _("La date limite de cette mission est passée ou elle est close : votre proposition ne change plus.")
    if proposal.status not in (Proposal.Status.SENT, Proposal.Status.SHORTLISTED):
        return _("La structure a déjà donné sa réponse : votre proposition ne change plus.")
    return None


def _delete_private_on_commit(field_file) -> None:
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def update_proposal(proposal: Proposal, *, message: str, attachment=None, remove_attachment=False) -> Proposal:
    """The consultant changes their proposal before the deadline: a new PDF replaces the old one (which is
    deleted once the change is saved), or the PDF is removed."""
    Mission.objects.select_for_update().filter(pk=proposal.mission_id).first()
    locked = Proposal.objects.select_for_update().select_related("mission").get(pk=proposal.pk)
    error = proposal_locked_error(locked)
    if error:
        raise ValidationError(error, code="locked")
    locked.message = message
    fields = ["message"]
    if isinstance(attachment, CheckedAttachment) or remove_attachment:
        _delete_private_on_commit(locked.attachment)
        locked.attachment = ""
        locked.attachment_name = ""
        if isinstance(attachment, CheckedAttachment):
            save_private(locked.attachment, attachment)
            locked.attachment_name = attachment.name[:120]
        fields += ["attachment", "attachment_name"]
    locked.save(update_fields=fields)
    return locked


@transaction.atomic
def withdraw_proposal(proposal: Proposal) -> None:
    """The consultant withdraws their proposal before the deadline: it and its PDF are deleted (they may
    answer again while the mission takes answers) and the organisation is told."""
    mission = Mission.objects.select_for_update().select_related("organisation").get(pk=proposal.mission_id)
    locked = Proposal.objects.select_for_update().select_related("mission", "consultant").get(pk=proposal.pk)
    error = proposal_locked_error(locked)
    if error:
        raise ValidationError(error, code="locked")
    _delete_private_on_commit(locked.attachment)
    name = locked.consultant.name
    locked.delete()
    _email_organisation(
        mission,
        _("Proposition retirée pour « %(title)s »") % {"title": mission.title},
        "conseil/emails/proposal_withdrawn.txt",
        consultant=name,
    )


def set_shortlisted(proposal: Proposal, shortlisted: bool) -> Proposal:
    if proposal.mission.status != Mission.Status.PUBLISHED:
        raise ValidationError(_("Cette mission est close : la présélection ne change plus."), code="closed")
    proposal.status = Proposal.Status.SHORTLISTED if shortlisted else Proposal.Status.SENT
    proposal.save(update_fields=["status"])
    return proposal


@transaction.atomic
def close_mission(mission: Mission, *, by, chosen: Proposal | None = None) -> Mission:
    """Close the mission, with the proposal picked (or none), and tell everyone who answered."""
    locked = Mission.objects.select_for_update().select_related("organisation").get(pk=mission.pk)
    if chosen is not None and chosen.mission_id != locked.pk:
        raise ValidationError(_("Cette proposition ne répond pas à cette mission."), code="wrong_mission")
    reason = _("Proposition retenue : %(name)s") % {"name": chosen.consultant.name} if chosen else ""
    move(locked, "close", by=by, reason=reason)
    proposals = list(locked.proposals.select_related("consultant__user"))
    now = timezone.now()
    for proposal in proposals:
        proposal.status = Proposal.Status.CHOSEN if chosen and proposal.pk == chosen.pk else Proposal.Status.NOT_CHOSEN
        proposal.outcome_sent_at = now
        if proposal.consultant.user.is_active:
            send_email(
                to=[proposal.consultant.user.email],
                subject=(
                    _("Votre proposition est retenue : %(title)s")
                    if proposal.status == Proposal.Status.CHOSEN
                    else _("Issue de la mission « %(title)s »")
                )
                % {"title": locked.title},
                text=render_to_string(
                    "conseil/emails/proposal_outcome.txt",
                    {"mission": locked, "proposal": proposal, "chosen": proposal.status == Proposal.Status.CHOSEN},
                ),
            )
    Proposal.objects.bulk_update(proposals, ["status", "outcome_sent_at"])
    return locked


WITHDRAWABLE = (Mission.Status.DRAFT, Mission.Status.SUBMITTED, Mission.Status.PUBLISHED, Mission.Status.REFUSED)


@transaction.atomic
def withdraw_mission(mission: Mission, *, by) -> Mission:
    """The organisation withdraws its mission (core's `withdraw`: it leaves the public site and takes no
    more answers); each consultant who answered and was not yet told an outcome is told, once."""
    locked = Mission.objects.select_for_update().select_related("organisation").get(pk=mission.pk)
    move(locked, "withdraw", by=by, reason=_("Retirée par la structure."))
    proposals = list(locked.proposals.filter(outcome_sent_at__isnull=True).select_related("consultant__user"))
    now = timezone.now()
    for proposal in proposals:
        proposal.status = Proposal.Status.NOT_CHOSEN
        proposal.outcome_sent_at = now
        if proposal.consultant.user.is_active:
            send_email(
                to=[proposal.consultant.user.email],
                subject=_("Mission retirée : %(title)s") % {"title": locked.title},
                text=render_to_string(
                    "conseil/emails/mission_withdrawn.txt", {"mission": locked, "proposal": proposal}
                ),
            )
    Proposal.objects.bulk_update(proposals, ["status", "outcome_sent_at"])
    return locked


def proposals_visible_to(user):
    """Proposals a person may read: those to their organisations' missions, and their own."""
    return Proposal.objects.filter(
        Q(mission__organisation__in=member_organisations(user).values("pk")) | Q(consultant__user=user)
    )
