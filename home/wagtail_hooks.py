"""The outbox in the Wagtail admin (Paramètres > Courriels sortants): read-only, to see what failed.

Viewing needs `home.view_outgoingemail`: superusers have it, and the Modérateurs group is given it by the
migration home 0003; Rédacteurs and site users are not.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import OutgoingEmail
from .permissions import ViewOnlyPermissionPolicy


class OutgoingEmailViewSet(SnippetViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Courriels sortants")
    add_to_settings_menu = True
    list_display = [
        "subject",
        Column("to", label=_("destinataires"), accessor=lambda email: ", ".join(email.to)),
        "status",
        "attempts",
        DateColumn("created_at", label=_("créé le")),
        DateColumn("sent_at", label=_("envoyé le")),
    ]
    list_filter = ["status"]
    search_fields = ["subject", "to"]
    search_backend_name = None  # a database search on the subject and the recipients
    ordering = ["-created_at"]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
    # Never the bodies nor the headers: while pending they may hold password-reset or unsubscribe links.
    inspect_view_fields = [
        "subject",
        "to",
        "from_email",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]

    @property
    def permission_policy(self):
        return ViewOnlyPermissionPolicy(self.model)


register_snippet(OutgoingEmailViewSet)


@hooks.register("before_serve_page")
def remember_serving_request(page, request, serve_args, serve_kwargs):
    """Let `SitePage.get_view_restrictions` reuse the request's list of view restrictions."""
    page._serving_request = request
