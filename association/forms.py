import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import ColumnLimitsMixin, DateInput, HoneypotMixin, PlainTextField

from . import fees, services
from .models import ContactRequest, Membership

PHONE = re.compile(r"^\+?[0-9 .()-]{6,25}$")


def tier_help() -> str:
    return gettext_lazy(
        "Solidaire : à partir de 0\u00a0€, sans justificatif. Normal et soutien : un montant minimum selon "
        "la catégorie, indiqué sous le montant."
    )


class MembershipForm(HoneypotMixin, forms.ModelForm):
    display_name = PlainTextField(label=gettext_lazy("Nom du membre (personne ou structure)"), max_length=200)
    representative = PlainTextField(
        label=gettext_lazy("Représentant·e (pour une structure)"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("La personne qui vote au nom de la structure à l’assemblée générale."),
    )

    class Meta:
        model = Membership
        fields = ["category", "tier", "fee", "display_name", "representative"]
        widgets = {"category": forms.RadioSelect, "tier": forms.RadioSelect}
        help_texts = {"tier": tier_help()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fee"].min_value = 0
        self.fields["fee"].help_text = _(
            "En euros, sans centimes. Les montants minimums sont dans le tableau ci-dessus."
        )

    def clean(self):
        cleaned = super().clean()
        category, tier, fee = cleaned.get("category"), cleaned.get("tier"), cleaned.get("fee")
        if category and tier and fee is not None:
            try:
                services.check_fee(category, tier, fee)
            except ValidationError as error:
                self.add_error("fee", error)
        if category and fees.is_organisation(category) and not cleaned.get("representative"):
            self.add_error(
                "representative", _("Indiquez la personne qui représente la structure à l’assemblée générale.")
            )
        return cleaned


class ContactRequestForm(HoneypotMixin, forms.ModelForm):
    name = PlainTextField(label=gettext_lazy("Votre nom"), max_length=150)
    reason = PlainTextField(
        label=gettext_lazy("Pourquoi souhaitez-vous nous parler ?"), multiline=True, max_length=2000
    )
    availability = PlainTextField(
        label=gettext_lazy("Les moments qui vous conviennent"),
        required=False,
        max_length=300,
        help_text=gettext_lazy("Par exemple : « le mardi matin » ou « après 17 h »."),
    )

    class Meta:
        model = ContactRequest
        fields = ["name", "who", "reason", "channel", "phone", "email", "availability"]
        widgets = {"channel": forms.RadioSelect}

    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "").strip()
        if phone and not PHONE.match(phone):
            raise ValidationError(_("Saisissez un numéro de téléphone, par exemple 06 12 34 56 78."))
        return phone

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("channel")
        if channel == ContactRequest.Channel.PHONE and not cleaned.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Indiquez le numéro auquel vous rappeler."))
        if channel == ContactRequest.Channel.EMAIL and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Indiquez l’adresse à laquelle vous écrire."))
        if (
            channel == ContactRequest.Channel.IN_PERSON
            and not cleaned.get("phone")
            and not cleaned.get("email")
            and not self.errors.get("phone")
            and not self.errors.get("email")
        ):
            self.add_error("phone", _("Indiquez un téléphone ou une adresse pour convenir du rendez-vous."))
        return cleaned


class AssemblyDateForm(ColumnLimitsMixin, forms.Form):
    on = forms.DateField(label=gettext_lazy("Date de l’assemblée générale"), widget=DateInput)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if not 2000 <= on.year <= 2100:
            raise ValidationError(_("Choisissez une date entre 2000 et 2100."))
        return on

    def date(self):
        return self.cleaned_data["on"] if self.is_valid() else timezone.localdate()


class ConvocationForm(ColumnLimitsMixin, forms.Form):
    on = forms.DateField(label=gettext_lazy("Date de l’assemblée générale"), widget=DateInput)
    subject = PlainTextField(label=gettext_lazy("Objet du courriel"), max_length=200)
    text = PlainTextField(label=gettext_lazy("Texte de la convocation"), multiline=True, max_length=10000)
