"""Pieces the public forms of every app share."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .images import reencode_image
from .text import plain_text


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


class PlainTextField(forms.CharField):
    """A CharField cleaned to plain text (`core.text.plain_text`) before the required and length checks."""

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        super().__init__(**kwargs)

    def to_python(self, value):
        return plain_text(super().to_python(value), multiline=self.multiline)


class WebAddressField(forms.URLField):
    """An http(s) address only (no javascript:, data: or ftp: link reaches a page)."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {"invalid": _("Saisissez une adresse web complète, commençant par https://.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 500)
        super().__init__(**kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


IMAGE_ACCEPT = "image/jpeg,image/png,image/webp"


class ImageUploadField(forms.FileField):
    """A picture checked by its content and re-encoded (`core.images.reencode_image`); cleans to a
    `CleanImage`. `min_side` refuses pictures too small to be shown large."""

    widget = forms.ClearableFileInput

    def __init__(self, *, min_side: int = 0, **kwargs):
        self.min_side = min_side
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", IMAGE_ACCEPT)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        basename = getattr(upload, "name", "image").rsplit(".", 1)[0]
        return reencode_image(upload, basename=basename, min_side=self.min_side)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to the list of uploads, which the form checks one by one
    (`core.files.check_attachment`, `core.images.reencode_image`) so that each error names its file."""

    def __init__(self, *, accept: str = IMAGE_ACCEPT, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, (list, tuple)) else [data]) if upload]
        if not uploads:
            return [] if not self.required else super().clean(None, initial)  # the "required" error
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]
