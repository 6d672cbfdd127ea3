"""What the directory page serves about missions (`ConsultantIndexPage` routes): /conseil/missions/ (the
missions still taking answers, filtered), a mission's page with its Demand JSON-LD, and the answer form
for consultants. Only `Mission.objects.visible()` / `.listed()` decide what the public sees."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from core import throttling

from . import filters, missions
from .forms import ProposalForm
from .models.missions import Mission, Proposal
from .models.profiles import ConsultantProfile, Expertise
from .structured_data import mission_json_ld

PROPOSAL_SCOPE = "conseil.proposal"


def listed_missions():
    return (
        Mission.objects.listed()
        .select_related("organisation", "region", "departement")
        .prefetch_related(expertises_prefetch())
        .order_by("answer_by", "-published_at", "-pk")
    )


def expertises_prefetch() -> Prefetch:
    return Prefetch("expertises", queryset=Expertise.objects.only("id", "slug", "label"))


def listing(page, request):
    form = filters.MissionFilterForm(request.GET)
    paginator = Paginator(form.apply(listed_missions()), filters.MISSIONS_PER_PAGE)
    page_obj = paginator.get_page(form.filters_data.get("page") or 1)
    page._profile_seo = {
        "title": _("Missions de conseil proposées par les structures de l’ESS"),
        "description": _(
            "Les missions que des associations, coopératives et entreprises de l’ESS confient à des consultant·es."
        ),
        "canonical": page.get_full_url(request) + "missions/",
    }
    context = {
        "filter_form": form,
        "filter_notices": form.notices,
        "query_string": form.query_string(),
        "page_obj": page_obj,
        "missions": list(page_obj.object_list),
        "total": paginator.count,
        "missions_path": page.url + "missions/",
        "listing_crumbs": [*page.breadcrumbs, page],
    }
    return page.render(request, context_overrides=context, template="conseil/missions/public_listing.html")


def get_visible_mission(slug: str, pk: int) -> Mission:
    mission = (
        Mission.objects.visible()
        .select_related("organisation", "region", "departement", "sector")
        .prefetch_related(expertises_prefetch())
        .filter(pk=pk)
        .first()
    )
    if mission is None:
        raise Http404
    return mission


def mission_context(page, request, mission) -> dict:
    base = page.url + "missions/"
    url = page.get_full_url(request) + f"missions/{mission.url_key}/"
    page._profile_seo = {"title": mission.title[:200], "description": mission.need[:160], "canonical": url}
    breadcrumb_json_ld = page.breadcrumb_json_ld(request)
    items = breadcrumb_json_ld["itemListElement"]
    items.append(
        {
            "@type": "ListItem",
            "position": len(items) + 1,
            "name": _("Missions"),
            "item": page.get_full_url(request) + "missions/",
        }
    )
    items.append({"@type": "ListItem", "position": len(items) + 1, "name": mission.title, "item": url})
    return {
        "mission": mission,
        "mission_crumbs": [*page.breadcrumbs, page],
        "missions_path": base,
        "mission_path": f"{base}{mission.url_key}/",
        "answer_path": f"{base}{mission.url_key}/repondre/",
        "breadcrumb_json_ld": breadcrumb_json_ld,
        "mission_json_ld": mission_json_ld(mission, url) if mission.takes_answers else None,
    }


def mission(page, request, slug, pk):
    found = get_visible_mission(slug, int(pk))
    if slug != found.slug:
        return redirect(page.url + f"missions/{found.url_key}/", permanent=True)
    context = mission_context(page, request, found)
    if request.user.is_authenticated:
        context["my_proposal"] = Proposal.objects.filter(mission=found, consultant__user=request.user).first()
    return page.render(request, context_overrides=context, template="conseil/missions/public_mission.html")


def answer(page, request, slug, pk):
    """A consultant answers: signed in, with a profile, before the deadline, once; a PDF is optional."""
    found = get_visible_mission(slug, int(pk))
    context = mission_context(page, request, found)
    if not request.user.is_authenticated:
        return redirect_to_login(context["answer_path"])
    profile = ConsultantProfile.objects.filter(user=request.user).first()
    refusal = missions.proposal_error(found, profile, request.user)
    form = ProposalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and refusal is None:
        who = throttling.requester(request)
        if throttling.is_limited(PROPOSAL_SCOPE, who):
            form.add_error(None, _("Trop d’envois en peu de temps : réessayez dans une heure."))
        elif form.is_valid():
            try:
                missions.send_proposal(
                    found,
                    profile,
                    user=request.user,
                    message=form.cleaned_data["message"],
                    attachment=form.cleaned_data.get("attachment"),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                throttling.hit(PROPOSAL_SCOPE, who)
                messages.success(
                    request,
                    _("Votre proposition est envoyée. La structure vous répondra par courriel ou par la messagerie."),
                )
                return redirect(context["mission_path"])
    context.update({"form": form, "refusal": refusal, "profile": profile})
    response = page.render(request, context_overrides=context, template="conseil/missions/answer.html")
    if request.method == "POST":
        response.status_code = 403 if refusal else 400
    return response
