"""The recruiters' side of applications (/espace/recruteur/): the applications to an offer, filtered by
state, and one application with its history and the form that moves it (`emploi.applications.decide`).

Every view looks the application or offer up through `applications.for_recruiter`: approved members of
the offer's verified organisation only; anything else is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from annuaire.views import recruiter_required

from . import applications
from .forms import ApplicationDecisionForm
from .models import ApplicationStatus, JobOffer

APPLICATIONS_PER_PAGE = 50


def _offer(user, pk) -> JobOffer:
    return get_object_or_404(applications.offers_for_recruiter(user).select_related("organisation"), pk=pk)


@recruiter_required
def offer_applications(request, pk):
    """The offer's applications, newest first, optionally of one state (`?etat=`), with a count per state."""
    offer = _offer(request.user, pk)
    status = request.GET.get("etat", "")
    if status and status not in ApplicationStatus.values:
        status = ""
    rows = offer.applications.order_by("-created_at", "-id")
    counts = {row["status"]: row["n"] for row in offer.applications.order_by().values("status").annotate(n=Count("id"))}
    if status:
        rows = rows.filter(status=status)
    page_obj = Paginator(rows, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    filters = [
        {"value": s.value, "label": s.label.capitalize(), "count": counts.get(s.value, 0)} for s in ApplicationStatus
    ]
    return render(
        request,
        "emploi/recruiter/applications.html",
        {
            "offer": offer,
            "applications": page_obj.object_list,
            "page_obj": page_obj,
            "filters": filters,
            "status": status,
            "total": sum(counts.values()),
            "query_string": f"etat={status}" if status else "",
        },
    )


def _application(user, pk):
    return get_object_or_404(applications.for_recruiter(user).select_related("offer__organisation"), pk=pk)


@recruiter_required
def application_detail(request, pk):
    """One application: the message, the history, and the form that moves it."""
    application = _application(request.user, pk)
    targets = applications.recruiter_targets(application)
    form = ApplicationDecisionForm(request.POST if request.method == "POST" else None, targets=targets)
    if request.method == "POST":
        if not targets:
            raise Http404
        if form.is_valid():
            try:
                applications.decide(
                    application, form.cleaned_data["status"], by=request.user, reason=form.cleaned_data["reason"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("La candidature est passée à l’état choisi ; la personne le voit dans son suivi.")
                )
                return redirect("emploi:application", pk=application.pk)
    context = {
        "application": application,
        "offer": application.offer,
        "steps": applications.timeline(application),
        "form": form if targets else None,
        "refusal_template": applications.refusal_template(application),
    }
    return render(request, "emploi/recruiter/application.html", context, status=400 if form.errors else 200)
