"""Forms of job offers: the recruiter's offer and feedback after closing, the moderators' refusal, and the
quick application form of the public offer page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from annuaire.models import Organisation
from annuaire.services import member_organisations
from core.forms import ColumnLimitsMixin, DateInput, HoneypotMixin, PlainTextField, WebAddressField
from core.text import rich_text_for_editing
from reference.forms import CommuneField
from reference.models import ContractType, Sector

from . import checks, services
from .models.offers import JobFunction, JobOffer

RICH_TEXT_HELP = _(
    "Du texte simple suffit : séparez les paragraphes par une ligne vide. Vous pouvez aussi utiliser les "
    "balises HTML &lt;h3&gt;, &lt;strong&gt;, &lt;em&gt;, &lt;ul&gt;, &lt;li&gt; et &lt;a&gt;."
)


class JobOfferForm(HoneypotMixin, forms.ModelForm):
    """What a recruiter fills in; `services` applies the same checks when it saves."""

    title = PlainTextField(label=_("Intitulé du poste"), max_length=160)
    commune = CommuneField(required=False, help_text=_("Lieu de travail. Ex. : Lyon (69) ou 69001."))
    description = forms.CharField(
        label=_("Description du poste"), widget=forms.Textarea(attrs={"rows": 10}), help_text=RICH_TEXT_HELP
    )
    apply_url = WebAddressField(
        label=_("Adresse de candidature"),
        required=False,
        help_text=_("Seulement si l’on candidate sur un autre site : adresse commençant par https://"),
    )
    reference = PlainTextField(
        label=_("Référence"), max_length=60, required=False, help_text=_("Facultatif : votre référence interne.")
    )
    profile = forms.CharField(
        label=_("Profil recherché"), widget=forms.Textarea(attrs={"rows": 6}), required=False, help_text=RICH_TEXT_HELP
    )

    class Meta:
        model = JobOffer
        fields = [
            "organisation",
            "title",
            "contract_type",
            "working_time",
            "function",
            "sector",
            "commune",
            "full_remote",
            "remote_days",
            "salary_min",
            "salary_max",
            "salary_period",
            "description",
            "profile",
            "apply_mode",
            "apply_url",
            "start_date",
            "closing_date",
            "reference",
        ]
        widgets = {
            "working_time": forms.RadioSelect,
            "apply_mode": forms.RadioSelect,
            "start_date": DateInput,
            "closing_date": DateInput,
        }
        help_texts = {
            "closing_date": _("Dernier jour pour candidater : au plus tard dans six mois."),
            "salary_min": _("Facultatif, en euros. Affiché quand il est indiqué."),
            "salary_max": _("Facultatif, en euros."),
            "reference": _("Facultatif : votre référence interne."),
            "full_remote": _("Cochez si le poste est entièrement en télétravail (pas de commune)."),
        }

    def __init__(self, *args, user, organisations=None, **kwargs):
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            initial = kwargs.setdefault("initial", {})
            initial.setdefault("description", rich_text_for_editing(instance.description))
            initial.setdefault("profile", rich_text_for_editing(instance.profile))
        super().__init__(*args, **kwargs)
        self.user = user
        if organisations is not None:  # already read by the view: a plain lookup by primary key
            queryset = Organisation.objects.filter(pk__in=[organisation.pk for organisation in organisations])
        else:
            queryset = member_organisations(user)
        self.fields["organisation"].queryset = queryset.order_by("name")
        if organisations is not None:  # rendered from the list: no query (validation still uses the queryset)
            ordered = sorted(organisations, key=lambda organisation: organisation.name)
            self.fields["organisation"].widget.choices = [
                (organisation.pk, organisation.name) for organisation in ordered
            ]
        self.fields["organisation"].empty_label = None
        self.fields["organisation"].error_messages["invalid_choice"] = services.NOT_A_MEMBER
        self.fields["contract_type"].queryset = ContractType.objects.filter(is_active=True)
        self.fields["function"].queryset = JobFunction.objects.filter(is_active=True)
        self.fields["sector"].queryset = Sector.objects.filter(is_active=True)
        for name in ("contract_type", "function", "sector"):
            self.fields[name].empty_label = _("Choisissez")
        self.fields["salary_min"].widget.attrs.update(min="0", step="100")
        self.fields["salary_max"].widget.attrs.update(min="0", step="100")
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def clean(self):
        cleaned = super().clean()
        for field, message in checks.offer_errors(cleaned).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        return cleaned

    def offer_values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def _post_clean(self):
        # The model instance is filled by services (sanitised), not by the ModelForm: skip its
        # construct_instance/full_clean, which would also reject a not-yet-valid instance twice.
        pass


class FeedbackForm(ColumnLimitsMixin, forms.Form):
    was_filled = forms.TypedChoiceField(
        label=_("Le poste a-t-il été pourvu ?"),
        choices=[("yes", _("Oui")), ("no", _("Non, pas encore"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    filled_through_site = forms.TypedChoiceField(
        label=_("La personne recrutée vous a-t-elle connu grâce à Solidaires ?"),
        choices=[("yes", _("Oui")), ("no", _("Non")), ("unknown", _("Je ne sais pas"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Seulement si le poste a été pourvu."),
    )
    comment = PlainTextField(
        label=_("Un commentaire ?"),
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )


class RefusalForm(ColumnLimitsMixin, forms.Form):
    reason = PlainTextField(
        label=_("Motif du refus"),
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("Envoyé tel quel au recruteur ou à la recruteuse : dites ce qu’il faut corriger."),
        error_messages={"required": _("Expliquez au recruteur ou à la recruteuse pourquoi l’offre est refusée.")},
    )


class ApplicationForm(HoneypotMixin, forms.Form):
    name = PlainTextField(label=_("Vos prénom et nom"), max_length=150)
    email = forms.EmailField(
        label=_("Votre adresse électronique"),
        help_text=_("La structure vous répondra à cette adresse."),
    )
    message = PlainTextField(
        label=_("Votre message"),
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_("Présentez-vous et dites pourquoi ce poste vous intéresse (5 000 caractères au plus)."),
    )


class ApplicationDecisionForm(ColumnLimitsMixin, forms.Form):
    """A recruiter moves an application to one of the states that may follow its current one."""

    status = forms.ChoiceField(label=_("Nouvel état"))
    reason = PlainTextField(
        label=_("Message à la personne (facultatif)"),
        multiline=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=2000,
        help_text=_(
            "Visible dans son suivi de candidature et envoyé par courriel pour une présélection ou un refus. "
            "Sans message, un refus envoie le message type ci-dessous."
        ),
    )

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label.capitalize()) for s in targets]
