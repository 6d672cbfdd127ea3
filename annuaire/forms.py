"""Recruiters' forms for organisations: create one, find one to join, decide on a request."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import ColumnLimitsMixin, HoneypotMixin, PlainTextField, WebAddressField
from reference.forms import CommuneField
from reference.models import LegalForm, Sector

from .models import Organisation
from .validators import normalise_siret


class OrganisationForm(HoneypotMixin, forms.ModelForm):
    name = PlainTextField(label=_("Nom de la structure"), max_length=200)
    address = PlainTextField(label=_("Adresse"), max_length=255, required=False)
    commune = CommuneField(required=True)
    website = WebAddressField(
        label=_("Site web"),
        required=False,
        max_length=200,
        help_text=_("Adresse complète, commençant par https://"),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    description = PlainTextField(
        label=_("Présentation de la structure"),
        multiline=True,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Secteurs d’activité"),
        queryset=Sector.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = ["name", "legal_form", "siret", "address", "postcode", "commune", "website", "description", "sectors"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_form"].queryset = LegalForm.objects.filter(is_active=True)
        self.fields["legal_form"].required = True
        self.fields["legal_form"].empty_label = _("Choisissez une forme juridique")
        self.fields["siret"].required = True
        # People type it with spaces ("732 829 320 00074"): room for them; the field keeps the 14 digits.
        self.fields["siret"].widget.attrs.update(maxlength="20", inputmode="numeric", autocomplete="off")

    def clean_siret(self):
        siret = normalise_siret(self.cleaned_data.get("siret", ""))
        if siret and Organisation.objects.filter(siret=siret).exists():
            raise ValidationError(
                _("Une structure avec ce SIRET existe déjà sur Solidaires : demandez plutôt à la rejoindre."),
                code="siret_taken",
            )
        return siret

    def clean_postcode(self):
        postcode = self.cleaned_data.get("postcode", "").strip()
        if postcode and not (len(postcode) == 5 and postcode.isdigit()):
            raise ValidationError(_("Un code postal compte 5 chiffres."))
        return postcode

    def organisation_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "sectors"}
        return data


class OrganisationSearchForm(ColumnLimitsMixin, forms.Form):
    q = forms.CharField(
        label=_("Nom ou SIRET de la structure"),
        max_length=100,
        required=False,
        help_text=_("Au moins 3 caractères, ou les 9 premiers chiffres du SIRET (SIREN)."),
    )

    def results(self, limit: int = 20):
        if not self.is_valid():
            return None
        query = self.cleaned_data["q"].strip()
        if len(query) < 3:
            return None
        digits = normalise_siret(query)
        if digits.isdigit() and len(digits) >= 9:
            organisations = Organisation.objects.filter(siret__startswith=digits)
        else:
            organisations = Organisation.objects.filter(name__icontains=query)
        return list(organisations.select_related("commune__departement").order_by("name")[:limit])


class MembershipDecisionForm(ColumnLimitsMixin, forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Accepter")), ("refuse", _("Refuser"))])
