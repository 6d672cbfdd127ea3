from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConseilConfig(AppConfig):
    name = "conseil"
    verbose_name = _("Conseil")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import directory_sections, missions, searchables  # import the models: only once the apps are ready

        searchables.register()
        directory_sections.register()
        missions.register()  # the mailto: unsubscription from mission alerts (core.emails)
