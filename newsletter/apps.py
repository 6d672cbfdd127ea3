from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsletter"
    verbose_name = _("Lettres d’information")

    def ready(self):
        from . import webhooks

        webhooks.connect()
