"""Candidates' profiles in the Wagtail admin: the « Profils candidat·es » snippet (moderators see each
bio, its visibility and whether it is hidden) and the page where a moderator hides a bio with a reason
sent to its owner, or shows it again."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from core.forms import ColumnLimitsMixin, PlainTextField

from . import candidates
from .models import CandidateProfile

HIDE_PERMISSION = "emploi.change_candidateprofile"


class CandidateProfileViewSet(SnippetViewSet):
    model = CandidateProfile
    icon = "user"
    menu_label = gettext_lazy("Profils candidat·es")
    list_display = ["__str__", "slug", "visibility", "hidden_at", "updated_at"]
    list_filter = ["visibility"]
    search_fields = ["slug", "headline"]
    search_backend_name = None
    ordering = ["-updated_at", "-id"]
    copy_view_enabled = False
    panels = [FieldPanel("headline"), FieldPanel("bio"), FieldPanel("visibility")]

    def get_queryset(self, request):
        return CandidateProfile.objects.select_related("user")


class HideBioForm(ColumnLimitsMixin, forms.Form):
    reason = PlainTextField(label=_("Motif du masquage (envoyé à la personne)"), max_length=2000, multiline=True)


def hide_bio(request, pk):
    """Hide a bio (POST with a reason) or show it again (POST action=show)."""
    if not request.user.has_perm(HIDE_PERMISSION):
        raise PermissionDenied
    profile = get_object_or_404(CandidateProfile.objects.select_related("user"), pk=pk)
    form = HideBioForm(request.POST if request.method == "POST" and request.POST.get("action") != "show" else None)
    if request.method == "POST":
        if request.POST.get("action") == "show":
            candidates.show_bio(profile)
            messages.success(request, _("La bio est de nouveau visible selon le choix de la personne."))
            return redirect(reverse("emploi_hide_bio", args=[profile.pk]))
        if form.is_valid():
            candidates.hide_bio(profile, by=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("La bio est masquée\u00a0; le motif est envoyé à la personne."))
            return redirect(reverse("emploi_hide_bio", args=[profile.pk]))
    context = {
        "profile": profile,
        "form": form,
        "page_title": _("Masquer la bio de %(name)s") % {"name": profile.display_name},
        "bio_url": reverse("bio", args=[profile.slug]),
    }
    return TemplateResponse(request, "emploi/admin/hide_bio.html", context)
