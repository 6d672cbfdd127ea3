"""The press releases received, in the Wagtail admin (Communiqués reçus): read-only, for the editorial
committee to see who sent a release and where it stands (the release itself is reviewed as a draft
article in the "Comité de rédaction" workflow)."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import DateColumn
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import PressReleaseSubmission


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Only the form and the workflow write submissions; people with `view_…` may read them (the editorial
    groups, given it by the migration magazine 0004)."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return super().users_with_any_permission(["view"])


class PressReleaseSubmissionViewSet(SnippetViewSet):
    model = PressReleaseSubmission
    icon = "mail"
    menu_label = _("Communiqués reçus")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "title",
        "organisation_name",
        "contact_email",
        "status",
        DateColumn("created_at", label=_("reçu le")),
    ]
    list_filter = ["status"]
    search_fields = ["title", "organisation_name", "contact_email"]
    search_backend_name = None  # a database search
    ordering = ["-created_at"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "status",
        "article",
        "contact_name",
        "contact_email",
        "organisation_name",
        "organisation",
        "created_at",
        "confirmed_at",
        "refusal_reason",
        "text",
    ]

    @property
    def permission_policy(self):
        return ViewOnlyPermissionPolicy(self.model)


register_snippet(PressReleaseSubmissionViewSet)
