"""Recruiters' forms for organisations: create one, find one to join, decide on a request."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.forms import ColumnLimitsMixin, HoneypotMixin, PlainTextField, WebAddressField
from reference.forms import CommuneField
from reference.models import LegalForm, Sector

from .models.organisations import Organisation
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


class OrganisationContactForm(HoneypotMixin, forms.Form):
    """A visitor's message to an organisation of the directory, relayed by email (its address is never
    shown; the organisation answers to the visitor's address, given as Reply-To)."""

    name = PlainTextField(label=_("Votre nom"), max_length=100)
    email = forms.EmailField(label=_("Votre adresse électronique"), max_length=254)
    subject = PlainTextField(label=_("Objet"), max_length=150)
    message = PlainTextField(
        label=_("Votre message"), multiline=True, max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"


class OrganisationPageForm(HoneypotMixin, forms.ModelForm):
    """What the members of an organisation change on its page of the directory. Its identity (name, legal
    form, SIRET) is what the team verified: it stays as is here (the team changes it on request)."""

    address = PlainTextField(label=_("Adresse"), max_length=255, required=False)
    commune = CommuneField(required=True)
    website = WebAddressField(
        label=_("Site web"),
        required=False,
        max_length=200,
        help_text=_("Adresse complète, commençant par https://"),
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    email = forms.EmailField(
        label=_("Adresse de contact"),
        required=False,
        max_length=254,
        help_text=_(
            "Jamais affichée : les messages envoyés depuis l’annuaire y sont relayés. "
            "Vide, ils vont aux administrateur·rices de la structure."
        ),
    )
    description = PlainTextField(
        label=_("Présentation de la structure"),
        multiline=True,
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Secteurs d’activité"),
        queryset=Sector.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = ["address", "postcode", "commune", "website", "email", "description", "sectors"]

    clean_postcode = OrganisationForm.clean_postcode
