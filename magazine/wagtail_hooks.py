"""The magazine's snippets in the Wagtail admin: authors, the revue de presse, and the press releases
received (Communiqués reçus: read-only, for the editorial committee to see who sent a release and where
it stands; the release itself is reviewed as a draft article in the "Comité de rédaction" workflow)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.permissions import ViewOnlyPermissionPolicy

from .models import Author, PressReleaseSubmission, PressReviewLink


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    list_display = ["name", "slug"]


class PressReviewLinkViewSet(SnippetViewSet):
    model = PressReviewLink
    icon = "link"
    list_display = ["title", "source", DateColumn("published_on", label=_("date de publication"))]


class PressReleaseSubmissionViewSet(SnippetViewSet):
    model = PressReleaseSubmission
    icon = "mail"
    menu_label = _("Communiqués reçus")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "title",
        "organisation_name",
        "email",
        "status",
        DateColumn("created_at", label=_("reçu le")),
    ]
    list_filter = ["status"]
    search_fields = ["title", "organisation_name", "email"]
    search_backend_name = None  # a database search
    ordering = ["-created_at"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "status",
        "page",
        "contact_name",
        "email",
        "organisation_name",
        "organisation",
        "created_at",
        "confirmed_at",
        "decided_at",
        "decision_reason",
        "text",
    ]

    @property
    def permission_policy(self):
        return ViewOnlyPermissionPolicy(self.model)


register_snippet(AuthorViewSet)
register_snippet(PressReviewLinkViewSet)
register_snippet(PressReleaseSubmissionViewSet)
