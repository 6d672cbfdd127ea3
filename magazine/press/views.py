"""The public press-release form and its confirmation link. Thin: the rules live in `services`."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core import throttling
from core.models import InvalidConfirmation
from magazine.models import PressReleaseSubmission

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
        # Only accepted releases count: a sender correcting mistakes never uses up the quota.
        scopes = services.rate_scopes(data["contact_email"], throttling.client_ip(request))
        if any(throttling.is_limited(scope, value) for scope, value in scopes.items()):
            status = 429
            form.add_error(
                None,
                _(
                    "Vous avez envoyé plusieurs communiqués en peu de temps\u00a0: réessayez dans une heure. "
                    "Rien n’a été enregistré."
                ),
            )
        elif services.find_duplicate(data["contact_email"], data["title"], data["text"]) is not None:
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
                email=data["contact_email"],
                organisation_name=data["organisation_name"],
                title=data["title"],
                text=data["text"],
                attachments=data["attachments"],
                request=request,
            )
            throttling.hit_all(scopes)
            return redirect("magazine:press_release_sent")
    return render(request, FORM_TEMPLATE, {"form": form}, status=status)


def press_release_sent(request):
    return render(request, "magazine/press/sent.html", {"hours": PressReleaseSubmission.confirmation_hours()})


def invalid_link(request, error: InvalidConfirmation):
    context = {"expired": error.expired, "hours": PressReleaseSubmission.confirmation_hours()}
    return render(request, "magazine/press/confirm_invalid.html", context, status=400)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_press_release(request, token):
    """GET shows a button (link checkers that open links must not confirm); POST confirms."""
    try:
        submission = PressReleaseSubmission.from_token(token)
    except InvalidConfirmation as error:
        return invalid_link(request, error)
    pending = submission.status == PressReleaseSubmission.Status.AWAITING_CONFIRMATION
    if request.method == "POST" and pending:
        try:
            submission = services.confirm_press_release(token)
        except InvalidConfirmation as error:
            return invalid_link(request, error)
        except services.NoRubrique:
            # Nothing is lost: the release stays pending and the same link works once a rubrique exists.
            context = {"submission": submission, "unavailable": True}
            return render(request, "magazine/press/confirm.html", context, status=503)
        return render(request, "magazine/press/confirmed.html", {"submission": submission, "just_confirmed": True})
    if not pending:
        return render(request, "magazine/press/confirmed.html", {"submission": submission, "just_confirmed": False})
    return render(request, "magazine/press/confirm.html", {"submission": submission})
