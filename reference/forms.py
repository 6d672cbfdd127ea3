"""`CommuneField`: a commune typed as text ("Lyon (69)", "69001 Lyon" or an INSEE code), resolved on
clean(). Works without JavaScript; static/js/commune-autocomplete.js adds suggestions when it can.

For listing filters (offers, organisations): `cached_commune` resolves a typed commune through the cache,
`TerritoryCodeField` reads a région or département INSEE code."""

import hashlib

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.forms import KnownValueChoiceField, ListingFilterForm

from .models import Commune, Departement
from .services import MAX_QUERY_LENGTH, AmbiguousCommune, CommuneNotFound, resolve_commune


class CommuneInput(forms.TextInput):
    """A text input tied to an (initially empty) <datalist> that the autocomplete script fills."""

    template_name = "reference/widgets/commune_input.html"

    class Media:
        js = [forms.Script("js/commune-autocomplete.js", defer=True)]

    def __init__(self, attrs=None):
        defaults = {
            "autocomplete": "off",
            "spellcheck": "false",
            "maxlength": str(MAX_QUERY_LENGTH),
            "placeholder": _("Ex. : Lyon (69) ou 69001"),
        }
        super().__init__({**defaults, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        element_id = widget_attrs.get("id") or f"id_{name}"
        widget_attrs["id"] = element_id
        datalist_id = f"{element_id}-suggestions"
        widget_attrs["list"] = datalist_id
        widget_attrs["data-commune-autocomplete"] = reverse("reference:commune_autocomplete")
        context["widget"]["datalist_id"] = datalist_id
        return context


class CommuneField(forms.Field):
    """Cleans to a `Commune` (or None when not required and empty).

    In a ModelForm, declare it in place of the foreign key: `commune = CommuneField()`; the initial
    value may be a Commune or its primary key.
    """

    widget = CommuneInput
    default_error_messages = {
        "unknown": _("Commune inconnue : vérifiez l’orthographe ou indiquez le code postal."),
        "ambiguous": _(
            "Plusieurs communes correspondent (%(candidates)s) : précisez le département ou le code postal."
        ),
    }

    def __init__(self, *, queryset=None, **kwargs):
        self.queryset = queryset
        kwargs.setdefault("label", _("Commune"))
        kwargs.setdefault("help_text", _("Nom de la commune, code postal et nom, ou code INSEE. Ex. : Lyon (69)."))
        super().__init__(**kwargs)

    def get_queryset(self):
        return self.queryset if self.queryset is not None else Commune.objects.active()

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return value.label
        if isinstance(value, int) and not isinstance(value, bool):  # a ModelForm's initial foreign key
            commune = Commune.objects.select_related("departement").filter(pk=value).first()
            return commune.label if commune else ""
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, Commune):
            return value
        try:
            return resolve_commune(str(value), self.get_queryset())
        except AmbiguousCommune as error:
            candidates = ", ".join(commune.label for commune in error.candidates[:5])
            raise ValidationError(
                self.error_messages["ambiguous"], code="ambiguous", params={"candidates": candidates}
            ) from None
        except CommuneNotFound:
            raise ValidationError(self.error_messages["unknown"], code="unknown") from None

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        initial_label = self.prepare_value(initial) if initial not in self.empty_values else ""
        return str(initial_label or "") != str(data or "").strip()


# -- Listing filters ---------------------------------------------------------------------------------

COMMUNE_CACHE_SECONDS = 3600


def cached_commune(text: str) -> Commune | None:
    """The commune a typed text designates (None if unknown, ambiguous or without a position), cached:
    reference data changes with a yearly reload, and shared searches repeat the same communes."""
    key = "reference:commune:" + hashlib.sha256(text.casefold().encode()).hexdigest()[:32]
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    try:
        commune = resolve_commune(text, Commune.objects.active())
    except (CommuneNotFound, AmbiguousCommune):
        commune = None
    if commune is not None and commune.latitude is None:
        commune = None
    cache.set(key, commune or False, COMMUNE_CACHE_SECONDS)
    return commune


class TerritoryCodeField(KnownValueChoiceField):
    """An INSEE code, read in capitals ("2a" is Corse-du-Sud) before it is checked against the choices or
    `known_values`; optional."""

    def to_python(self, value):
        return super().to_python(value).strip().upper()


DEPARTEMENT_CHOICES_CACHE_KEY = "reference:departement-choices"


def departement_choices() -> list[tuple[str, str]]:
    """(INSEE code, "code – name") for every département, read once an hour."""

    def load():
        return [
            (code, f"{code} – {name}")
            for code, name in Departement.objects.order_by("code").values_list("code", "name")
        ]

    return cache.get_or_set(DEPARTEMENT_CHOICES_CACHE_KEY, load, 3600)


class DepartementFilterForm(ListingFilterForm):
    """One filter, the département (INSEE code), for listings and the site search's tabs; an unknown code
    is dropped with a notice (`core.forms.ListingFilterForm`)."""

    departement = forms.ChoiceField(label=_("Département"), required=False)

    FILTER_NAMES = ("departement",)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["departement"].choices = [("", _("Tous les départements"))] + departement_choices()
        self.fields["departement"].error_messages["invalid_choice"] = self.unknown_value_notice
