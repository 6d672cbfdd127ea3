"""Consultant profiles: saving one's own, and its verification through core's moderation pipeline."""

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from core.emails import send_email
from core.files import save_picture
from core.moderation import move

from .models import ConsultantProfile


@transaction.atomic
def save_profile(user, form, references) -> ConsultantProfile:
    """Save the owner's profile from a valid form and formset; a verified profile whose name or
    expertises changed goes back to the moderators."""
    profile = form.save(commit=False)
    profile.user = user
    changed_matters = profile.pk and {"name", "kind", "expertises"} & set(form.changed_data)
    image = form.cleaned_data.get("picture")
    if image:
        profile.photo = save_picture(image, title=profile.name, user=user)
    profile.save()
    form.save_m2m()
    references.instance = profile
    references.save()
    if changed_matters and profile.status == ConsultantProfile.Status.PUBLISHED:
        locked = ConsultantProfile.objects.select_for_update().get(pk=profile.pk)
        move(locked, "send_back", by=user)
    return profile


@transaction.atomic
def request_verification(profile: ConsultantProfile, *, by) -> ConsultantProfile:
    return move(ConsultantProfile.objects.select_for_update().get(pk=profile.pk), "submit", by=by)


@transaction.atomic
def decide_verification(profile: ConsultantProfile, *, by, granted: bool, reason: str = "") -> ConsultantProfile:
    """A moderator grants the verified mark (publish) or refuses it with a reason (history kept)."""
    locked = ConsultantProfile.objects.select_for_update().get(pk=profile.pk)
    move(locked, "publish" if granted else "refuse", by=by, reason=reason)
    context = {
        "granted": granted,
        "name": locked.name,
        "reason": reason,
        "space_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("conseil:profile_edit"),
    }
    send_email(
        to=[locked.user.email],
        subject=_("Vérification de votre fiche consultant·e") if granted else _("Votre fiche n’a pas été vérifiée"),
        text=render_to_string("conseil/emails/verification_decision.txt", context),
    )
    return locked


@transaction.atomic
def withdraw_verification(profile: ConsultantProfile, *, by, reason: str) -> ConsultantProfile:
    """A moderator withdraws the verified mark with a reason: through core's transitions the profile goes
    back to moderation and is refused with that reason (history kept; the owner may ask again), and the
    owner is emailed the reason."""
    locked = ConsultantProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    move(locked, "send_back", by=by, reason=_("Mention « vérifiée » retirée par l’équipe de modération."))
    move(locked, "refuse", by=by, reason=reason)
    context = {
        "name": locked.name,
        "reason": reason,
        "space_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("conseil:profile_edit"),
    }
    send_email(
        to=[locked.user.email],
        subject=_("Votre fiche n’est plus vérifiée"),
        text=render_to_string("conseil/emails/verification_withdrawn.txt", context),
    )
    return locked
