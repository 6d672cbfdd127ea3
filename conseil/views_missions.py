"""/espace/missions/: an organisation's missions (post, edit, read the proposals, short-list, pick one
and close), and /espace/consultant/propositions/: a consultant's own answers. Every mission and proposal
is looked up among those the signed-in person may reach (`missions.missions_of`): anything else is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from annuaire.services import member_organisations
from core import throttling
from core.pdf import pdf_response
from core.private_files import read_private

from . import missions
from .forms import MissionForm, ProposalEditForm
from .models import Mission, Proposal

FORM_SCOPE = "conseil.mission_form"
EDITABLE = (Mission.Status.DRAFT, Mission.Status.SUBMITTED, Mission.Status.REFUSED, Mission.Status.PUBLISHED)


def own_mission(user, pk: int) -> Mission:
    return get_object_or_404(
        missions.missions_of(user).select_related("organisation", "region", "departement", "sector"), pk=pk
    )


@login_required
def space(request):
    organisations = list(member_organisations(request.user).order_by("name"))
    rows = (
        missions.missions_of(request.user)
        .select_related("organisation")
        .annotate(
            proposal_count=Count("proposals", distinct=True),
            shortlisted_count=Count(
                "proposals", filter=Q(proposals__status=Proposal.Status.SHORTLISTED), distinct=True
            ),
        )
        .order_by("-created_at", "-pk")[:100]
    )
    return render(request, "conseil/missions/space.html", {"missions": rows, "organisations": organisations})


def _mission_form(request, mission: Mission | None):
    organisations = list(member_organisations(request.user).order_by("name"))
    if not organisations:
        messages.info(request, _("Rejoignez ou créez d’abord la fiche de votre structure pour publier une mission."))
        return redirect("missions:space")
    if mission is not None and mission.status not in EDITABLE:
        messages.error(request, _("Cette mission est close : elle ne se modifie plus."))
        return redirect("missions:detail", mission.pk)
    form = MissionForm(request.POST or None, instance=mission, organisations=organisations)
    if request.method == "POST":
        if throttling.is_limited(FORM_SCOPE, throttling.requester(request)):
            form.add_error(None, _("Trop d’envois en peu de temps : réessayez dans une heure."))
        elif form.is_valid():
            try:
                saved = missions.save_mission(request.user, form)
            except PermissionDenied as error:
                form.add_error("organisation", str(error))
            else:
                throttling.hit(FORM_SCOPE, throttling.requester(request))
                messages.success(
                    request,
                    _("Votre mission est envoyée à l’équipe de modération : elle sera publiée après relecture."),
                )
                return redirect("missions:detail", saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "conseil/missions/form.html", {"form": form, "mission": mission}, status=status)


@login_required
def create(request):
    return _mission_form(request, None)


@login_required
def edit(request, pk):
    return _mission_form(request, own_mission(request.user, pk))


@login_required
def detail(request, pk):
    mission = own_mission(request.user, pk)
    proposals = list(mission.proposals.select_related("consultant").order_by("-status", "created_at", "pk"))
    missions_path = missions.missions_index_path()
    context = {
        # Write to a consultant through the site's messaging (their public profile's contact form).
        "directory_path": missions_path.removesuffix("missions/"),
        "mission": mission,
        "proposals": proposals,
        "history": list(mission.state_changes.select_related("by").order_by("-at", "-pk")),
        "public_path": missions.mission_path(mission, missions_path)
        if mission.status in ("published", "closed")
        else "",
        "can_decide": mission.status == Mission.Status.PUBLISHED,
        "editable": mission.status in EDITABLE,
        "withdrawable": mission.status in missions.WITHDRAWABLE,
    }
    return render(request, "conseil/missions/detail.html", context)


def own_proposal(user, mission: Mission, proposal_pk: int) -> Proposal:
    return get_object_or_404(mission.proposals.select_related("consultant__user"), pk=proposal_pk)


@login_required
@require_POST
def shortlist(request, pk, proposal_pk):
    mission = own_mission(request.user, pk)
    proposal = own_proposal(request.user, mission, proposal_pk)
    keep = request.POST.get("shortlisted") == "1"
    try:
        missions.set_shortlisted(proposal, keep)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            (_("Proposition de %(name)s présélectionnée.") if keep else _("%(name)s retiré·e de la présélection."))
            % {"name": proposal.consultant.name},
        )
    return redirect("missions:detail", mission.pk)


@login_required
def close(request, pk):
    """Confirm, then close the mission with the proposal picked (`?proposition=<id>`) or none."""
    mission = own_mission(request.user, pk)
    if mission.status != Mission.Status.PUBLISHED:
        messages.error(request, _("Seule une mission publiée peut être clôturée."))
        return redirect("missions:detail", mission.pk)
    chosen_id = request.POST.get("proposition") or request.GET.get("proposition")
    chosen = None
    if chosen_id:
        if not str(chosen_id).isdigit() or len(str(chosen_id)) > 18:
            raise Http404
        chosen = own_proposal(request.user, mission, int(chosen_id))
    if request.method == "POST":
        try:
            missions.close_mission(mission, by=request.user, chosen=chosen)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Mission clôturée : chaque consultant·e qui a répondu en est informé·e."))
        return redirect("missions:detail", mission.pk)
    answered = mission.proposals.count()
    return render(request, "conseil/missions/close.html", {"mission": mission, "chosen": chosen, "answered": answered})


@login_required
def withdraw(request, pk):
    """Confirm, then withdraw the mission (any state but closed or withdrawn)."""
    mission = own_mission(request.user, pk)
    if mission.status not in missions.WITHDRAWABLE:
        messages.error(request, _("Cette mission est close ou déjà retirée."))
        return redirect("missions:detail", mission.pk)
    if request.method == "POST":
        try:
            missions.withdraw_mission(mission, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("Mission retirée : chaque consultant·e qui a répondu en est informé·e par courriel.")
            )
        return redirect("missions:detail", mission.pk)
    answered = mission.proposals.count()
    return render(request, "conseil/missions/withdraw.html", {"mission": mission, "answered": answered})


@login_required
def attachment(request, pk, proposal_pk):
    """A proposal's PDF, for the mission's organisation only (private storage, never a public URL)."""
    mission = own_mission(request.user, pk)
    proposal = own_proposal(request.user, mission, proposal_pk)
    if not proposal.attachment:
        raise Http404
    return pdf_response(read_private(proposal.attachment), proposal.attachment_name or "proposition.pdf")


@login_required
def my_proposals(request):
    proposals = (
        Proposal.objects.filter(consultant__user=request.user)
        .select_related("mission__organisation")
        .order_by("-created_at", "-pk")[:100]
    )
    base = missions.missions_index_path()
    rows = [
        (proposal, missions.mission_path(proposal.mission, base), missions.proposal_locked_error(proposal) is None)
        for proposal in proposals
    ]
    return render(request, "conseil/missions/my_proposals.html", {"rows": rows})


def my_proposal(user, pk: int) -> Proposal:
    """One of the signed-in consultant's own proposals; anyone else's is a 404."""
    return get_object_or_404(
        Proposal.objects.filter(consultant__user=user).select_related("mission__organisation", "consultant"), pk=pk
    )


@login_required
def my_proposal_attachment(request, pk):
    """The consultant's own PDF, as they sent it (private storage, no-store)."""
    proposal = my_proposal(request.user, pk)
    if not proposal.attachment:
        raise Http404
    return pdf_response(read_private(proposal.attachment), proposal.attachment_name or "proposition.pdf")


@login_required
def proposal_edit(request, pk):
    proposal = my_proposal(request.user, pk)
    locked = missions.proposal_locked_error(proposal)
    if locked:
        messages.error(request, locked)
        return redirect("conseil:my_proposals")
    form = ProposalEditForm(
        request.POST or None,
        request.FILES or None,
        initial={"message": proposal.message},
        has_attachment=bool(proposal.attachment),
    )
    if request.method == "POST" and form.is_valid():
        try:
            missions.update_proposal(
                proposal,
                message=form.cleaned_data["message"],
                attachment=form.cleaned_data.get("attachment"),
                remove_attachment=form.cleaned_data.get("remove_attachment", False),
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Votre proposition est modifiée."))
        return redirect("conseil:my_proposals")
    status = 400 if request.method == "POST" else 200
    return render(request, "conseil/missions/proposal_form.html", {"form": form, "proposal": proposal}, status=status)


@login_required
def proposal_withdraw(request, pk):
    """Confirm, then withdraw one's own proposal (before the deadline, while the organisation has not decided)."""
    proposal = my_proposal(request.user, pk)
    locked = missions.proposal_locked_error(proposal)
    if locked:
        messages.error(request, locked)
        return redirect("conseil:my_proposals")
    if request.method == "POST":
        try:
            missions.withdraw_proposal(proposal)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Votre proposition est retirée ; la structure en est informée."))
        return redirect("conseil:my_proposals")
    return render(request, "conseil/missions/proposal_withdraw.html", {"proposal": proposal})
