from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import ColumnLimitsMixin, HoneypotMixin

from .models import EMAIL_MAX_LENGTH, MailingList


def lists_field(required=True, **kwargs):
    return forms.ModelMultipleChoiceField(
        label=_("Lettres"),
        queryset=MailingList.objects.filter(is_public=True),
        widget=forms.CheckboxSelectMultiple,
        required=required,
        error_messages={
            "required": _("Choisissez au moins une lettre."),
            "invalid_choice": _("Cette lettre n’existe pas."),
            "invalid_pk_value": _("Cette lettre n’existe pas."),
        },
        **kwargs,
    )


class SignupForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."),
            "max_length": _("Une adresse électronique compte au plus 254 caractères."),
        },
    )
    lists = lists_field(required=False)
    page = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, site=None, **kwargs):
        """`site`: the Wagtail site of the request; its regional lists are offered, other sites' are not
        (a POST naming one is refused as an unknown letter)."""
        super().__init__(*args, **kwargs)
        self.offered = MailingList.objects.offered_on(site)
        self.fields["lists"].queryset = self.offered

    def clean_lists(self):
        lists = self.cleaned_data["lists"]
        if not lists:
            # The footer box has no checkbox: the weekly letter by default.
            lists = self.offered.filter(kind=MailingList.Kind.WEEKLY)[:1]
        return list(lists)

    def clean_page(self):
        page = self.cleaned_data.get("page", "")
        return page if page.startswith("/") and not page.startswith("//") else ""


class PreferencesForm(ColumnLimitsMixin, forms.Form):
    lists = lists_field(required=False, help_text=_("Ne cochez rien pour ne plus rien recevoir."))

    def __init__(self, *args, site=None, subscribed=(), **kwargs):
        """The lists offered on `site`, plus those the subscriber already has (so that any can be left)."""
        super().__init__(*args, **kwargs)
        self.fields["lists"].queryset = MailingList.objects.filter(
            Q(pk__in=MailingList.objects.offered_on(site).values("pk")) | Q(pk__in=list(subscribed))
        )
