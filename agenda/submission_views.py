"""Public pages to propose an event, confirm a proposal, and send the photos of a past event.

Thin: the rules live in `submission.py`, the checks of each field in `submission_forms.py`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from annuaire.services import member_organisations
from core import throttling

from . import submission as service
from .models import EventPage, agenda_index_for
from .submission_forms import EventPhotosForm, EventSubmissionForm


def _crumbs(request):
    index = agenda_index_for(request)
    if index is None:
        raise Http404
    return index, list(index.get_ancestors(inclusive=True).filter(depth__gte=2))


@require_http_methods(["GET", "POST"])
def propose(request):
    index, crumbs = _crumbs(request)
    user = request.user if request.user.is_authenticated else None
    organisations = list(member_organisations(user).order_by("name")) if user else []
    form_kwargs = {"user": user, "organisations": organisations}
    status = 200
    if request.method == "POST":
        form = EventSubmissionForm(request.POST, request.FILES, **form_kwargs)
        ip = throttling.client_ip(request)
        try:
            service.count_attempt(ip)
            if form.is_valid():
                submission = service.submit_event(form.cleaned_data, user=user, ip=ip, request=request)
                done = reverse("agenda:submission_done")
                if submission.status == submission.Status.AWAITING_CONFIRMATION:
                    done += "?confirmation=1"
                return redirect(done)
        except service.SubmissionRefused as refusal:
            form.add_error(None, refusal.message)
            status = refusal.status
        else:
            status = 400
    else:
        form = EventSubmissionForm(**form_kwargs)
    context = {
        "form": form,
        "index": index,
        "crumbs": crumbs,
        "signed_in": user is not None,
        "has_organisations": bool(organisations),
    }
    return render(request, "agenda/submission/propose.html", context, status=status)


def done(request):
    index, crumbs = _crumbs(request)
    context = {"index": index, "crumbs": crumbs, "needs_confirmation": request.GET.get("confirmation") == "1"}
    return render(request, "agenda/submission/done.html", context)


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """GET shows what is confirmed (mail scanners open links: only the button's POST acts)."""
    index, crumbs = _crumbs(request)
    context = {"index": index, "crumbs": crumbs, "token": token}
    try:
        submission = service.submission_for_token(token)
        context["submission"] = submission
        if request.method == "POST":
            service.confirm_submission(token, request=request)
            return redirect(reverse("agenda:submission_done"))
    except service.SubmissionRefused as refusal:
        context["error"] = refusal.message
        return render(request, "agenda/submission/confirm.html", context, status=400)
    return render(request, "agenda/submission/confirm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def photos(request, pk):
    """Members of the organiser send photos once the event is over; others get a 404."""
    event = get_object_or_404(EventPage.objects.live().select_related("organiser"), pk=pk)
    if not event.accepts_photos_from(request.user):
        raise Http404
    index, crumbs = _crumbs(request)
    status = 200
    if request.method == "POST":
        form = EventPhotosForm(request.POST, request.FILES)
        ip = throttling.client_ip(request)
        try:
            service.count_attempt(ip)
            if form.is_valid():
                service.submit_photos(
                    event,
                    user=request.user,
                    images=form.cleaned_data["photos"],
                    caption=form.cleaned_data["caption"] or form.cleaned_data["alt_text"],
                    alt_text=form.cleaned_data["alt_text"],
                    credit=form.cleaned_data["credit"],
                )
                messages.success(
                    request, _("Merci ! Vos photos sont transmises à la rédaction, qui les publiera après relecture.")
                )
                return redirect(event.get_url(request))
            status = 400
        except service.SubmissionRefused as refusal:
            form.add_error(None, refusal.message)
            status = refusal.status
    else:
        form = EventPhotosForm()
    context = {"form": form, "event": event, "index": index, "crumbs": crumbs + [event]}
    return render(request, "agenda/submission/photos.html", context, status=status)
