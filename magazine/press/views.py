"""The public press-release form and its confirmation link. Thin: the rules live in `services`."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from home.throttling import client_ip

from . import services
from .forms import PressReleaseForm

FORM_TEMPLATE = "magazine/press/submit.html"


@never_cache
@require_http_methods(["GET", "POST"])
def submit_press_release(request):
    if request.method != "POST":
        return render(request, FORM_TEMPLATE, {"form": PressReleaseForm()})
    form = PressReleaseForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        ip = client_ip(request)
        duplicate = services.find_duplicate(data["contact_email"], data["title"], data["text"])
        if services.is_rate_limited(data["contact_email"], ip):
            status = 429
            form.add_error(
                None,
                _(
                    "Vous avez envoyé plusieurs communiqués en peu de temps\u00a0: réessayez dans une heure. "
                    "Rien n’a été enregistré."
                ),
            )
        elif duplicate is not None:
            form.add_error(
                None,
                _(
                    "Vous nous avez déjà envoyé ce communiqué récemment\u00a0: il n’a pas été enregistré une "
                    "seconde fois. Pensez à confirmer l’envoi grâce au lien reçu par courriel."
                ),
            )
        else:
            services.submit_press_release(
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                organisation_name=data["organisation_name"],
                title=data["title"],
                text=data["text"],
                attachments=data["attachments"],
                confirmation_url=lambda token: request.build_absolute_uri(
                    reverse("magazine:press_release_confirm", args=[token])
                ),
                ip=ip,
            )
            return redirect("magazine:press_release_sent")
    return render(request, FORM_TEMPLATE, {"form": form}, status=status)


def press_release_sent(request):
    return render(request, "magazine/press/sent.html", {"hours": services.confirmation_hours()})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_press_release(request, token):
    """GET shows a button (link checkers that open links must not confirm); POST confirms."""
    try:
        submission = services.submission_from_token(token)
    except services.InvalidConfirmation as error:
        return render(
            request,
            "magazine/press/confirm_invalid.html",
            {"expired": error.expired, "hours": services.confirmation_hours()},
            status=400,
        )
    pending = submission.status == submission.Status.PENDING_CONFIRMATION
    if request.method == "POST" and pending:
        try:
            submission = services.confirm_submission(submission.pk)
        except services.NoRubrique:
            # Nothing is lost: the release stays pending and the same link works once a rubrique exists.
            context = {"submission": submission, "unavailable": True}
            return render(request, "magazine/press/confirm.html", context, status=503)
        return render(request, "magazine/press/confirmed.html", {"submission": submission, "just_confirmed": True})
    if not pending:
        return render(request, "magazine/press/confirmed.html", {"submission": submission, "just_confirmed": False})
    return render(request, "magazine/press/confirm.html", {"submission": submission})
