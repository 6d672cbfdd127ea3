"""The consultant's own profile form (/espace/consultant/) and its list of references."""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from annuaire.models import Organisation
from core.files import check_attachment
from core.forms import ColumnLimitsMixin, DateInput, HoneypotMixin, ImageUploadField, PlainTextField
from reference.models import Departement, Region, Sector

from .models.missions import Mission
from .models.profiles import ConsultantProfile, ConsultantReference, Expertise

MIN_PHOTO_SIDE = 200


class ConsultantProfileForm(HoneypotMixin, forms.ModelForm):
    name = PlainTextField(label=_("Nom affiché"), max_length=150, help_text=_("Votre nom ou celui du cabinet."))
    headline = PlainTextField(
        label=_("Accroche"), max_length=200, help_text=_("Une phrase : ce que vous apportez aux structures.")
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
            "mission_alerts",
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


class VerificationWithdrawalForm(VerificationRefusalForm):
    """A moderator's reason for withdrawing the verified mark (sent to the consultant)."""

    reason = PlainTextField(label=_("Motif du retrait"), max_length=2000, multiline=True)


# --- Missions and proposals -------------------------------------------------------------------------

MAX_ANSWER_DAYS = 180


class MissionForm(HoneypotMixin, forms.ModelForm):
    """An organisation member's mission (/espace/missions/): only their organisations can be chosen."""

    title = PlainTextField(label=_("Intitulé de la mission"), max_length=200)
    need = PlainTextField(
        label=_("Votre besoin"),
        max_length=5000,
        multiline=True,
        help_text=_("Le contexte de votre structure et ce que vous attendez d’un·e consultant·e."),
    )
    deliverables = PlainTextField(
        label=_("Livrables attendus"),
        max_length=3000,
        multiline=True,
        help_text=_("Diagnostic, plan d’action, formation, rapport… et le calendrier souhaité."),
    )
    expertises = forms.ModelMultipleChoiceField(
        label=_("Domaines d’expertise recherchés"),
        queryset=Expertise.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    sector = forms.ModelChoiceField(
        label=_("Secteur de l’ESS"), queryset=Sector.objects.filter(is_active=True), required=False
    )
    region = forms.ModelChoiceField(label=_("Région"), queryset=Region.objects.order_by("name"), required=False)
    departement = forms.ModelChoiceField(
        label=_("Département"), queryset=Departement.objects.order_by("code"), required=False
    )
    answer_by = forms.DateField(
        label=_("Date limite de réponse"), widget=DateInput, help_text=_("Au plus six mois à partir d’aujourd’hui.")
    )

    class Meta:
        model = Mission
        fields = [
            "organisation",
            "title",
            "need",
            "deliverables",
            "expertises",
            "sector",
            "budget_min",
            "budget_max",
            "region",
            "departement",
            "remote",
            "answer_by",
        ]

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[organisation.pk for organisation in organisations])
        field.empty_label = None
        field.error_messages["invalid_choice"] = _(
            "Vous n’êtes pas membre de cette structure : vous ne pouvez pas publier pour elle."
        )
        self.fields["budget_min"].help_text = _("En euros hors taxes, facultatif.")

    def clean_answer_by(self):
        value = self.cleaned_data["answer_by"]
        today = timezone.localdate()
        if value < today:
            raise forms.ValidationError(_("La date limite de réponse est déjà passée."), code="past")
        if value > today + timedelta(days=MAX_ANSWER_DAYS):
            raise forms.ValidationError(_("La date limite de réponse est au plus dans six mois."), code="too_far")
        return value

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("budget_min"), cleaned.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error("budget_max", _("Le budget maximum doit être supérieur ou égal au budget minimum."))
        region, departement = cleaned.get("region"), cleaned.get("departement")
        if region and departement and departement.region_id != region.pk:
            self.add_error("departement", _("Ce département n’est pas dans la région choisie."))
        return cleaned


class ProposalForm(HoneypotMixin, forms.Form):
    """A consultant's answer to a mission, with an optional PDF (checked by its content and size)."""

    message = PlainTextField(
        label=_("Votre proposition"),
        max_length=5000,
        multiline=True,
        help_text=_("Votre compréhension du besoin, votre démarche, le calendrier et le coût proposés."),
    )
    attachment = forms.FileField(
        label=_("Proposition détaillée (PDF, facultatif)"),
        required=False,
        help_text=_("Un fichier PDF de 5 Mo au plus. Seule la structure qui a publié la mission pourra le lire."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        if not uploaded:
            return None
        return check_attachment(uploaded, max_bytes=settings.CONSEIL_PROPOSAL_MAX_BYTES, images=False)


class ProposalEditForm(ProposalForm):
    """The consultant changes their proposal: a new PDF replaces the one sent, or the PDF is removed."""

    remove_attachment = forms.BooleanField(label=_("Retirer le PDF envoyé"), required=False)

    def __init__(self, *args, has_attachment=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].label = _("Nouveau PDF (facultatif, remplace le précédent)")
        if not has_attachment:
            del self.fields["remove_attachment"]
