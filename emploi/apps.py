from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploiConfig(AppConfig):
    name = "emploi"
    verbose_name = _("Emploi")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import personal_data

        from . import (
            candidates,
            directory_sections,
            searchables,
            signals,
        )  # imports the models: only once the apps are ready

        signals.connect()
        personal_data.register("emploi", candidates.personal_data, candidates.forget_candidate)
        directory_sections.register()
        searchables.register()
