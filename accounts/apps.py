from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True  # this module also holds the Wagtail users config below
    name = "accounts"
    verbose_name = _("Comptes")

    def ready(self):
        from . import messaging  # the models are ready now

        messaging.register()


class UsersAdminConfig(WagtailUsersAppConfig):
    """Wagtail's users app, pointed at the project's user viewset (role checkboxes on the forms)."""

    default = False
    user_viewset = "accounts.viewsets.UserViewSet"
