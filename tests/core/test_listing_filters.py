"""The one way a listing reads its filters from the URL: `core.forms.ListingFilterForm`."""

from django import forms
from django.http import QueryDict

from core.forms import ClampedIntegerField, KnownValueChoiceField, LenientMultipleChoiceField, ListingFilterForm


class ColourFilterForm(ListingFilterForm):
    FILTER_NAMES = ("couleur", "taille", "ville", "gratuit")

    couleur = LenientMultipleChoiceField(max_values=5, choices=[("rouge", "Rouge"), ("vert", "Vert"), ("bleu", "Bleu")])
    taille = ClampedIntegerField(max_value=50)
    ville = forms.ChoiceField(required=False, choices=[("lyon", "Lyon"), ("lille", "Lille")])
    gratuit = forms.BooleanField(required=False)


def test_known_values_are_kept_in_order_without_repeats_and_unknown_ones_reported():
    form = ColourFilterForm(QueryDict("couleur=vert&couleur=violet&couleur=vert&couleur=rouge"))
    assert form.filters_data["couleur"] == ["vert", "rouge"]
    assert form.notices == ["Une valeur de filtre inconnue a été ignorée."]
    assert form.query_string() == "couleur=vert&couleur=rouge"


def test_too_many_values_are_cut_not_refused():
    form = ColourFilterForm({"couleur": ["rouge", "rouge", "rouge", "rouge", "rouge", "vert"] * 10})
    assert form.filters_data["couleur"] == ["rouge"]  # only the first five values are read


def test_a_refused_field_is_dropped_and_the_others_kept():
    form = ColourFilterForm({"ville": "paris", "taille": "12", "gratuit": "on"})
    assert "ville" not in form.filters_data
    assert form.filters_data["taille"] == 12
    assert form.errors["ville"]
    assert len(form.notices) == 1
    assert form.query_string() == "taille=12&gratuit=on"
    assert form.is_filtered


def test_numbers_are_clamped_above_and_refused_below_or_garbled():
    assert ColourFilterForm({"taille": "100000"}).filters_data["taille"] == 50
    for value in ("-3", "0", "abc", "1e309", "9" * 400):
        form = ColourFilterForm({"taille": value})
        assert "taille" not in form.filters_data, value
        assert form.query_string() == ""


def test_no_filter_is_no_filter():
    form = ColourFilterForm(QueryDict(""))
    assert form.notices == []
    assert not form.is_filtered
    assert form.query_string() == ""


class ReadOnlyFilterForm(ListingFilterForm):
    """A form only read, checked against sets of keys (as the offer listing's)."""

    drawn = False
    FILTER_NAMES = ("couleur", "ville")

    couleur = LenientMultipleChoiceField(max_values=5)
    ville = KnownValueChoiceField()

    def __init__(self, data, known):
        super().__init__(data)
        for name, keys in known.items():
            self.fields[name].known_values = keys


def test_a_read_only_form_checks_sets_of_keys_and_keeps_each_forms_fields_apart():
    first = ReadOnlyFilterForm(
        QueryDict("couleur=vert&couleur=violet&ville=lyon"),
        {"couleur": frozenset({"rouge", "vert"}), "ville": frozenset({"lyon"})},
    )
    second = ReadOnlyFilterForm(
        QueryDict("couleur=rouge&ville=lyon"), {"couleur": frozenset({"rouge"}), "ville": frozenset({"lille"})}
    )
    assert first.filters_data == {"couleur": ["vert"], "ville": "lyon"}
    assert first.notices == ["Une valeur de filtre inconnue a été ignorée."]
    assert first.query_string() == "couleur=vert&ville=lyon"
    assert second.filters_data == {"couleur": ["rouge"]}
    assert second.errors["ville"]
    # Each form has its own fields (their state), sharing the declared widgets; the class is untouched.
    assert first.fields["couleur"] is not second.fields["couleur"]
    assert first.fields["couleur"].dropped and not second.fields["couleur"].dropped
    assert first.fields["ville"].widget is second.fields["ville"].widget
    assert ReadOnlyFilterForm.base_fields["ville"].known_values is None


def test_a_drawn_form_keeps_its_own_widgets_and_choices():
    first, second = ColourFilterForm(QueryDict("")), ColourFilterForm(QueryDict(""))
    assert first.fields["ville"].widget is not second.fields["ville"].widget
    first.fields["ville"].choices = [("paris", "Paris")]
    assert [value for value, _label in second.fields["ville"].choices] == ["lyon", "lille"]
