"""The public press-release form, from the shared pieces of `core.forms`: fields cleaned to plain text
(`core.text`), attachments checked by their content (`core.files.check_attachment`), the honeypot."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.files import check_attachment
from core.forms import HoneypotMixin, MultipleFileField, PlainTextField

TEXT_MIN_LENGTH = 100
TEXT_MAX_LENGTH = 20_000
ATTACHMENT_ACCEPT = ".pdf,.jpg,.jpeg,.png,.webp,.gif"


def max_attachment_bytes() -> int:
    return settings.PRESS_RELEASE_MAX_ATTACHMENT_BYTES


def max_attachments() -> int:
    return settings.PRESS_RELEASE_MAX_ATTACHMENTS


class PressReleaseForm(HoneypotMixin, forms.Form):
    """A press release and its sender; the honeypot (`HoneypotMixin`) keeps robots out."""

    contact_name = PlainTextField(
        label=_("Votre nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Indiquez votre nom.")},
    )
    contact_email = forms.EmailField(
        label=_("Votre adresse électronique"),
        help_text=_("Nous vous y enverrons un lien pour confirmer l’envoi, puis la décision de la rédaction."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Indiquez votre adresse électronique."),
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."),
        },
    )
    organisation_name = PlainTextField(
        label=_("Structure ou agence de presse"),
        max_length=200,
        help_text=_("Le nom de la structure qui émet le communiqué."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Indiquez la structure ou l’agence qui émet le communiqué.")},
    )
    title = PlainTextField(
        label=_("Titre du communiqué"),
        max_length=200,
        error_messages={
            "required": _("Indiquez le titre du communiqué."),
            "max_length": _("Le titre doit compter au plus %(limit_value)d caractères (il en compte %(show_value)d)."),
        },
    )
    text = PlainTextField(
        label=_("Texte du communiqué"),
        multiline=True,
        help_text=_("Texte brut\u00a0; séparez les paragraphes par une ligne vide. Le code HTML est retiré."),
        widget=forms.Textarea(attrs={"rows": 14}),
        error_messages={"required": _("Collez ou saisissez le texte du communiqué.")},
    )
    attachments = MultipleFileField(label=_("Pièces jointes"), required=False, accept=ATTACHMENT_ACCEPT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the form is built, not when the module loads: the limits are settings.
        self.fields["attachments"].help_text = _(
            "Jusqu’à %(count)d fichiers PDF ou images (JPEG, PNG, WebP, GIF), %(size)d Mo au plus chacun."
        ) % {"count": max_attachments(), "size": max_attachment_bytes() // (1024 * 1024)}

    def clean_contact_email(self):
        return self.cleaned_data["contact_email"].strip().lower()

    def clean_text(self):
        text = self.cleaned_data["text"]
        if len(text) < TEXT_MIN_LENGTH:
            raise ValidationError(
                _(
                    "Le texte est trop court\u00a0: %(min)d caractères au moins, sans le code HTML "
                    "(il en compte %(count)d)."
                ),
                code="min_length",
                params={"min": TEXT_MIN_LENGTH, "count": len(text)},
            )
        if len(text) > TEXT_MAX_LENGTH:
            raise ValidationError(
                _("Le texte est trop long\u00a0: %(max)d caractères au plus (il en compte %(count)d)."),
                code="max_length",
                params={"max": TEXT_MAX_LENGTH, "count": len(text)},
            )
        return text

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > max_attachments():
            raise ValidationError(
                _("Joignez %(max)d fichiers au plus (vous en avez choisi %(count)d)."),
                code="too_many",
                params={"max": max_attachments(), "count": len(files)},
            )
        checked, errors = [], []
        for uploaded in files:
            try:
                checked.append(check_attachment(uploaded, max_bytes=max_attachment_bytes()))
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return checked
