"""Consultant profiles and expertises in the Wagtail admin: the « Conseil » menu, the verification
queue (in core's « À modérer » panel) and the page where moderators grant or refuse the verified mark."""

import django_filters
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.admin_moderation import ModeratedSnippetViewSetMixin, ModerationDecisionView
from core.models import ModerationStatus
from reference.viewsets import VocabularyViewSet

from . import missions, services
from .forms import VerificationRefusalForm, VerificationWithdrawalForm
from .models import ConsultantProfile, Expertise, Mission


class ConsultantProfileFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Vérification"), choices=ModerationStatus.choices)

    class Meta:
        model = ConsultantProfile
        fields = ["status", "visibility", "kind"]


class VerifyProfileView(ModerationDecisionView):
    template_name = "conseil/admin/verify.html"
    header_icon = "user"
    refusal_form_class = VerificationRefusalForm
    context_object_name = "profile"

    def get_object(self, pk):
        return get_object_or_404(ConsultantProfile.objects.select_related("user"), pk=pk)

    def get_page_title(self):
        return _("Vérifier « %(name)s »") % {"name": self.object.name}

    def publish(self) -> str:
        services.decide_verification(self.object, by=self.request.user, granted=True)
        return _("Fiche « %(name)s » vérifiée.") % {"name": self.object.name}

    def refuse(self, reason: str) -> str:
        services.decide_verification(self.object, by=self.request.user, granted=False, reason=reason)
        return _("Vérification refusée ; le motif est envoyé.")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_withdraw"] = self.object.status == ModerationStatus.PUBLISHED
        context["withdrawal_form"] = kwargs.get("withdrawal_form") or VerificationWithdrawalForm()
        return context

    def post(self, request, *args, **kwargs):
        """Besides core's two decisions: withdraw the verified mark of a verified profile, with a reason."""
        if request.POST.get("action") != "withdraw":
            return super().post(request, *args, **kwargs)
        if self.object.status != ModerationStatus.PUBLISHED:
            messages.error(request, _("Cette fiche n’est pas vérifiée : il n’y a pas de mention à retirer."))
            return redirect(request.path)
        form = VerificationWithdrawalForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(withdrawal_form=form), status=400)
        services.withdraw_verification(self.object, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Mention « vérifiée » retirée ; le motif est envoyé."))
        return redirect(request.path)


class ConsultantProfileViewSet(ModeratedSnippetViewSetMixin, SnippetViewSet):
    decision_view_class = VerifyProfileView
    decision_path = "verify"
    model = ConsultantProfile
    icon = "user"
    menu_label = gettext_lazy("Consultant·es")
    list_display = ["name", "kind", "status", "visibility", "updated_at"]
    filterset_class = ConsultantProfileFilterSet
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["-updated_at", "-id"]
    copy_view_enabled = False
    inspect_view_enabled = False


class MissionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("État"), choices=ModerationStatus.choices)

    class Meta:
        model = Mission
        fields = ["status", "remote"]


class ModerateMissionView(ModerationDecisionView):
    """Core's decision page for a submitted mission: publish it (matching consultants are told in the next
    batch) or refuse it with a reason emailed to the organisation."""

    template_name = "conseil/admin/moderate_mission.html"
    header_icon = "clipboard-list"
    refusal_form_class = VerificationRefusalForm
    context_object_name = "mission"

    def get_object(self, pk):
        return get_object_or_404(
            Mission.objects.select_related("organisation", "region", "departement", "sector").prefetch_related(
                "expertises"
            ),
            pk=pk,
        )

    def get_page_title(self):
        return _("Modérer « %(title)s »") % {"title": self.object.title}

    def publish(self) -> str:
        missions.publish_mission(self.object, by=self.request.user)
        return _("Mission « %(title)s » publiée.") % {"title": self.object.title}

    def refuse(self, reason: str) -> str:
        missions.refuse_mission(self.object, by=self.request.user, reason=reason)
        return _("Mission refusée ; le motif est envoyé à la structure.")


class MissionViewSet(ModeratedSnippetViewSetMixin, SnippetViewSet):
    decision_view_class = ModerateMissionView
    model = Mission
    icon = "clipboard-list"
    menu_label = gettext_lazy("Missions")
    list_display = ["title", "organisation", "status", "answer_by", "updated_at"]
    filterset_class = MissionFilterSet
    search_fields = ["title"]
    search_backend_name = None
    ordering = ["-updated_at", "-id"]
    copy_view_enabled = False
    inspect_view_enabled = False
    add_to_admin_menu = False

    def get_queryset(self, request):
        return Mission.objects.select_related("organisation")


class ExpertiseViewSet(VocabularyViewSet):
    model = Expertise
    icon = "tag"
    menu_label = gettext_lazy("Domaines d’expertise")


class ConseilViewSetGroup(SnippetViewSetGroup):
    items = (ConsultantProfileViewSet, MissionViewSet, ExpertiseViewSet)
    menu_label = gettext_lazy("Conseil")
    menu_icon = "user"
    menu_order = 270
