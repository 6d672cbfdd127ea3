"""What the directory's routes show (`ConsultantIndexPage`): the filtered listing, a profile with its
JSON-LD, and the contact form that starts a conversation in the site's messaging (no address shown)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts import messaging
from accounts.message_forms import MessageForm
from accounts.views_messages import send_message_or_error
from core.images import prefetch_renditions

from . import filters
from .models.profiles import ConsultantProfile, Expertise
from .structured_data import profile_json_ld

CARD_RENDITION = "fill-160x160"
PROFILE_RENDITION = "fill-320x320"


def listed_profiles():
    """Public profiles, verified ones first, with what a card shows."""
    return (
        ConsultantProfile.objects.visible()
        .select_related("photo")
        .prefetch_related(Prefetch("expertises", queryset=Expertise.objects.only("id", "slug", "label")))
        .annotate(
            verified_first=Case(
                When(status=ConsultantProfile.Status.PUBLISHED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("verified_first", "name", "pk")
    )


def listing(page, request):
    form = filters.ConsultantFilterForm(request.GET)
    paginator = Paginator(form.apply(listed_profiles()), filters.PER_PAGE)
    page_obj = paginator.get_page(form.filters_data.get("page") or 1)
    profiles = list(page_obj.object_list)
    prefetch_renditions([profile.photo for profile in profiles], [CARD_RENDITION])
    context = {
        "filter_form": form,
        "filter_notices": form.notices,
        "options": filters.filter_options(),
        "selected": form.filters_data,
        "query_string": form.query_string(),
        "page_obj": page_obj,
        "profiles": profiles,
        "total": paginator.count,
        "card_rendition": CARD_RENDITION,
    }
    return page.render(request, context_overrides=context, template="conseil/public/index_page.html")


def get_visible_profile(slug: str) -> ConsultantProfile:
    """The public profile at `slug`, its sectors and territories as labels (ids gathered in the same
    query, labels from the cached options: three joins fewer per page)."""
    profile = (
        ConsultantProfile.objects.visible()
        .select_related("photo")
        .prefetch_related("expertises", "references")
        .annotate(
            sector_ids=ArrayAgg("sectors__id", distinct=True, default=Value([])),
            region_ids=ArrayAgg("regions__id", distinct=True, default=Value([])),
            departement_ids=ArrayAgg("departements__id", distinct=True, default=Value([])),
        )
        .filter(slug=slug)
        .first()
    )
    if profile is None:
        raise Http404
    labels = filters.filter_options()["labels"]
    profile.sector_labels = sorted(labels["sector"][pk] for pk in profile.sector_ids if pk in labels["sector"])
    profile.region_labels = sorted(labels["region"][pk] for pk in profile.region_ids if pk in labels["region"])
    profile.departement_labels = sorted(
        labels["departement"][pk] for pk in profile.departement_ids if pk in labels["departement"]
    )
    return profile


def profile_context(page, request, profile) -> dict:
    url = page.get_full_url(request) + page.reverse_subpage("profile", kwargs={"slug": profile.slug})
    page._profile_seo = {
        "title": f"{profile.name} – {profile.headline}"[:200],
        "description": profile.headline,
        "canonical": url,
    }
    prefetch_renditions([profile.photo], [PROFILE_RENDITION])
    breadcrumb_json_ld = page.breadcrumb_json_ld(request)
    items = breadcrumb_json_ld["itemListElement"]
    items.append({"@type": "ListItem", "position": len(items) + 1, "name": profile.name, "item": url})
    return {
        "profile": profile,
        "profile_crumbs": [*page.breadcrumbs, page],
        "breadcrumb_json_ld": breadcrumb_json_ld,
        "profile_json_ld": profile_json_ld(profile, url, request),
        "contact_path": page.profile_path(profile) + "contacter/",
        "profile_rendition": PROFILE_RENDITION,
    }


def profile(page, request, slug):
    profile = get_visible_profile(slug)
    context = profile_context(page, request, profile)
    return page.render(request, context_overrides=context, template="conseil/public/profile_page.html")


def contact(page, request, slug):
    """Write to a consultant: signed-in people only (others sign in and come back), never oneself."""
    profile = get_visible_profile(slug)
    contact_path = page.profile_path(profile) + "contacter/"
    if not request.user.is_authenticated:
        return redirect_to_login(contact_path)
    if request.user.pk == profile.user_id:
        messages.info(request, _("C’est votre propre fiche : vous ne pouvez pas vous écrire."))
        return redirect(page.profile_path(profile))
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        subject = _("Contact depuis l’annuaire : %(name)s") % {"name": profile.name}

        def send(body):
            return messaging.start_thread(request.user, profile.user, body, subject=subject, about=profile)

        if send_message_or_error(request, form, send):
            messages.success(request, _("Votre message est envoyé. La réponse arrivera dans vos messages."))
            return redirect("messages_list")
    context = {**profile_context(page, request, profile), "form": form, "contact_path": contact_path}
    response = page.render(request, context_overrides=context, template="conseil/public/contact_page.html")
    if form.errors:
        response.status_code = 400
    return response
