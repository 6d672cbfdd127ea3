from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploiConfig(AppConfig):
    name = "emploi"
    verbose_name = _("Emploi")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import directory_sections, searchables, signals  # imports the models: only once the apps are ready

        signals.connect()
        directory_sections.register()
        searchables.register()
