"""The consultants in the site search (`core.searchables`): public profiles, verified ones first."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from core.models import ModerationStatus
from core.pages import public_pages
from core.searchables import SearchKind, register_search_kind
from reference.forms import DepartementFilterForm

from .models import ConsultantIndexPage, ConsultantProfile


def profile_url(profile, request) -> str:
    """The profile's page in the consultants' directory, looked up once per request; none without one."""
    page = getattr(request, "_conseil_directory_page", None)
    if page is None:
        page = public_pages(ConsultantIndexPage.objects.live(), request).first()
        if request is not None and page is not None:
            request._conseil_directory_page = page
    return page.profile_path(profile) if page is not None else ""


def verified_first():
    return Case(When(status=ModerationStatus.PUBLISHED, then=Value(1)), default=Value(0), output_field=IntegerField())


def profile_meta(profile) -> str:
    parts = [str(profile.get_kind_display())]
    if profile.status == ModerationStatus.PUBLISHED:
        parts.append(str(_("profil vérifié")))
    return " · ".join(parts)


def filter_profiles(queryset, form):
    code = form.filters_data.get("departement")
    if not code:
        return queryset
    serving = ConsultantProfile.objects.filter(Q(departements__code=code) | Q(national=True)).values("pk")
    return queryset.filter(pk__in=serving)


def register():
    register_search_kind(
        SearchKind(
            key="consultants",
            label=_("Consultant·es"),
            order=50,
            queryset=lambda: ConsultantProfile.objects.visible(),
            title=lambda profile: profile.name,
            text=lambda profile: f"{profile.headline}. {profile.bio}",
            url=profile_url,
            date_field="updated_at",
            meta=profile_meta,
            priority=verified_first,
            filter_form=DepartementFilterForm,
            apply_filters=filter_profiles,
            title_field="name",
        )
    )
