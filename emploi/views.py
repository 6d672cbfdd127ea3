"""The recruiter space (/espace/recruteur/): the organisations' offers, create with a preview, edit,
duplicate, withdraw, close; and the feedback form reached from the email sent after closing.

Every offer view looks the offer up among the offers of the person's organisations: another
organisation's offer is a 404, whatever the action.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from annuaire.models import OrganisationMembership
from annuaire.services import member_organisations
from annuaire.views import recruiter_required
from core import throttling

from . import services
from .feedback import FEEDBACK_LINK_MAX_AGE, feedback_link, record_feedback
from .forms import FeedbackForm, JobOfferForm
from .models import JobOffer, OffersIndexPage, OfferStateChange, OfferStatus

OFFERS_PER_PAGE = 50
PUBLIC_STATES = {OfferStatus.PUBLISHED, OfferStatus.CLOSED}
# Form submissions (create, edit) per person, on top of the daily limit on new offers (settings.RATE_LIMITS):
# only accepted ones count.
FORM_SCOPE = "emploi.offer_form"


def offers_of(user):
    """The offers of the organisations the person is an approved member of."""
    return JobOffer.objects.filter(
        organisation__memberships__user=user,
        organisation__memberships__status=OrganisationMembership.Status.APPROVED,
    )


def get_offer(user, pk) -> JobOffer:
    return get_object_or_404(
        offers_of(user).select_related(
            "organisation", "contract_type", "function", "sector", "commune__departement", "created_by"
        ),
        pk=pk,
    )


@recruiter_required
def space(request):
    """Every offer of my organisations with its state, views and applications: one annotated query."""
    last_refusal = OfferStateChange.objects.filter(offer=OuterRef("pk"), to_status=OfferStatus.REFUSED).order_by(
        "-at", "-id"
    )
    offers = (
        offers_of(request.user)
        .select_related("organisation", "contract_type", "commune__departement")
        .annotate(applications_count=Count("applications", distinct=True))
        .annotate(refusal_reason=Subquery(last_refusal.values("reason")[:1]))
        .order_by("-created_at", "-id")
    )
    page_obj = Paginator(offers, OFFERS_PER_PAGE).get_page(request.GET.get("page"))
    organisations = list(member_organisations(request.user).order_by("name"))
    pending = OrganisationMembership.objects.filter(
        user=request.user, status=OrganisationMembership.Status.PENDING
    ).exists()
    return render(
        request,
        "emploi/recruiter/space.html",
        {
            "offers": page_obj.object_list,
            "page_obj": page_obj,
            "organisations": organisations,
            "pending_requests": pending,
        },
    )


def _form_response(request, form, offer=None):
    return render(
        request,
        "emploi/recruiter/offer_form.html",
        {"form": form, "offer": offer},
        status=400 if form.errors else 200,
    )


@recruiter_required
def create_offer(request):
    organisations = list(member_organisations(request.user))
    if not organisations:
        messages.info(request, _("Créez d’abord votre structure, ou demandez à rejoindre la vôtre."))
        return redirect("annuaire:organisations")
    initial = {}
    organisation_id = request.GET.get("structure")
    if organisation_id and organisation_id.isdigit():
        initial["organisation"] = int(organisation_id)
    form = JobOfferForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        organisations=organisations,
        initial=initial,
    )
    if request.method == "POST":
        if throttling.is_limited(FORM_SCOPE, throttling.requester(request)):
            form.add_error(None, _("Trop d’envois en peu de temps : réessayez dans une heure."))
        elif form.is_valid():
            try:
                offer = services.create_offer(request.user, form.offer_values())
            except ValidationError as error:
                _add_errors(form, error)
            except PermissionDenied as error:
                form.add_error("organisation", str(error))
            else:
                throttling.hit(FORM_SCOPE, throttling.requester(request))
                messages.success(
                    request, _("Votre brouillon est enregistré. Relisez-le puis soumettez-le à la validation.")
                )
                return redirect("emploi:offer_detail", pk=offer.pk)
    return _form_response(request, form)


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def public_url(offer: JobOffer, request) -> str | None:
    """The offer's public page when the public may see it (served by the job board page, if there is one)."""
    if not offer.is_visible:
        return None
    board = OffersIndexPage.objects.live().first()
    return board.offer_url(offer, request=request) if board is not None else None


@recruiter_required
def offer_detail(request, pk):
    """The offer as it will appear (server-side preview), its state and history, and what can be done."""
    offer = get_offer(request.user, pk)
    history = list(offer.state_changes.select_related("by").order_by("-at", "-id"))
    applications_count = offer.applications.count()
    return render(
        request,
        "emploi/recruiter/offer_detail.html",
        {
            "offer": offer,
            "history": history,
            "applications_count": applications_count,
            "public_url": public_url(offer, request) if offer.status in PUBLIC_STATES else None,
        },
    )


@recruiter_required
def edit_offer(request, pk):
    offer = get_offer(request.user, pk)
    if not offer.is_editable_by_recruiter:
        messages.error(request, _("Cette offre est clôturée ou retirée : dupliquez-la pour en publier une nouvelle."))
        return redirect("emploi:offer_detail", pk=offer.pk)
    form = JobOfferForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        organisations=list(member_organisations(request.user)),
        instance=offer,
        initial={"commune": offer.commune},  # already fetched with its département: no query to show it
    )
    if request.method == "POST":
        if throttling.is_limited(FORM_SCOPE, throttling.requester(request)):
            form.add_error(None, _("Trop d’envois en peu de temps : réessayez dans une heure."))
        elif form.is_valid():
            try:
                offer, sent_back = services.update_offer(offer, request.user, form.offer_values())
            except ValidationError as error:
                _add_errors(form, error)
            except PermissionDenied as error:
                form.add_error("organisation", str(error))
            else:
                throttling.hit(FORM_SCOPE, throttling.requester(request))
                if sent_back:
                    messages.warning(
                        request,
                        _(
                            "Vos modifications sont enregistrées. "
                            "L’offre repasse en validation avant d’être à nouveau publiée."
                        ),
                    )
                else:
                    messages.success(request, _("Vos modifications sont enregistrées."))
                return redirect("emploi:offer_detail", pk=offer.pk)
    return _form_response(request, form, offer)


@recruiter_required
@require_POST
def submit_offer(request, pk):
    offer = get_offer(request.user, pk)
    try:
        services.submit_offer(offer, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Votre offre est soumise : l’équipe de Solidaires la relit avant de la publier."))
    return redirect("emploi:offer_detail", pk=offer.pk)


@recruiter_required
@require_POST
def duplicate_offer(request, pk):
    offer = get_offer(request.user, pk)
    try:
        copy = services.duplicate_offer(offer, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("emploi:offer_detail", pk=offer.pk)
    messages.success(request, _("Copie créée en brouillon : vérifiez-la, notamment la date limite, puis soumettez-la."))
    return redirect("emploi:offer_edit", pk=copy.pk)


def _confirm_action(request, pk, *, action, template, allowed, done_message):
    offer = get_offer(request.user, pk)
    if offer.status not in allowed:
        raise Http404
    if request.method == "POST":
        try:
            action(offer, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done_message)
        return redirect("emploi:offer_detail", pk=offer.pk)
    return render(request, template, {"offer": offer})


@recruiter_required
def withdraw_offer(request, pk):
    return _confirm_action(
        request,
        pk,
        action=services.withdraw_offer,
        template="emploi/recruiter/offer_withdraw.html",
        allowed={OfferStatus.DRAFT, OfferStatus.SUBMITTED, OfferStatus.PUBLISHED, OfferStatus.REFUSED},
        done_message=_("L’offre est retirée : elle n’est plus visible sur le site."),
    )


@recruiter_required
def close_offer(request, pk):
    return _confirm_action(
        request,
        pk,
        action=lambda offer, user: services.close_offer(offer, by=user, reason=_("Clôturée par la structure")),
        template="emploi/recruiter/offer_close.html",
        allowed={OfferStatus.PUBLISHED},
        done_message=_("L’offre est clôturée : on ne peut plus y candidater."),
    )


def feedback(request, token):
    """The short form after closing, reached from the email by a signed link (no sign-in needed)."""
    offer, expired = feedback_link(token)
    if offer is None:  # a 404 that says why, in French
        context = {"expired": expired, "days": FEEDBACK_LINK_MAX_AGE.days}
        return render(request, "emploi/recruiter/feedback_invalid.html", context, status=404)
    answered = getattr(offer, "feedback", None) is not None and offer.feedback.answered_at is not None
    form = FeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        record_feedback(
            offer,
            was_filled=form.cleaned_data["was_filled"],
            filled_through_site=form.cleaned_data.get("filled_through_site") or False,
            comment=form.cleaned_data["comment"],
        )
        return render(request, "emploi/recruiter/feedback_thanks.html", {"offer": offer})
    return render(
        request,
        "emploi/recruiter/feedback_form.html",
        {"offer": offer, "form": form, "answered": answered},
        status=400 if form.errors else 200,
    )
