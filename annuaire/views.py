"""Recruiters' organisations in /espace/structures/: create one, ask to join one, decide on requests, edit
its page of the directory."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import throttling

from . import services
from .forms import MembershipDecisionForm, OrganisationForm, OrganisationPageForm, OrganisationSearchForm
from .models.organisations import Organisation, OrganisationMembership

Status = OrganisationMembership.Status

# Per person (account or address), in settings.RATE_LIMITS: only accepted submissions count.
CREATE_SCOPE = "annuaire.organisation"
JOIN_SCOPE = "annuaire.membership_request"


def recruiter_required(view):
    """Signed in (else the login page) and holding the recruiter role (else back to /espace/ to take it)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_recruiter:
            messages.warning(
                request,
                _("Cet espace est réservé aux recruteur·ses : cochez « Je recrute » dans vos rôles pour y accéder."),
            )
            return redirect("espace")
        return view(request, *args, **kwargs)

    return wrapper


@recruiter_required
def organisations(request):
    """My organisations (and requests), and, for the ones I administer, the requests awaiting me."""
    memberships = list(
        OrganisationMembership.objects.filter(user=request.user)
        .exclude(status=Status.REFUSED)
        .select_related("organisation__commune__departement", "organisation__legal_form")
        .prefetch_related(
            Prefetch(
                "organisation__memberships",
                queryset=OrganisationMembership.objects.filter(status=Status.PENDING).select_related("user"),
                to_attr="pending_requests",
            )
        )
        .order_by("organisation__name")
    )
    return render(request, "annuaire/organisations.html", {"memberships": memberships})


@recruiter_required
def create_organisation(request):
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if throttling.is_limited(CREATE_SCOPE, throttling.requester(request)):
            form.add_error(None, _("Trop de structures créées en peu de temps : réessayez dans une heure."))
        elif form.is_valid():
            try:
                with transaction.atomic():
                    organisation = services.create_organisation(request.user, **form.organisation_fields())
                    organisation.sectors.set(form.cleaned_data["sectors"])
            except IntegrityError:
                form.add_error("siret", _("Une structure avec ce SIRET existe déjà sur Solidaires."))
            else:
                throttling.hit(CREATE_SCOPE, throttling.requester(request))
                messages.success(
                    request,
                    _("La structure « %(name)s » est créée. Vous pouvez publier des offres ; l’équipe la vérifiera.")
                    % {"name": organisation.name},
                )
                return redirect("emploi:space")
    return render(request, "annuaire/organisation_form.html", {"form": form}, status=400 if form.errors else 200)


@recruiter_required
def find_organisation(request):
    form = OrganisationSearchForm(request.GET or None)
    results = form.results() if request.GET else None
    mine = set(
        OrganisationMembership.objects.filter(user=request.user)
        .exclude(status=Status.REFUSED)
        .values_list("organisation_id", flat=True)
    )
    return render(request, "annuaire/organisation_search.html", {"form": form, "results": results, "mine": mine})


@recruiter_required
@require_POST
def join_organisation(request, pk):
    organisation = get_object_or_404(Organisation, pk=pk)
    if throttling.is_limited(JOIN_SCOPE, throttling.requester(request)):
        messages.error(request, _("Trop de demandes en peu de temps : réessayez dans une heure."))
        return redirect("annuaire:find")
    membership = services.request_membership(request.user, organisation)
    if membership.status == Status.APPROVED:
        messages.info(request, _("Vous êtes déjà membre de « %(name)s ».") % {"name": organisation.name})
    else:
        throttling.hit(JOIN_SCOPE, throttling.requester(request))
        services.notify_membership_request(membership, reverse("annuaire:organisations"))
        messages.success(
            request,
            _(
                "Votre demande est envoyée aux administrateur·rices de « %(name)s ». "
                "Vous recevrez leur réponse par e-mail."
            )
            % {"name": organisation.name},
        )
    return redirect("annuaire:organisations")


@recruiter_required
@require_POST
def decide_membership(request, pk):
    """An administrator of the organisation accepts or refuses a request; anyone else gets a 404."""
    membership = get_object_or_404(
        OrganisationMembership.objects.select_related("organisation", "user").filter(
            organisation__memberships__user=request.user,
            organisation__memberships__status=Status.APPROVED,
            organisation__memberships__is_admin=True,
            status=Status.PENDING,
        ),
        pk=pk,
    )
    form = MembershipDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez d’accepter ou de refuser la demande."))
        return redirect("annuaire:organisations")
    approve = form.cleaned_data["decision"] == "approve"
    services.decide_membership(membership, approve=approve, by=request.user)
    services.notify_membership_decision(membership, reverse("emploi:space"))
    person = membership.user.get_full_name() or membership.user.email
    if approve:
        messages.success(request, _("%(person)s est maintenant membre de la structure.") % {"person": person})
    else:
        messages.success(request, _("La demande de %(person)s est refusée.") % {"person": person})
    return redirect("annuaire:organisations")


@recruiter_required
def edit_organisation(request, pk):
    """An approved member changes the organisation's page of the directory (anyone else gets a 404). A
    verified organisation's page changes at once; an unverified one's is seen by the team when it
    verifies the organisation, before anything is public."""
    organisation = get_object_or_404(Organisation.objects.with_member(request.user), pk=pk)
    form = OrganisationPageForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        if organisation.is_verified:
            message = _("La page de « %(name)s » est à jour dans l’annuaire.")
        else:
            message = _(
                "Les changements sont enregistrés ; la page de « %(name)s » paraîtra une fois la structure vérifiée."
            )
        messages.success(request, message % {"name": organisation.name})
        return redirect("annuaire:organisations")
    context = {"form": form, "organisation": organisation}
    return render(request, "annuaire/organisation_page_form.html", context, status=400 if form.errors else 200)
