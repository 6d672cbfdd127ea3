"""The consultant's own profile form (/espace/consultant/) and its list of references."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from core.forms import ColumnLimitsMixin, HoneypotMixin, ImageUploadField, PlainTextField
from reference.models import Departement, Region, Sector

from .models import ConsultantProfile, ConsultantReference, Expertise

MIN_PHOTO_SIDE = 200


class ConsultantProfileForm(HoneypotMixin, forms.ModelForm):
    name = PlainTextField(label=_("Nom affiché"), max_length=150, help_text=_("Votre nom ou celui du cabinet."))
    headline = PlainTextField(
        label=_("Accroche"), max_length=200, help_text=_("Une phrase : ce que vous apportez aux structures.")
    )
    bio = PlainTextField(label=_("Présentation"), max_length=5000, multiline=True, required=False)
    languages = PlainTextField(
        label=_("Langues de travail"), max_length=200, required=False, help_text=_("Séparées par des virgules.")
    )
    methods = PlainTextField(label=_("Méthodes"), max_length=3000, multiline=True, required=False)
    certifications = PlainTextField(
        label=_("Certifications et labels"), max_length=2000, multiline=True, required=False
    )
    expertises = forms.ModelMultipleChoiceField(
        label=_("Domaines d’expertise"),
        queryset=Expertise.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    sectors = forms.ModelMultipleChoiceField(
        label=_("Secteurs de l’ESS"),
        queryset=Sector.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Régions où vous intervenez"), queryset=Region.objects.all(), required=False
    )
    departements = forms.ModelMultipleChoiceField(
        label=_("Départements où vous intervenez"), queryset=Departement.objects.all(), required=False
    )
    picture = ImageUploadField(
        label=_("Photo ou logo"),
        required=False,
        min_side=MIN_PHOTO_SIDE,
        help_text=_("JPEG, PNG ou WebP, 5 Mo au plus, entre 200 et 6 000 pixels de côté."),
    )

    class Meta:
        model = ConsultantProfile
        fields = [
            "kind",
            "name",
            "headline",
            "bio",
            "expertises",
            "sectors",
            "national",
            "regions",
            "departements",
            "languages",
            "methods",
            "certifications",
            "daily_rate_min",
            "daily_rate_max",
            "availability",
            "visibility",
        ]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("daily_rate_min"), cleaned.get("daily_rate_max")
        if low is not None and high is not None and low > high:
            self.add_error("daily_rate_max", _("Le tarif maximum doit être supérieur ou égal au tarif minimum."))
        if not cleaned.get("national") and not cleaned.get("regions") and not cleaned.get("departements"):
            self.add_error("regions", _("Indiquez les régions ou départements où vous intervenez, ou toute la France."))
        return cleaned


class ConsultantReferenceForm(ColumnLimitsMixin, forms.ModelForm):
    organisation = PlainTextField(label=_("Structure"), max_length=200)
    description = PlainTextField(label=_("Description"), max_length=1000, multiline=True, required=False)

    class Meta:
        model = ConsultantReference
        fields = ["organisation", "year", "description"]


ReferenceFormSet = inlineformset_factory(
    ConsultantProfile,
    ConsultantReference,
    form=ConsultantReferenceForm,
    extra=2,
    max_num=20,
    validate_max=True,
    can_delete=True,
)


class VerificationRefusalForm(ColumnLimitsMixin, forms.Form):
    """A moderator's reason for not granting the verified mark (sent to the consultant)."""

    reason = PlainTextField(label=_("Motif du refus"), max_length=2000, multiline=True)
