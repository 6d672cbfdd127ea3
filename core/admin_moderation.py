"""The Wagtail admin side of `core.moderation`: one decision page and one queue address per moderated
snippet (job offers, consultant profiles), so that each feature writes only what differs — the object it
loads, its two decisions and their messages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .models import ModerationStatus

QUEUE_QUERY = "?status=submitted"


def queue_url(viewset) -> str:
    """The snippet's list filtered on what waits for a decision: the queue's stable address."""
    return reverse(viewset.get_url_name("list")) + QUEUE_QUERY


class ModerationDecisionView(WagtailAdminTemplateMixin, TemplateView):
    """One submitted record, its history and the moderator's two decisions (publish, or refuse with a
    reason emailed to the submitter). Subclasses give `get_object`, `publish`, `refuse` (each returns the
    success message), `refusal_form_class` and `context_object_name`."""

    viewset = None
    refusal_form_class = None
    context_object_name = "object"

    def get_object(self, pk):
        raise NotImplementedError

    def publish(self) -> str:
        raise NotImplementedError

    def refuse(self, reason: str) -> str:
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        self.object = self.get_object(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                self.context_object_name: self.object,
                "history": list(self.object.state_changes.select_related("by").order_by("-at", "-id")),
                "refusal_form": kwargs.get("refusal_form") or self.refusal_form_class(),
                "queue_url": queue_url(self.viewset),
                "can_decide": self.object.status == ModerationStatus.SUBMITTED,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "publish":
                messages.success(request, self.publish())
                return redirect(queue_url(self.viewset))
            if action == "refuse":
                form = self.refusal_form_class(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(refusal_form=form), status=400)
                messages.success(request, self.refuse(form.cleaned_data["reason"]))
                return redirect(queue_url(self.viewset))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.path)


class ModeratedSnippetViewSetMixin:
    """For a `SnippetViewSet` of a moderated model: the decision page at `<decision_path>/<pk>/` (URL name
    `decision_path`) and `queue/`, which the « À modérer » panel links to (`core.moderation.register_queue`)."""

    decision_view_class: type[ModerationDecisionView]
    decision_path = "moderate"

    @property
    def decision_view(self):
        return self.decision_view_class.as_view(viewset=self)

    @property
    def queue_view(self):
        viewset = self

        def queue(request):
            return redirect(queue_url(viewset))

        return queue

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(f"{self.decision_path}/<int:pk>/", self.decision_view, name=self.decision_path),
            path("queue/", self.queue_view, name="queue"),
        ]
