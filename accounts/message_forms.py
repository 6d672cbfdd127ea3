"""The form of the site's messaging, apart from `accounts.forms` (which imports Wagtail's user forms,
whose querysets cannot be built while the models load): features' routes import it from here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin, PlainTextField


class MessageForm(HoneypotMixin, forms.Form):
    """A message to another person (a reply in a conversation, or the first one of a new conversation)."""

    body = PlainTextField(label=_("Votre message"), multiline=True, max_length=5000)
