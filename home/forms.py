"""Pieces the public forms of every app share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class HoneypotMixin(forms.Form):
    """A trap for robots: a field people never see nor reach, that robots fill in.

    Render it with `{% include "components/honeypot.html" %}` (out of sight, `aria-hidden`, out of the tab
    order). Its name cannot collide with a real field (organisations have a real `website`). A filled-in
    trap refuses the whole form with a non-field error (code "honeypot"), shown in the error summary: list
    the mixin before `forms.Form`/`forms.ModelForm`, and have any `clean()` of the form call `super().clean()`.
    """

    contact_nickname = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("contact_nickname"):
            raise ValidationError(
                _("Votre envoi ressemble à celui d’un robot : il n’a pas été enregistré."), code="honeypot"
            )
        return cleaned_data
