"""Checks on French company identifiers."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share the SIREN 356 000 000 and do not follow the Luhn rule: their SIRET
# digits add up to a multiple of 5 instead (INSEE's documented exception).
LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_siret(value: str) -> str:
    """Strip the spaces, dots and non-breaking spaces people type inside a SIRET."""
    return "".join(ch for ch in (value or "") if ch not in " .\u00a0\u202f-")


def validate_siret(value: str) -> None:
    siret = normalise_siret(value)
    if len(siret) != 14 or not siret.isdigit():
        raise ValidationError(_("Un numéro SIRET compte 14 chiffres."), code="siret_length")
    if siret.startswith(LA_POSTE_SIREN) and siret != LA_POSTE_SIREN + "00000":
        if sum(int(c) for c in siret) % 5 == 0:
            return
    if not luhn_valid(siret):
        raise ValidationError(
            _("Ce numéro SIRET n’est pas valide : vérifiez les chiffres (clé de contrôle incorrecte)."),
            code="siret_checksum",
        )


class SiretFormField(forms.CharField):
    """Accepts a SIRET typed with spaces or dots ("732 829 320 00074") and keeps the 14 digits."""

    def to_python(self, value):
        return normalise_siret(super().to_python(value))


class SiretField(models.CharField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 14)
        kwargs.setdefault("validators", [validate_siret])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SiretFormField, **kwargs})
