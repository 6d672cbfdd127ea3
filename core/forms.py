"""Pieces the public forms of every app share."""

import copy
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.forms.forms import DeclarativeFieldsMetaclass
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .images import reencode_image
from .text import plain_text

# -- What each column holds ----------------------------------------------------------------------------

# PostgreSQL's ranges (Django's defaults for every backend but SQLite and Oracle): enforced by the forms on
# any database, so that a value SQLite would keep never becomes a server error on PostgreSQL.
INTEGER_RANGES: dict[str, tuple[int, int]] = dict(BaseDatabaseOperations.integer_field_ranges)
INTEGER_32_RANGE = INTEGER_RANGES["IntegerField"]
TEXT_MAX_LENGTH = 20_000  # a TextField or a Textarea: a long page of text, not a million characters
LINE_MAX_LENGTH = 1_000  # a one-line field of a plain form
EMAIL_MAX_LENGTH = 254  # every email column (Django's and allauth's), and what RFC 5321 lets through

EMAIL_TOO_LONG = _(
    "Une adresse électronique compte au plus %(limit_value)d caractères (celle-ci en compte %(show_value)d)."
)


def limit_length(field: forms.CharField, limit: int) -> None:
    """At most `limit` characters, unless the field already allows fewer (its own message then stays)."""
    if field.max_length is not None and field.max_length <= limit:
        return
    field.max_length = limit
    message = EMAIL_TOO_LONG if isinstance(field, forms.EmailField) else field.error_messages.get("max_length")
    field.validators = [validator for validator in field.validators if not isinstance(validator, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(limit, message=message))
    if not field.widget.is_hidden:
        field.widget.attrs["maxlength"] = str(limit)


def limit_range(field: forms.IntegerField, low: int, high: int) -> None:
    """Between `low` and `high`, unless the field already sets a narrower bound."""
    if field.max_value is None or field.max_value > high:
        field.max_value = high
        field.validators.append(MaxValueValidator(high))
    if field.min_value is None or field.min_value < low:
        field.min_value = low
        field.validators.append(MinValueValidator(low))


class ColumnLimitsMixin:
    """Every field validates to what its column can hold, so that no value reaches the database to fail there.

    In a ModelForm, a field named after a model field takes that column's limits: the `max_length` of a
    CharField (EmailField, SlugField, URLField), the integer range of the column as PostgreSQL stores it
    (`INTEGER_RANGES`: SmallIntegerField, IntegerField ±2147483647, PositiveIntegerField...) and, for a
    TextField (rich text too), `TEXT_MAX_LENGTH` characters unless `text_max_lengths = {"field": n}` says
    otherwise. Any other field (and every field of a plain form): a Textarea `TEXT_MAX_LENGTH`, an email
    address `EMAIL_MAX_LENGTH`, any other text field `LINE_MAX_LENGTH`, a whole number the 32-bit range. A
    field that already sets a smaller limit keeps it. Django's own French messages say what is refused.

    Applied when the form is built and again before validation (fields added later get theirs too). Every
    form of the project includes it, usually through `HoneypotMixin` or `ListingFilterForm`
    (`tests/core/test_column_limits.py` checks it); list it before `forms.Form`/`forms.ModelForm`.
    """

    text_max_lengths: dict[str, int] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.apply_column_limits()

    def full_clean(self):
        self.apply_column_limits()
        super().full_clean()

    def apply_column_limits(self) -> None:
        model = getattr(getattr(self, "_meta", None), "model", None)
        for name, field in self.fields.items():
            if getattr(field, "column_limits_applied", False):
                continue
            field.column_limits_applied = True
            column = self.model_column(model, name)
            if isinstance(field, forms.CharField):
                limit_length(field, self.length_limit(name, field, column))
            elif isinstance(field, forms.IntegerField) and not isinstance(
                field, (forms.FloatField, forms.DecimalField)
            ):
                low, high = (
                    INTEGER_RANGES.get(column.get_internal_type(), INTEGER_32_RANGE) if column else INTEGER_32_RANGE
                )
                limit_range(field, low, high)

    @staticmethod
    def model_column(model, name: str):
        if model is None:
            return None
        try:
            column = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        return column if getattr(column, "concrete", False) and not column.is_relation else None

    def length_limit(self, name: str, field: forms.CharField, column) -> int:
        if isinstance(column, models.TextField):
            return self.text_max_lengths.get(name, TEXT_MAX_LENGTH)
        if isinstance(column, models.CharField) and column.max_length:
            return column.max_length
        if name in self.text_max_lengths:
            return self.text_max_lengths[name]
        if isinstance(field, forms.EmailField):
            return EMAIL_MAX_LENGTH
        if isinstance(field.widget, forms.Textarea):
            return TEXT_MAX_LENGTH
        return LINE_MAX_LENGTH


class HoneypotMixin(ColumnLimitsMixin, forms.Form):
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


# -- Listing filters ---------------------------------------------------------------------------------


class KnownValuesMixin:
    """A choice field checked against `known_values` (a set of keys) instead of its choices, when set.

    For the filters a page reads but does not draw as a `<select>` (the offer listing and its feeds):
    Django normalises a field's choices each time they are assigned, and a form is built per request, so
    giving a hundred départements as choices cost more CPU than the rest of reading the filters (0.4 ms
    for them alone); a set is checked in one lookup. Fields drawn in a form keep their choices."""

    known_values = None

    def valid_value(self, value):
        if self.known_values is not None:
            return str(value) in self.known_values
        return super().valid_value(value)


class KnownValueChoiceField(KnownValuesMixin, forms.ChoiceField):
    """One value of a filter, among `known_values` (or the choices); optional."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)


class LenientMultipleChoiceField(KnownValuesMixin, forms.MultipleChoiceField):
    """Several values of a filter (`?contrat=cdi&contrat=stage`): the known ones (choices or `known_values`)
    are kept, in their order and without repeats; unknown ones are dropped (`dropped` tells the form to
    report it), never an error."""

    def __init__(self, *, max_values: int = 30, **kwargs):
        self.max_values = max_values
        self.dropped = False
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, value):
        values = [str(item).strip() for item in (value or [])[: self.max_values]]
        values = [item for item in values if item]
        kept = list(dict.fromkeys(item for item in values if self.valid_value(item)))
        self.dropped = len(kept) < len(set(values))
        return kept


class FilterDateField(forms.DateField):
    """A date of a filter (`?du=2026-03-01`, or as the French type it, 01/03/2026), drawn as a date picker;
    optional. Outside `MIN_YEAR`–`MAX_YEAR`, or not a date, it is refused (the form drops it)."""

    MIN_YEAR, MAX_YEAR = 1900, 2100

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", DateInput)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 30:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        day = super().to_python(value)
        if day is not None and not self.MIN_YEAR <= day.year <= self.MAX_YEAR:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return day


class ClampedIntegerField(forms.IntegerField):
    """A number of a filter (a radius, a page): above `max_value` it is brought down to it; not a number,
    or below `min_value`, it is refused (the form drops it and the listing uses its default)."""

    def __init__(self, *, min_value: int = 1, max_value: int, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(min_value=min_value, **kwargs)
        self.ceiling = max_value

    def to_python(self, value):
        if isinstance(value, str) and len(value.strip()) > 20:  # a thousand digits is not a radius
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        number = super().to_python(value)
        return min(number, self.ceiling) if number is not None else None


class _SharedWidgetFields(dict):
    """The declared fields of a filter form that is read but never drawn: each form gets its own copy of
    every field (their state: `known_values`, `dropped`), sharing their widgets, error messages and
    validators, which nothing changes. Django deep-copies all of them for each form, which cost more than
    the rest of reading the filters of a feed."""

    def __deepcopy__(self, memo):
        fields = {}
        for name, field in self.items():
            fields[name] = copy.copy(field)
            # Its own list, as Django's Field.__deepcopy__ gives it: ColumnLimitsMixin adds range validators
            # per form, which must not pile up on the shared class-level field.
            fields[name].validators = list(field.validators)
        return fields


class ListingFilterFormMetaclass(DeclarativeFieldsMetaclass):
    def __new__(mcs, name, bases, attrs):
        new_class = super().__new__(mcs, name, bases, attrs)
        if not new_class.drawn:
            new_class.base_fields = _SharedWidgetFields(new_class.base_fields)
        return new_class


class ListingFilterForm(ColumnLimitsMixin, forms.Form, metaclass=ListingFilterFormMetaclass):
    """The filters of a public listing, read from its query string: every listing reads its URL this way.

    A GET form, always bound. Lenient: a value a field refuses is dropped, so any shared or hand-edited
    address still answers (never a 400 or a 500): `filters_data` holds the valid values only, `notices`
    the messages to show above the results, and each field keeps its error to show next to it. Subclasses
    turn `filters_data` into what their listing's service applies, and list in `FILTER_NAMES` the
    parameters that links to other views and pages of the listing carry (`query_string`, no page number).
    """

    FILTER_NAMES: tuple[str, ...] = ()
    # False for a form only read (a listing whose filters are drawn by its own template, a feed): its
    # fields are then copied per form without their widgets (`_SharedWidgetFields`), so it must not
    # change a field's widget, error messages or validators after declaring them.
    drawn = True
    unknown_value_notice = _("Une valeur de filtre inconnue a été ignorée.")

    def __init__(self, data=None, **kwargs):
        super().__init__(self.as_query_dict(data), **kwargs)

    @staticmethod
    def as_query_dict(data) -> QueryDict:
        """A QueryDict from a request's GET, a dict of lists or a dict of values (tests, saved searches)."""
        if isinstance(data, QueryDict):
            return data
        query = QueryDict(mutable=True)
        for name, value in (data or {}).items():
            query.setlist(name, [str(item) for item in value] if isinstance(value, (list, tuple)) else [str(value)])
        return query

    @cached_property
    def filters_data(self) -> dict:
        """The valid values, by field name (an invalid field is absent)."""
        self.is_valid()
        return dict(self.cleaned_data)

    @cached_property
    def notices(self) -> list[str]:
        """One message per kind of problem, in the order of the fields."""
        self.is_valid()
        messages = []
        for name, field in self.fields.items():
            if getattr(field, "dropped", False):
                messages.append(str(self.unknown_value_notice))
            messages += [str(message) for message in self.errors.get(name, [])]
        return list(dict.fromkeys(messages))

    def query_values(self, name: str, value) -> list[str]:
        """How a valid value goes back into a link: the known values of a list, else what was typed."""
        if isinstance(value, (list, tuple)):
            return [str(item) for item in value]
        return [self.data.get(name, "").strip()]

    def query_items(self) -> list[tuple[str, str]]:
        items = []
        for name in self.FILTER_NAMES:
            value = self.filters_data.get(name)
            if value not in (None, "", False, [], ()):
                items += [(name, item) for item in self.query_values(name, value) if item]
        return items

    def query_string(self) -> str:
        return urlencode(self.query_items())

    @property
    def is_filtered(self) -> bool:
        return bool(self.query_items())
