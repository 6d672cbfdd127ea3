"""/espace/mes-donnees/: download everything the site holds about me, or delete my account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import personal_data
from .forms import DeleteAccountForm


@login_required
def my_data(request):
    return render(request, "accounts/my_data.html", {"delete_form": DeleteAccountForm(request.user)})


@login_required
def export(request):
    archive = personal_data.export_zip(request.user)
    response = HttpResponse(archive, content_type="application/zip")
    filename = f"solidaires-mes-donnees-{timezone.localdate().isoformat()}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST)
    if not form.is_valid():
        return render(request, "accounts/my_data.html", {"delete_form": form}, status=400)
    user = request.user
    logout(request)
    personal_data.delete_account(user)
    messages.success(request, _("Votre compte est supprimé. Merci d’avoir utilisé Solidaires."))
    return redirect("/")
