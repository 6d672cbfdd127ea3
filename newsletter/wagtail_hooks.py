"""The newsletter in the admin: subscribers and lists as snippets, an « Envoi » button on each letter,
and the CSV import (menu « Importer des abonné·es »)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .admin_views import can_import, can_send, import_view, send_view
from .models import MailingList, NewsletterPage, Subscriber


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "mail"
    menu_label = _("Abonné·es")
    list_display = ["email", "status", "consent_at", "consent_source", "created_at"]
    list_filter = ["status", "lists", "consent_source"]
    search_fields = ["email"]


class MailingListViewSet(SnippetViewSet):
    model = MailingList
    icon = "list-ul"
    menu_label = _("Listes")
    list_display = ["name", "slug", "kind", "is_public"]


class NewsletterViewSetGroup(SnippetViewSetGroup):
    items = (SubscriberViewSet, MailingListViewSet)
    menu_label = _("Lettres")
    menu_icon = "mail"
    menu_order = 270


register_snippet(NewsletterViewSetGroup)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path("newsletter/letter/<int:pk>/send/", send_view, name="newsletter_send"),
        path("newsletter/import/", import_view, name="newsletter_import"),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Importer des abonné·es"), reverse("newsletter_import"), icon_name="mail", order=271, name="newsletter-import"
    )


@hooks.register("register_page_header_buttons")
def send_button(page, user, view_name=None, next_url=None):
    if not isinstance(page.specific_deferred, NewsletterPage) or not can_send(user, page):
        return []
    return [HeaderButton(_("Envoi"), url=reverse("newsletter_send", args=[page.pk]), icon_name="mail", priority=5)]
