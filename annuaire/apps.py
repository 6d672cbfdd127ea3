from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnuaireConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "annuaire"
    verbose_name = _("Annuaire des structures")

    def ready(self):
        from . import searchables  # imports the models: only once the apps are ready

        searchables.register()
