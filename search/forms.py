from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ClampedIntegerField, ListingFilterForm

from .services import MAX_QUERY_LENGTH, clean_query


class SearchForm(ListingFilterForm):
    """`/recherche/?q=…&type=…&page=…`: lenient like every listing (an unknown type shows every kind)."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=None)
    type = forms.CharField(required=False)
    page = ClampedIntegerField(max_value=10_000)

    FILTER_NAMES = ("q",)

    def clean_q(self):
        return clean_query(self.cleaned_data["q"][: MAX_QUERY_LENGTH * 4])

    def clean_type(self):
        return self.cleaned_data["type"][:40]
