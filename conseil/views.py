"""/espace/consultant/: a consultant creates and edits their own profile (and nobody else's)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core import throttling

from . import missions, services
from .forms import ConsultantProfileForm, ReferenceFormSet
from .models import ConsultantProfile

FORM_SCOPE = "conseil.profile_form"


def own_profile(user) -> ConsultantProfile | None:
    return ConsultantProfile.objects.filter(user=user).first()


@login_required
def profile_edit(request):
    profile = own_profile(request.user)
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ConsultantProfileForm(data, files, instance=profile)
    references = ReferenceFormSet(data, instance=profile or ConsultantProfile(), prefix="references")
    if request.method == "POST":
        if throttling.is_limited(FORM_SCOPE, throttling.requester(request)):
            form.add_error(None, _("Trop d’envois en peu de temps : réessayez dans une heure."))
        elif form.is_valid() and references.is_valid():
            services.save_profile(request.user, form, references)
            throttling.hit(FORM_SCOPE, throttling.requester(request))
            if not request.user.is_consultant:
                request.user.is_consultant = True
                request.user.save(update_fields=["is_consultant"])
            messages.success(request, _("Votre fiche est enregistrée."))
            return redirect("conseil:profile_edit")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "conseil/profile_form.html",
        {"form": form, "references": references, "profile": profile},
        status=status,
    )


@login_required
@require_POST
def ask_verification(request):
    profile = own_profile(request.user)
    if profile is None:
        return redirect("conseil:profile_edit")
    try:
        services.request_verification(profile, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Votre demande de vérification est transmise à l’équipe de modération."))
    return redirect("conseil:profile_edit")


@csrf_exempt  # the signed token is the credential; mail clients' one-click POST (RFC 8058) carries no cookie
def mission_alerts_off(request, token):
    """Stop the missions' emails from the link in one of them (GET confirms, POST does it)."""
    profile = missions.profile_from_unsubscribe_token(token)
    if profile is None:
        return render(request, "conseil/missions/alerts_off.html", {"invalid": True}, status=404)
    if request.method == "POST":
        if profile.mission_alerts:
            profile.mission_alerts = False
            profile.save(update_fields=["mission_alerts", "updated_at"])
        return render(request, "conseil/missions/alerts_off.html", {"done": True})
    return render(request, "conseil/missions/alerts_off.html", {"profile": profile})
