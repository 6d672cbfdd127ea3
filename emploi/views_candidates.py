"""The candidate's space (/espace/candidat/: profile, CV, bio settings, PDF) and the bios (/cv/<slug>/).
Every page works without JavaScript; a profile is only ever reached through the signed-in person (their
own) or through `candidates.may_view` (a bio): another person's private bio is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import pdf, throttling
from core.sharing import absolute_url

from . import applications, candidates
from .forms_candidates import BioSettingsForm, CandidateProfileForm, CVEntryForm
from .models import BioSlugRedirect, BioVisibility, CandidateProfile, CVEntry, CVSection

FORM_SCOPE = "emploi.candidate_form"
TOO_MANY = _("Trop d’envois en peu de temps\u00a0: réessayez dans une heure.")


def own_profile(request) -> CandidateProfile:
    """The signed-in person's profile (created, private, on the first visit of a candidate)."""
    user = request.user
    if not user.is_candidate:
        user.is_candidate = True
        user.save(update_fields=["is_candidate"])
    return candidates.ensure_profile(user)


def limited(request, form) -> bool:
    if throttling.is_limited(FORM_SCOPE, throttling.requester(request)):
        form.add_error(None, TOO_MANY)
        return True
    return False


@login_required
def space(request):
    profile = own_profile(request)
    profile = candidates.profile_for_display(pk=profile.pk)
    sections = candidates.cv_sections(profile)
    missing = []
    if not profile.headline:
        missing.append(_("un titre"))
    if not profile.bio:
        missing.append(_("une mini-bio"))
    if not sections:
        missing.append(_("votre parcours (expériences, formation…)"))
    context = {
        "profile": profile,
        "sections": sections,
        "missing": missing,
        "bio_url": reverse("bio", args=[profile.slug]),
        "is_public": profile.is_public,
    }
    return render(request, "emploi/candidate/space.html", context)


@login_required
def profile_edit(request):
    profile = own_profile(request)
    data = request.POST if request.method == "POST" else None
    form = CandidateProfileForm(data, request.FILES if data is not None else None, instance=profile)
    if data is not None:
        if not limited(request, form) and form.is_valid():
            candidates.save_profile(request.user, form)
            throttling.hit(FORM_SCOPE, throttling.requester(request))
            messages.success(request, _("Votre profil est enregistré."))
            return redirect("emploi_candidate:space")
    return render(
        request,
        "emploi/candidate/profile_form.html",
        {"form": form, "profile": profile},
        status=400 if data is not None else 200,
    )


@login_required
def bio_settings(request):
    profile = own_profile(request)
    data = request.POST if request.method == "POST" else None
    form = BioSettingsForm(profile, data)
    if data is not None and not limited(request, form) and form.is_valid():
        try:
            candidates.change_slug(profile, form.cleaned_data["slug"])
        except ValidationError as error:
            form.add_error("slug", error)
        else:
            profile.visibility = form.cleaned_data["visibility"]
            profile.save(update_fields=["visibility", "updated_at"])
            throttling.hit(FORM_SCOPE, throttling.requester(request))
            messages.success(request, _("Les réglages de votre bio sont enregistrés."))
            return redirect("emploi_candidate:space")
    return render(
        request,
        "emploi/candidate/bio_form.html",
        {"form": form, "profile": profile},
        status=400 if data is not None else 200,
    )


@login_required
def cv(request):
    profile = own_profile(request)
    entries: dict[str, list] = {}
    for entry in profile.cv_entries.order_by("position", "-start_date", "id"):
        entries.setdefault(entry.section, []).append(entry)
    labels = dict(CVSection.choices)
    order = profile.sections
    sections = [
        {
            "key": key,
            "label": labels[key],
            "entries": entries.get(key, []),
            "first": i == 0,
            "last": i == len(order) - 1,
        }
        for i, key in enumerate(order)
    ]
    return render(request, "emploi/candidate/cv.html", {"profile": profile, "sections": sections})


@login_required
@require_POST
def move_section(request):
    profile = own_profile(request)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    section = request.POST.get("section", "")
    if offset is not None and section in CVSection.values:
        candidates.move_section(profile, section, offset)
        messages.success(request, _("L’ordre des rubriques est enregistré."))
    anchor = f"#rubrique-{section}" if section in CVSection.values else ""
    return redirect(reverse("emploi_candidate:cv") + anchor)


def _entry_form_page(request, form, section, entry=None):
    label = dict(CVSection.choices)[section]
    return render(
        request,
        "emploi/candidate/entry_form.html",
        {"form": form, "section_label": label, "entry": entry},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def entry_add(request, section):
    if section not in CVSection.values:
        raise Http404
    profile = own_profile(request)
    data = request.POST if request.method == "POST" else None
    form = CVEntryForm(data, section=section)
    if data is not None and not limited(request, form) and form.is_valid():
        entry = form.save(commit=False)
        entry.profile = profile
        entry.section = section
        entry.position = candidates.next_position(profile, section)
        entry.save()
        throttling.hit(FORM_SCOPE, throttling.requester(request))
        messages.success(request, _("« %(title)s » est ajouté à votre CV.") % {"title": entry.title})
        return redirect(reverse("emploi_candidate:cv") + f"#rubrique-{section}")
    return _entry_form_page(request, form, section)


def own_entry(request, pk) -> CVEntry:
    return get_object_or_404(CVEntry, pk=pk, profile__user=request.user)


@login_required
def entry_edit(request, pk):
    entry = own_entry(request, pk)
    data = request.POST if request.method == "POST" else None
    form = CVEntryForm(data, instance=entry, section=entry.section)
    if data is not None and not limited(request, form) and form.is_valid():
        form.save()
        throttling.hit(FORM_SCOPE, throttling.requester(request))
        messages.success(request, _("« %(title)s » est enregistré.") % {"title": entry.title})
        return redirect(reverse("emploi_candidate:cv") + f"#rubrique-{entry.section}")
    return _entry_form_page(request, form, entry.section, entry)


@login_required
def entry_delete(request, pk):
    entry = own_entry(request, pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, _("« %(title)s » est retiré de votre CV.") % {"title": entry.title})
        return redirect(reverse("emploi_candidate:cv") + f"#rubrique-{entry.section}")
    return render(request, "emploi/candidate/entry_delete.html", {"entry": entry})


def pdf_download(request, profile):
    try:
        document = candidates.cv_pdf(profile)
    except pdf.PdfUnavailable as error:
        return render(request, "emploi/candidate/pdf_unavailable.html", {"message": error.message}, status=503)
    return pdf.pdf_response(document, candidates.cv_filename(profile))


@login_required
def own_pdf(request):
    profile = candidates.profile_for_display(pk=own_profile(request).pk)
    return pdf_download(request, profile)


# --- Public bios ------------------------------------------------------------------------------------


def visible_profile(request, slug) -> CandidateProfile:
    """The bio at `slug` if the visitor may see it; a redirect for an old address; else 404."""
    profile = candidates.profile_for_display(slug=slug)
    if profile is None:
        old = BioSlugRedirect.objects.select_related("profile").filter(slug=slug).first()
        if old is not None:
            raise MovedBio(old.profile.slug)
        raise Http404
    if not candidates.may_view(profile, request.user):
        raise Http404
    return profile


class MovedBio(Exception):
    def __init__(self, slug):
        self.slug = slug


def bio(request, slug):
    try:
        profile = visible_profile(request, slug)
    except MovedBio as moved:
        return redirect(reverse("bio", args=[moved.slug]), permanent=True)
    url = absolute_url(reverse("bio", args=[profile.slug]), request)
    context = {
        "profile": profile,
        "sections": candidates.cv_sections(profile),
        "indexable": profile.is_public,
        "is_owner": request.user.is_authenticated and request.user.pk == profile.user_id,
        "canonical_url": url,
        "json_ld": candidates.person_json_ld(profile, url, request) if profile.is_public else None,
        "BioVisibility": BioVisibility,
    }
    response = render(request, "emploi/candidate/bio.html", context)
    if not profile.is_public:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


def bio_pdf(request, slug):
    try:
        profile = visible_profile(request, slug)
    except MovedBio as moved:
        return redirect(reverse("bio_pdf", args=[moved.slug]), permanent=True)
    return pdf_download(request, profile)


# --- Applications ------------------------------------------------------------------------------------


@login_required
def application_list(request):
    return render(
        request, "emploi/candidate/applications.html", {"applications": applications.of_candidate(request.user)}
    )


def own_application(request, pk):
    return get_object_or_404(applications.of_candidate(request.user), pk=pk)


@login_required
def application_detail(request, pk):
    application = own_application(request, pk)
    context = {"application": application, "steps": applications.timeline(application)}
    return render(request, "emploi/candidate/application.html", context)


@login_required
def application_withdraw(request, pk):
    application = own_application(request, pk)
    if request.method == "POST":
        try:
            applications.withdraw(application, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request, _("Votre candidature est retirée\u00a0; la structure en est informée dans son espace.")
            )
        return redirect("emploi_candidate:application", pk=application.pk)
    return render(request, "emploi/candidate/application_withdraw.html", {"application": application})
