"""Consultant profiles and expertises in the Wagtail admin: the « Conseil » menu, the verification
queue (in core's « À modérer » panel) and the page where moderators grant or refuse the verified mark."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.models import ModerationStatus

from . import services
from .forms import VerificationRefusalForm
from .models import ConsultantProfile, Expertise

QUEUE_QUERY = "?status=submitted"


class ConsultantProfileFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Vérification"), choices=ModerationStatus.choices)

    class Meta:
        model = ConsultantProfile
        fields = ["status", "visibility", "kind"]


class VerifyProfileView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "conseil/admin/verify.html"
    header_icon = "user"
    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.profile = get_object_or_404(ConsultantProfile.objects.select_related("user"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Vérifier « %(name)s »") % {"name": self.profile.name}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            profile=self.profile,
            history=list(self.profile.state_changes.select_related("by").order_by("-at", "-id")),
            refusal_form=kwargs.get("refusal_form") or VerificationRefusalForm(),
            queue_url=reverse(self.viewset.get_url_name("list")) + QUEUE_QUERY,
            can_decide=self.profile.status == ModerationStatus.SUBMITTED,
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        queue_url = reverse(self.viewset.get_url_name("list")) + QUEUE_QUERY
        try:
            if action == "publish":
                services.decide_verification(self.profile, by=request.user, granted=True)
                messages.success(request, _("Fiche « %(name)s » vérifiée.") % {"name": self.profile.name})
                return redirect(queue_url)
            if action == "refuse":
                form = VerificationRefusalForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(refusal_form=form), status=400)
                services.decide_verification(
                    self.profile, by=request.user, granted=False, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Vérification refusée ; le motif est envoyé."))
                return redirect(queue_url)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)


class ConsultantProfileViewSet(SnippetViewSet):
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

    @property
    def verify_view(self):
        return VerifyProfileView.as_view(viewset=self)

    @property
    def queue_view(self):
        list_url_name = self.get_url_name("list")

        def queue(request):
            return redirect(reverse(list_url_name) + QUEUE_QUERY)

        return queue

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("verify/<int:pk>/", self.verify_view, name="verify"),
            path("queue/", self.queue_view, name="queue"),
        ]


class ExpertiseViewSet(SnippetViewSet):
    model = Expertise
    icon = "tag"
    menu_label = gettext_lazy("Domaines d’expertise")
    list_display = ["label", "slug", "order", "is_active"]
    ordering = ["order", "label"]
    copy_view_enabled = False


class ConseilViewSetGroup(SnippetViewSetGroup):
    items = (ConsultantProfileViewSet, ExpertiseViewSet)
    menu_label = gettext_lazy("Conseil")
    menu_icon = "user"
    menu_order = 270
