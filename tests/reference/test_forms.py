"""CommuneField: what people type becomes a Commune, or a clear French error."""

import pytest
from django import forms

from reference.forms import CommuneField, CommuneInput
from reference.models import Commune

pytestmark = pytest.mark.django_db

UNKNOWN = "Commune inconnue : vérifiez l’orthographe ou indiquez le code postal."


class PlaceForm(forms.Form):
    commune = CommuneField()


class OptionalPlaceForm(forms.Form):
    commune = CommuneField(required=False)


def clean(value, form_class=PlaceForm):
    form = form_class({"commune": value})
    return form, (form.cleaned_data.get("commune") if form.is_valid() else None)


@pytest.mark.parametrize(
    "value, code",
    [
        ("Lyon (69)", "69123"),
        ("lyon (69)", "69123"),
        ("Lyon", "69123"),
        ("  LYON  ", "69123"),
        ("69123", "69123"),
        ("69001 Lyon", "69123"),
        ("Lyon 69001", "69123"),
        ("69001 Lyon 1er Arrondissement", "69381"),
        ("69001", "69381"),  # Lyon and its 1st arrondissement: the arrondissement is the precise one
        ("75001", "75101"),
        ("Paris", "75056"),
        ("Saint-Étienne (42)", "42218"),
        ("saint etienne", "42218"),
        ("St-Etienne", "42218"),
        ("42100 st etienne", "42218"),
        ("Ajaccio (2A)", "2A004"),
        ("2a004", "2A004"),
        ("Havre", "76351"),
        ("Saint-Denis (974)", "97411"),
        ("97400", "97411"),
        ("Bors (Canton de Charente-Sud) (16)", "16053"),
    ],
)
def test_resolves(value, code):
    form, commune = clean(value)
    assert form.errors == {}
    assert isinstance(commune, Commune)
    assert commune.code == code, value


@pytest.mark.parametrize(
    "value",
    ["Lyonnn", "Lyon (13)", "99999", "00000 Lyon", "6900", "Lyon 69999", "(69)", "%", "x" * 101, "\x00", "😀😀"],
)
def test_unknown(value):
    form, _ = clean(value)
    assert form.errors["commune"] == [UNKNOWN]
    assert form.errors.as_data()["commune"][0].code == "unknown"


def test_ambiguous_lists_the_candidates():
    form, _ = clean("Saint-Denis")
    error = form.errors.as_data()["commune"][0]
    assert error.code == "ambiguous"
    message = form.errors["commune"][0]
    assert message.startswith("Plusieurs communes correspondent (")
    assert "Saint-Denis (93)" in message and "Saint-Denis (974)" in message
    assert message.endswith("précisez le département ou le code postal.")
    form, _ = clean("Saint-Denis (93)")
    assert form.cleaned_data["commune"].code == "93066"


def test_required_and_optional():
    form, _ = clean("")
    assert form.errors.as_data()["commune"][0].code == "required"
    form, commune = clean("", OptionalPlaceForm)
    assert form.errors == {} and commune is None


def test_inactive_communes_are_refused():
    Commune.objects.filter(code="69123").update(is_active=False)
    form, _ = clean("69123")
    assert form.errors["commune"] == [UNKNOWN]


def test_custom_queryset():
    field = CommuneField(queryset=Commune.objects.filter(departement__code="42"))
    assert field.clean("Saint-Étienne").code == "42218"
    with pytest.raises(forms.ValidationError):
        field.clean("Lyon")


def test_initial_value_as_pk_or_instance_is_shown_as_label():
    lyon = Commune.objects.get(code="69123")
    assert 'value="Lyon (69)"' in str(PlaceForm(initial={"commune": lyon.pk})["commune"])
    assert 'value="Lyon (69)"' in str(PlaceForm(initial={"commune": lyon})["commune"])
    form = PlaceForm({"commune": "Lyon (69)"}, initial={"commune": lyon.pk})
    assert not form.has_changed()
    form = PlaceForm({"commune": "Paris"}, initial={"commune": lyon.pk})
    assert form.has_changed()


def test_bound_text_is_kept_on_error():
    form = PlaceForm({"commune": "75"})
    assert not form.is_valid()
    assert 'value="75"' in str(form["commune"])


def test_widget_markup_and_media():
    html = str(PlaceForm()["commune"])
    assert 'type="text"' in html
    assert 'id="id_commune"' in html
    assert 'list="id_commune-suggestions"' in html
    assert '<datalist id="id_commune-suggestions"></datalist>' in html
    assert 'data-commune-autocomplete="/referentiel/communes/"' in html
    assert 'autocomplete="off"' in html
    assert 'maxlength="100"' in html
    assert 'placeholder="Ex. : Lyon (69) ou 69001"' in html
    media = str(PlaceForm().media)
    assert 'src="/static/js/commune-autocomplete.js"' in media
    assert "defer" in media


def test_widget_without_auto_id():
    form = PlaceForm(auto_id=False)
    html = str(form["commune"])
    assert 'list="id_commune-suggestions"' in html
    assert isinstance(form.fields["commune"].widget, CommuneInput)


def test_query_count(django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        clean("69001 Lyon")
    with django_assert_max_num_queries(3):
        clean("Saint-Denis")
