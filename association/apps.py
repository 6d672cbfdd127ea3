from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssociationConfig(AppConfig):
    name = "association"
    verbose_name = _("Association")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from accounts import personal_data as accounts_personal_data

        from . import personal_data  # imports the models: only once the apps are ready

        accounts_personal_data.register("association", personal_data.export, personal_data.forget)
