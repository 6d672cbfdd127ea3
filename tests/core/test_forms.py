"""The pieces every public form shares (`core.forms`): plain text fields, web addresses, pictures checked
and re-encoded, several files in one input, and the trap for robots."""

import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from PIL import Image

from core.forms import (
    IMAGE_ACCEPT,
    HoneypotMixin,
    ImageUploadField,
    MultipleFileField,
    PlainTextField,
    WebAddressField,
)
from core.images import CleanImage

ROBOT = "Votre envoi ressemble à celui d’un robot\u00a0: il n’a pas été enregistré."
BAD_ADDRESS = "Saisissez une adresse web complète, commençant par https://."


def picture(fmt="JPEG", size=(60, 40)) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (11, 110, 79)).save(output, format=fmt)
    return output.getvalue()


def upload(name="affiche.jpg", content=None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture() if content is None else content, content_type=content_type)


def errors(form) -> dict:
    return {
        field: [error["code"] for error in field_errors] for field, field_errors in form.errors.get_json_data().items()
    }


# --- PlainTextField ------------------------------------------------------------------------------


class TextForm(forms.Form):
    title = PlainTextField(max_length=10, min_length=3)
    body = PlainTextField(multiline=True, required=False)


def test_plain_text_fields_clean_markup_control_characters_and_spaces():
    form = TextForm({"title": " <b>Fo\x00rum</b>  ESS ", "body": "<p>Un</p><script>alert(1)</script><p>Deux\u202e</p>"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "Forum ESS", "body": "Un\n\nDeux"}


def test_a_single_line_field_joins_lines_and_a_multiline_one_keeps_them():
    form = TextForm({"title": "Un\r\ndeux", "body": "Un\r\ndeux\r\n\r\n\r\ntrois"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"title": "Un deux", "body": "Un\ndeux\n\ntrois"}


def test_the_required_check_comes_after_cleaning():
    for value in ("<script>alert(1)</script>", "<b></b>", "   ", "\x00\u200b"):
        form = TextForm({"title": value})
        assert errors(form) == {"title": ["required"]}, value


def test_the_length_checks_come_after_cleaning():
    assert TextForm({"title": "<strong>Forum</strong>"}).is_valid()  # 22 characters sent, 5 kept
    assert errors(TextForm({"title": "Un forum trop long"})) == {"title": ["max_length"]}
    assert errors(TextForm({"title": "<i>Un</i>"})) == {"title": ["min_length"]}


def test_an_empty_optional_field_is_an_empty_string():
    form = TextForm({"title": "Forum"})
    assert form.is_valid() and form.cleaned_data["body"] == ""
    assert PlainTextField(required=False).clean(None) == ""


def test_widgets():
    form = TextForm()
    assert isinstance(form.fields["title"].widget, forms.TextInput)
    assert form.fields["title"].widget.attrs["maxlength"] == "10"
    assert isinstance(form.fields["body"].widget, forms.Textarea)
    assert form.fields["body"].widget.attrs["rows"] == 6
    chosen = PlainTextField(multiline=True, widget=forms.Textarea(attrs={"rows": 3}))
    assert chosen.widget.attrs["rows"] == 3 and chosen.multiline


# --- WebAddressField -----------------------------------------------------------------------------


class AddressForm(forms.Form):
    website = WebAddressField(required=False)


@pytest.mark.parametrize(
    "value, cleaned",
    [
        ("https://www.exemple.fr/agenda?mois=5", "https://www.exemple.fr/agenda?mois=5"),
        ("http://exemple.fr", "http://exemple.fr"),
        ("exemple.fr/page", "https://exemple.fr/page"),  # the scheme people leave out
        ("", ""),
    ],
)
def test_http_and_https_addresses_are_accepted(value, cleaned):
    form = AddressForm({"website": value})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["website"] == cleaned


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JAVASCRIPT://%0aalert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "vbscript:msgbox(1)",
        "ftp://exemple.fr/fichier",
        "mailto:contact@exemple.fr",
        "file:///etc/passwd",
        "https://",
        "pas une adresse",
    ],
)
def test_other_addresses_are_refused_with_a_french_message(value):
    form = AddressForm({"website": value})
    assert errors(form) == {"website": ["invalid"]}
    assert form.errors["website"] == [BAD_ADDRESS]


def test_an_address_is_at_most_500_characters_unless_told_otherwise():
    long_address = "https://exemple.fr/" + "a" * 482
    assert len(long_address) == 501
    assert errors(AddressForm({"website": long_address})) == {"website": ["max_length"]}
    assert AddressForm({"website": long_address[:-1]}).is_valid()
    assert WebAddressField(max_length=2000).max_length == 2000


# --- ImageUploadField ----------------------------------------------------------------------------


class ImageForm(forms.Form):
    image = ImageUploadField(required=False)


class PhotoForm(forms.Form):
    photo = ImageUploadField(min_side=50)


def test_a_picture_is_re_encoded_and_named_after_the_upload():
    form = ImageForm(files={"image": upload("Affiche du Forum.PNG", picture("PNG"), "image/png")})
    assert form.is_valid(), form.errors
    clean = form.cleaned_data["image"]
    assert isinstance(clean, CleanImage)
    assert (clean.filename, clean.width, clean.height) == ("affiche-du-forum.png", 60, 40)
    with Image.open(io.BytesIO(clean.content)) as image:
        assert image.format == "PNG"


def test_the_content_decides_whatever_the_name_and_declared_type():
    form = ImageForm(files={"image": upload("photo.png", picture("JPEG"), "image/png")})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["image"].filename == "photo.jpg"


def test_no_picture_is_none_when_optional_and_an_error_when_required():
    form = ImageForm({}, {})
    assert form.is_valid() and form.cleaned_data["image"] is None
    assert errors(PhotoForm({}, {})) == {"photo": ["required"]}


@pytest.mark.parametrize(
    "content, code",
    [
        (b"<html><script>alert(1)</script></html>", "not_an_image"),
        (b"%PDF-1.4\n%%EOF\n", "not_an_image"),
        (picture("JPEG", size=(400, 300))[:300], "not_an_image"),
        (picture("JPEG", size=(49, 300)), "image_too_small"),
    ],
)
def test_what_is_not_a_picture_good_enough_is_refused_on_the_field(content, code):
    form = PhotoForm({}, {"photo": upload("photo.jpg", content)})
    assert errors(form) == {"photo": [code]}


def test_a_picture_too_heavy_is_refused(settings):
    settings.IMAGE_UPLOAD_LIMITS = {**settings.IMAGE_UPLOAD_LIMITS, "MAX_BYTES": 100}
    assert errors(ImageForm({}, {"image": upload()})) == {"image": ["image_too_big"]}


def test_an_empty_file_is_refused_by_django_first():
    assert errors(ImageForm({}, {"image": upload(content=b"")})) == {"image": ["empty"]}


def test_the_input_asks_browsers_for_pictures_only():
    field = ImageUploadField()
    assert field.widget.attrs["accept"] == IMAGE_ACCEPT == "image/jpeg,image/png,image/webp"
    assert 'accept="image/jpeg,image/png,image/webp"' in str(ImageForm()["image"])
    field.widget.attrs["accept"] = "image/png"
    assert ImageUploadField().widget.attrs["accept"] == IMAGE_ACCEPT  # each field has its own widget
    custom = ImageUploadField(widget=forms.ClearableFileInput(attrs={"accept": "image/png"}))
    assert custom.widget.attrs["accept"] == "image/png"


# --- MultipleFileField ---------------------------------------------------------------------------


class PhotosForm(forms.Form):
    photos = MultipleFileField()
    attachments = MultipleFileField(required=False, accept="application/pdf,image/jpeg,image/png")


def test_several_files_clean_to_the_list_of_uploads():
    first, second = upload("un.jpg"), upload("deux.png", picture("PNG"), "image/png")
    form = PhotosForm({}, MultiValueDict({"photos": [first, second]}))
    assert form.is_valid(), form.errors
    assert form.cleaned_data == {"photos": [first, second], "attachments": []}


def test_one_file_is_a_list_of_one():
    only = upload()
    assert MultipleFileField().clean(only) == [only]
    assert MultipleFileField().clean([None, only, ""]) == [only]


def test_no_file_is_an_error_when_required_and_an_empty_list_otherwise():
    assert errors(PhotosForm({}, MultiValueDict())) == {"photos": ["required"]}
    assert MultipleFileField(required=False).clean([]) == []
    assert MultipleFileField(required=False).clean(None) == []


def test_each_file_gets_djangos_checks():
    form = PhotosForm({}, MultiValueDict({"photos": [upload("un.jpg"), upload("vide.jpg", b"")]}))
    assert errors(form) == {"photos": ["empty"]}


def test_the_input_takes_several_files_of_the_accepted_types():
    form = PhotosForm()
    photos, attachments = str(form["photos"]), str(form["attachments"])
    assert "multiple" in photos and f'accept="{IMAGE_ACCEPT}"' in photos
    assert "multiple" in attachments and 'accept="application/pdf,image/jpeg,image/png"' in attachments


# --- HoneypotMixin -------------------------------------------------------------------------------


class ContactForm(HoneypotMixin, forms.Form):
    name = PlainTextField(max_length=50)
    website = WebAddressField(required=False)  # a real field of the same kind robots like

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("name") == "Interdit":
            raise forms.ValidationError("Nom interdit.", code="forbidden")
        return cleaned_data


def test_the_trap_left_empty_lets_the_form_through():
    for trap in ("", "   "):
        form = ContactForm({"name": "Camille", "website": "exemple.fr", "contact_nickname": trap})
        assert form.is_valid(), form.errors
    assert "contact_nickname" in ContactForm.base_fields and "website" in ContactForm.base_fields


def test_a_filled_in_trap_refuses_the_whole_form_with_one_non_field_error():
    form = ContactForm({"name": "Camille", "website": "https://spam.example", "contact_nickname": "spam"})
    assert not form.is_valid()
    assert form.has_error("__all__", "honeypot")
    assert form.non_field_errors() == [ROBOT]
    assert "contact_nickname" not in form.errors  # not next to a field nobody sees


def test_the_forms_own_clean_still_runs_after_the_trap():
    form = ContactForm({"name": "Interdit", "contact_nickname": ""})
    assert form.has_error("__all__", "forbidden") and not form.has_error("__all__", "honeypot")


def test_the_trap_is_out_of_sight_and_out_of_reach():
    html = render_to_string("components/honeypot.html", {"form": ContactForm()})
    assert 'aria-hidden="true"' in html and 'class="honeypot"' in html
    assert 'tabindex="-1"' in html and 'autocomplete="off"' in html
    assert 'name="contact_nickname"' in html and "required" not in html
