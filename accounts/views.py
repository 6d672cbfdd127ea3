"""The signed-in area: /espace/ shows each person what their roles allow."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import RolesForm
from .models import Role
from .services import espace_sections, set_self_service_roles


@login_required
def espace(request):
    user = request.user
    form = RolesForm(initial={"roles": [role.value for role in user.roles if role != Role.EDITOR]})
    return render(request, "accounts/espace.html", {"sections": espace_sections(user), "roles_form": form})


@login_required
@require_POST
def update_roles(request):
    form = RolesForm(request.POST)
    if form.is_valid():
        set_self_service_roles(request.user, form.cleaned_data["roles"])
        messages.success(request, _("Vos rôles ont été mis à jour."))
        return redirect("espace")
    return render(
        request,
        "accounts/espace.html",
        {"sections": espace_sections(request.user), "roles_form": form},
        status=400,
    )
