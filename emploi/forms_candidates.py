"""Candidates' forms: the profile, one CV entry, the bio's address and visibility (/espace/candidat/),
and the sign-up form's candidate part (the profile and its private bio exist from sign-up)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import SignupForm
from core.forms import ColumnLimitsMixin, DateInput, HoneypotMixin, ImageUploadField, PlainTextField
from reference.forms import CommuneField
from reference.models import ContractType, Departement, Sector

from . import candidates
from .models import BIO_SLUG_MAX_LENGTH, BioVisibility, CandidateProfile, CVEntry, CVSection, JobFunction

MIN_PHOTO_SIDE = 200
MONTH_FORMATS = ["%Y-%m", "%m/%Y", "%Y-%m-%d", "%d/%m/%Y", "%Y"]


def checkboxes(model, label, *, required=False):
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=model.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=required,
    )


class CandidateProfileForm(HoneypotMixin, forms.ModelForm):
    headline = PlainTextField(
        label=_("Titre du profil"),
        max_length=160,
        required=False,
        help_text=_("Ce que vous cherchez, en une ligne. Ex.\u00a0: Coordinatrice de projets alimentaires."),
    )
    bio = PlainTextField(
        label=_("Mini-bio"),
        max_length=2000,
        multiline=True,
        required=False,
        help_text=_("Quelques phrases sur votre parcours et ce qui vous anime (2\u00a0000 caractères au plus)."),
    )
    picture = ImageUploadField(
        label=_("Photo"),
        required=False,
        min_side=MIN_PHOTO_SIDE,
        help_text=_("Facultative. JPEG, PNG ou WebP, 5\u00a0Mo au plus, au moins 200\u00a0pixels de côté."),
    )
    remove_photo = forms.BooleanField(label=_("Retirer ma photo"), required=False)
    functions = checkboxes(JobFunction, _("Métiers recherchés"))
    sectors = checkboxes(Sector, _("Secteurs de l’ESS"))
    contract_types = checkboxes(ContractType, _("Types de contrat"))
    commune = CommuneField(required=False, label=_("Commune de résidence"))
    departements = forms.ModelMultipleChoiceField(
        label=_("Autres départements souhaités"),
        queryset=Departement.objects.order_by("code"),
        required=False,
        help_text=_("Facultatif. Maintenez Ctrl (ou Cmd) pour en choisir plusieurs."),
    )
    available_from = forms.DateField(label=_("Disponible à partir du"), required=False, widget=DateInput())

    class Meta:
        model = CandidateProfile
        fields = [
            "headline",
            "bio",
            "functions",
            "sectors",
            "contract_types",
            "commune",
            "mobility_km",
            "departements",
            "remote_ok",
            "available_from",
            "salary_wish",
        ]


class BioSettingsForm(ColumnLimitsMixin, forms.Form):
    slug = forms.CharField(
        label=_("Adresse de ma bio"),
        max_length=BIO_SLUG_MAX_LENGTH,
        help_text=_("Lettres minuscules sans accent, chiffres et tirets. L’ancienne adresse reste redirigée."),
    )
    visibility = forms.ChoiceField(
        label=_("Qui peut voir ma bio\u00a0?"), choices=BioVisibility.choices, widget=forms.RadioSelect
    )

    def __init__(self, profile: CandidateProfile, *args, **kwargs):
        self.profile = profile
        kwargs.setdefault("initial", {"slug": profile.slug, "visibility": profile.visibility})
        super().__init__(*args, **kwargs)

    def clean_slug(self):
        slug = self.cleaned_data["slug"].strip().lower()
        error = candidates.slug_error(slug, self.profile)
        if error:
            raise forms.ValidationError(error, code="slug")
        return slug


class CVEntryForm(HoneypotMixin, forms.ModelForm):
    title = PlainTextField(label=_("Intitulé"), max_length=200)
    organisation = PlainTextField(label=_("Structure ou établissement"), max_length=200, required=False)
    place = PlainTextField(label=_("Lieu"), max_length=120, required=False)
    level = PlainTextField(
        label=_("Niveau"), max_length=80, required=False, help_text=_("Ex.\u00a0: courant, B2, débutant, bac+3.")
    )
    start_date = forms.DateField(
        label=_("Début"),
        required=False,
        input_formats=MONTH_FORMATS,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Mois et année. Ex.\u00a0: 2021-09 ou 09/2021."),
    )
    end_date = forms.DateField(
        label=_("Fin"),
        required=False,
        input_formats=MONTH_FORMATS,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        help_text=_("Laissez vide si c’est en cours."),
    )
    description = PlainTextField(label=_("Description"), max_length=2000, multiline=True, required=False)

    class Meta:
        model = CVEntry
        fields = ["title", "organisation", "place", "level", "start_date", "end_date", "description"]

    # Fields each section asks for (others are left out of the form).
    SECTION_FIELDS = {
        CVSection.EXPERIENCE: ["title", "organisation", "place", "start_date", "end_date", "description"],
        CVSection.EDUCATION: ["title", "organisation", "place", "start_date", "end_date", "description"],
        CVSection.VOLUNTEERING: ["title", "organisation", "place", "start_date", "end_date", "description"],
        CVSection.SKILL: ["title", "level", "description"],
        CVSection.LANGUAGE: ["title", "level"],
        CVSection.CERTIFICATION: ["title", "organisation", "start_date", "description"],
    }

    def __init__(self, *args, section: str, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(self.SECTION_FIELDS[section]) | {"contact_nickname"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if section == CVSection.LANGUAGE:
            self.fields["title"].label = _("Langue")
        if section == CVSection.CERTIFICATION:
            self.fields["start_date"].label = _("Obtenue en")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and start > end:
            self.add_error("end_date", _("La fin ne peut pas précéder le début."))
        return cleaned


class CandidateSignupForm(SignupForm):
    """The sign-up form with the candidate's first wishes: whoever ticks « candidat·e » gets a profile
    and a private bio built from them at once."""

    headline = PlainTextField(
        label=_("Le poste que vous cherchez"),
        max_length=160,
        required=False,
        help_text=_("Si vous cherchez un emploi. Ex.\u00a0: Chargée d’accompagnement social."),
    )
    functions = checkboxes(JobFunction, _("Métiers recherchés (si vous cherchez un emploi)"))
    commune = CommuneField(required=False, label=_("Votre commune (si vous cherchez un emploi)"))

    field_order = [*SignupForm.field_order, "headline", "functions", "commune"]

    def save(self, request):
        user = super().save(request)
        if user.is_candidate:
            candidates.ensure_profile(
                user,
                headline=self.cleaned_data.get("headline", ""),
                commune=self.cleaned_data.get("commune"),
                functions=self.cleaned_data.get("functions") or (),
            )
        return user
