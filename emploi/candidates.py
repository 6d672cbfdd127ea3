"""Candidates' rules (the services of `CandidateProfile` and its CV): the profile made at sign-up, the
bio's address (unique, reserved words refused, old addresses kept as redirects), who may see a bio,
the section order, moderators hiding a bio, the PDF CV, and the candidate's part of a data export and
of an account's deletion (applications anonymised)."""

import json
import os
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from annuaire.models import OrganisationMembership
from core import pdf
from core.emails import send_email
from core.files import save_picture
from core.images import rendition_or_none
from core.sharing import absolute_url

from .models import (
    BIO_SLUG_MAX_LENGTH,
    BioSlugRedirect,
    BioVisibility,
    CandidateProfile,
    CVEntry,
    CVSection,
    OfferApplication,
)

# Addresses a bio may not take: words of the site's own paths and words that would mislead.
RESERVED_SLUGS = frozenset(
    """
    admin administration api aide apropos a-propos cgu compte comptes connexion contact cv cvs
    emploi emplois espace inscription mentions-legales moderation moderateur nouveau nouvelle offre
    offres pdf recherche recruteur recruteurs robots sitemap solidaires static media support
    webmaster www modifier supprimer confidentialite
    """.split()
)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MIN_SLUG_LENGTH = 3

ANONYMOUS_NAME = "Candidature anonymisée"
ANONYMOUS_EMAIL = "anonyme@solidaires.invalid"


# --- The bio's address -----------------------------------------------------------------------------


def slug_error(slug: str, profile: CandidateProfile | None = None) -> str | None:
    """Why `slug` cannot be this profile's address (a French sentence), or None."""
    if not slug or len(slug) < MIN_SLUG_LENGTH or len(slug) > BIO_SLUG_MAX_LENGTH:
        return _("L’adresse compte de %(min)s à %(max)s caractères.") % {
            "min": MIN_SLUG_LENGTH,
            "max": BIO_SLUG_MAX_LENGTH,
        }
    if not SLUG_PATTERN.match(slug):
        return _(
            "L’adresse ne peut contenir que des lettres minuscules sans accent, des chiffres et des tirets "
            "(pas au début ni à la fin)."
        )
    if slug in RESERVED_SLUGS:
        return _("Cette adresse est réservée par le site\u00a0: choisissez-en une autre.")
    others = CandidateProfile.objects.filter(slug=slug)
    redirects = BioSlugRedirect.objects.filter(slug=slug)
    if profile is not None and profile.pk:
        others = others.exclude(pk=profile.pk)
        redirects = redirects.exclude(profile=profile)
    if others.exists() or redirects.exists():
        return _("Cette adresse est déjà prise\u00a0: choisissez-en une autre.")
    return None


def free_slug(name: str) -> str:
    """A free, valid address made from a name (« camille-martin », then « camille-martin-2 »…)."""
    base = slugify(name)[: BIO_SLUG_MAX_LENGTH - 6].strip("-")
    if len(base) < MIN_SLUG_LENGTH or base in RESERVED_SLUGS:
        base = f"candidat-{base}".strip("-") if base else "candidat"
    slug, number = base, 1
    while slug_error(slug) is not None:
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def change_slug(profile: CandidateProfile, slug: str) -> CandidateProfile:
    """Give the bio a new address; the old one keeps answering with a permanent redirect."""
    if slug == profile.slug:
        return profile
    error = slug_error(slug, profile)
    if error:
        raise ValidationError(error, code="slug")
    BioSlugRedirect.objects.filter(profile=profile, slug=slug).delete()  # taking back an old address
    BioSlugRedirect.objects.create(profile=profile, slug=profile.slug)
    profile.slug = slug
    profile.save(update_fields=["slug", "updated_at"])
    return profile


# --- The profile ------------------------------------------------------------------------------------


def ensure_profile(user, **initial) -> CandidateProfile:
    """The person's profile, created (private) from what they gave when missing."""
    profile = CandidateProfile.objects.filter(user=user).first()
    if profile is not None:
        return profile
    functions = initial.pop("functions", ())
    contract_types = initial.pop("contract_types", ())
    profile = CandidateProfile.objects.create(user=user, slug=free_slug(user.get_full_name() or "candidat"), **initial)
    if functions:
        profile.functions.set(functions)
    if contract_types:
        profile.contract_types.set(contract_types)
    return profile


@transaction.atomic
def save_profile(user, form) -> CandidateProfile:
    profile = form.save(commit=False)
    image = form.cleaned_data.get("picture")
    if image:
        profile.photo = save_picture(image, title=user.get_full_name() or "Photo", user=user)
    elif form.cleaned_data.get("remove_photo"):
        profile.photo = None
    profile.save()
    form.save_m2m()
    return profile


def move_section(profile: CandidateProfile, section: str, offset: int) -> None:
    """Move a section of the CV one place up (-1) or down (+1)."""
    order = profile.sections
    if section not in order:
        return
    index = order.index(section)
    target = index + offset
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
        profile.section_order = ",".join(order)
        profile.save(update_fields=["section_order", "updated_at"])


def next_position(profile: CandidateProfile, section: str) -> int:
    last = profile.cv_entries.filter(section=section).order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else min(last + 1, 32000)


# --- Who sees what ----------------------------------------------------------------------------------


def is_verified_recruiter(user) -> bool:
    """A recruiter whose membership of a verified organisation is approved (not only the self-declared
    flag); losing the membership removes the access at once (read on every request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.is_recruiter:
        return False
    return OrganisationMembership.objects.filter(
        user=user, status=OrganisationMembership.Status.APPROVED, organisation__is_verified=True
    ).exists()


def may_view(profile: CandidateProfile, user) -> bool:
    """THE rule for a bio (page and PDF): its owner always; a hidden bio or a closed account nobody else;
    then its visibility (public: anyone; recruiters: verified recruiters; private: nobody)."""
    if getattr(user, "is_authenticated", False) and user.pk == profile.user_id:
        return True
    if profile.is_hidden or not profile.user.is_active:
        return False
    if profile.visibility == BioVisibility.PUBLIC:
        return True
    if profile.visibility == BioVisibility.RECRUITERS:
        return is_verified_recruiter(user)
    return False


def profile_for_display(**lookup) -> CandidateProfile | None:
    """A profile with everything its bio and CV show, in a fixed number of queries."""
    return (
        CandidateProfile.objects.select_related("user", "commune__departement", "photo")
        .prefetch_related(
            "functions",
            "sectors",
            "contract_types",
            "departements",
            Prefetch("cv_entries", queryset=CVEntry.objects.order_by("position", "-start_date", "id")),
        )
        .filter(**lookup)
        .first()
    )


def cv_sections(profile: CandidateProfile) -> list[dict]:
    """The CV's non-empty sections, in the candidate's order: [{key, label, entries}]."""
    entries: dict[str, list] = {}
    for entry in profile.cv_entries.all():
        entries.setdefault(entry.section, []).append(entry)
    labels = dict(CVSection.choices)
    return [{"key": key, "label": labels[key], "entries": entries[key]} for key in profile.sections if entries.get(key)]


# --- Moderation ---------------------------------------------------------------------------------------


@transaction.atomic
def hide_bio(profile: CandidateProfile, *, by, reason: str) -> CandidateProfile:
    """A moderator hides an abusive bio; the reason is emailed to its owner."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez le motif du masquage\u00a0: il est envoyé à la personne."))
    profile.hidden_at = timezone.now()
    profile.hidden_by = by
    profile.hidden_reason = reason
    profile.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    context = {
        "name": profile.user.display_name,
        "reason": reason,
        "space_url": absolute(reverse("emploi_candidate:space")),
    }
    send_email(
        to=[profile.user.email],
        subject=_("Votre bio a été masquée par l’équipe de modération"),
        text=render_to_string("emploi/emails/bio_hidden.txt", context),
    )
    return profile


def show_bio(profile: CandidateProfile) -> CandidateProfile:
    profile.hidden_at = None
    profile.hidden_by = None
    profile.hidden_reason = ""
    profile.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
    return profile


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


# --- PDF ------------------------------------------------------------------------------------------------


def cv_pdf(profile: CandidateProfile) -> bytes:
    """The CV as PDF, in the chosen section order (core.pdf: cached by content, so an unchanged CV is
    not rebuilt). Raises `core.pdf.PdfUnavailable` when WeasyPrint cannot run here."""
    return pdf.render_pdf("emploi/candidate/cv_pdf.html", {"profile": profile, "sections": cv_sections(profile)})


def cv_filename(profile: CandidateProfile) -> str:
    return f"cv-{profile.slug}.pdf"


# --- Personal data: export and deletion -------------------------------------------------------------


def personal_data(user) -> dict[str, bytes]:
    """The candidate's files of a data export (`accounts.personal_data`): the profile, its CV and the
    applications sent, as JSON, and the PDF CV when it can be built."""
    profile = profile_for_display(user=user)
    files: dict[str, bytes] = {}
    applications = [
        {
            "offre": application.offer.title,
            "structure": application.offer.organisation.name,
            "envoyee_le": application.created_at.isoformat(),
            "etat": application.status,
            "etapes": [
                {"etat": change.to_status, "le": change.at.isoformat(), "message": change.reason}
                for change in application.state_changes.all()
            ],
            "nom": application.name,
            "adresse": application.email,
            "message": application.message,
        }
        for application in OfferApplication.objects.filter(applicant=user)
        .select_related("offer__organisation")
        .prefetch_related("state_changes")
    ]
    data: dict = {"candidatures": applications}
    if profile is not None:
        data["profil"] = {
            "adresse_de_la_bio": profile.slug,
            "anciennes_adresses": list(profile.old_slugs.values_list("slug", flat=True)),
            "visibilite": profile.visibility,
            "titre": profile.headline,
            "mini_bio": profile.bio,
            "metiers": [function.label for function in profile.functions.all()],
            "secteurs": [sector.label for sector in profile.sectors.all()],
            "commune": profile.commune.label if profile.commune_id else None,
            "rayon_de_mobilite_km": profile.mobility_km,
            "departements": [departement.name for departement in profile.departements.all()],
            "teletravail_complet": profile.remote_ok,
            "contrats": [contract.label for contract in profile.contract_types.all()],
            "disponible_le": profile.available_from.isoformat() if profile.available_from else None,
            "salaire_souhaite": profile.salary_wish,
            "ordre_des_rubriques": profile.sections,
            "masquee_le": profile.hidden_at.isoformat() if profile.hidden_at else None,
            "motif_du_masquage": profile.hidden_reason,
            "cv": [
                {
                    "rubrique": entry.section,
                    "intitule": entry.title,
                    "structure": entry.organisation,
                    "lieu": entry.place,
                    "niveau": entry.level,
                    "debut": entry.start_date.isoformat() if entry.start_date else None,
                    "fin": entry.end_date.isoformat() if entry.end_date else None,
                    "description": entry.description,
                }
                for entry in profile.cv_entries.all()
            ],
        }
        try:
            files["cv.pdf"] = cv_pdf(profile)
        except pdf.PdfUnavailable:
            pass
        if profile.photo_id:
            try:
                extension = os.path.splitext(profile.photo.file.name)[1].lower()
                with profile.photo.file.open("rb") as handle:
                    files[f"photo{extension}"] = handle.read()
            except OSError:
                pass
    files["emploi.json"] = json.dumps(data, ensure_ascii=False, indent=2).encode()
    return files


def forget_candidate(user) -> None:
    """Before an account is deleted: its applications stay with the recruiters, anonymised (no name,
    address nor message), and its photo goes."""
    OfferApplication.objects.filter(applicant=user).update(
        applicant=None, name=ANONYMOUS_NAME, email=ANONYMOUS_EMAIL, message=""
    )
    profile = CandidateProfile.objects.filter(user=user).select_related("photo").first()
    if profile is not None and profile.photo_id:
        photo = profile.photo
        profile.photo = None
        profile.save(update_fields=["photo"])
        photo.delete()


VISIBILITY_HELP = gettext_lazy(
    "Publique\u00a0: votre bio apparaît dans les moteurs de recherche. Réservée\u00a0: seules les "
    "structures vérifiées la voient. Privée\u00a0: vous seul·e."
)


def person_json_ld(profile: CandidateProfile, url: str, request=None) -> dict:
    """schema.org Person of a public bio (rendered by `site_tags.json_ld`, which escapes it); no contact
    detail, only what the bio shows."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": url,
        "url": url,
        "name": profile.user.get_full_name() or profile.display_name,
    }
    if profile.user.first_name:
        data["givenName"] = profile.user.first_name
    if profile.user.last_name:
        data["familyName"] = profile.user.last_name
    if profile.headline:
        data["jobTitle"] = profile.headline
    if profile.bio:
        data["description"] = profile.bio
    if profile.commune_id:
        data["address"] = {"@type": "PostalAddress", "addressLocality": profile.commune.name, "addressCountry": "FR"}
    skills = [entry.title for entry in profile.cv_entries.all() if entry.section == CVSection.SKILL]
    if skills:
        data["knowsAbout"] = skills
    languages = [entry.title for entry in profile.cv_entries.all() if entry.section == CVSection.LANGUAGE]
    if languages:
        data["knowsLanguage"] = languages
    schools = [
        entry.organisation
        for entry in profile.cv_entries.all()
        if entry.section == CVSection.EDUCATION and entry.organisation
    ]
    if schools:
        data["alumniOf"] = [{"@type": "EducationalOrganization", "name": name} for name in dict.fromkeys(schools)]
    rendition = rendition_or_none(profile.photo, "fill-320x320") if profile.photo_id else None
    if rendition is not None:
        data["image"] = absolute_url(rendition.url, request)
    return data
