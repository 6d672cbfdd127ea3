"""Every form validates to what its columns hold (`core.forms.ColumnLimitsMixin`): no value a form accepts
can fail in the database (PostgreSQL refuses what SQLite keeps), and no free text is a million characters."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from core.forms import (
    EMAIL_MAX_LENGTH,
    LINE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    ColumnLimitsMixin,
    HoneypotMixin,
    ListingFilterForm,
    PlainTextField,
)
from emploi.forms import ApplicationForm, JobOfferForm
from emploi.models import JobOffer
from tests.emploi.conftest import member, offer_post_data  # noqa: F401 (fixtures)

TOO_BIG = 2_147_483_648  # 2^31: one past PostgreSQL's integer

# Forms of the project built on Wagtail's admin forms: Wagtail validates them against its own models.
WAGTAIL_ADMIN_FORMS = {
    "accounts.forms.AdminUserCreationForm": "Wagtail's user admin form (wagtail.users.forms)",
    "accounts.forms.AdminUserEditForm": "Wagtail's user admin form (wagtail.users.forms)",
    "core.admin_forms.ImageForm": "Wagtail's image form (WAGTAILIMAGES_IMAGE_FORM_BASE)",
    "reference.choosers.CommuneFilterForm": "Wagtail's chooser filter form (admin only)",
}


def local_apps():
    """The apps whose package sits at the top of the project (not those installed in the environment)."""
    base = Path(settings.BASE_DIR).resolve()
    return [config for config in apps.get_app_configs() if Path(config.path).resolve().parent == base]


def project_form_classes() -> dict[str, type]:
    """Every form class defined in a module of the project's own apps (migrations and tests aside)."""
    found = {}
    for config in local_apps():
        package = importlib.import_module(config.name)
        modules = [package]
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{config.name}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            modules.append(importlib.import_module(info.name))
        for module in modules:
            for _name, value in inspect.getmembers(module, inspect.isclass):
                if value.__module__ == module.__name__ and issubclass(value, forms.BaseForm):
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return found


def test_every_form_of_the_project_validates_to_its_columns():
    found = project_form_classes()
    assert {"core", "accounts", "emploi", "agenda", "magazine", "annuaire", "reference", "home"} <= {
        config.label for config in local_apps()
    }
    assert {"emploi.forms.JobOfferForm", "core.forms.ListingFilterForm", "accounts.forms.SignupForm"} <= set(found)
    exempt = set(WAGTAIL_ADMIN_FORMS)
    missing = sorted(
        name for name, form in found.items() if name not in exempt and not issubclass(form, ColumnLimitsMixin)
    )
    assert not missing, f"Forms without core.forms.ColumnLimitsMixin: {missing}"
    assert set(WAGTAIL_ADMIN_FORMS) <= set(found), "a Wagtail admin form listed here is gone: update the list"


def test_the_shared_bases_include_it():
    assert issubclass(HoneypotMixin, ColumnLimitsMixin) and issubclass(ListingFilterForm, ColumnLimitsMixin)


# --- Plain forms ------------------------------------------------------------------------------------


class PlainForm(ColumnLimitsMixin, forms.Form):
    line = forms.CharField(required=False)
    text = PlainTextField(multiline=True, required=False)
    short = forms.CharField(required=False, max_length=10)
    email = forms.EmailField(required=False)
    number = forms.IntegerField(required=False)
    small = forms.IntegerField(required=False, min_value=0, max_value=50)
    ratio = forms.FloatField(required=False)


def codes(form, name) -> list[str]:
    return [error["code"] for error in form.errors.get_json_data().get(name, [])]


def test_plain_form_limits():
    form = PlainForm()
    assert form.fields["line"].max_length == LINE_MAX_LENGTH
    assert form.fields["text"].max_length == TEXT_MAX_LENGTH
    assert form.fields["short"].max_length == 10  # smaller already: kept
    assert form.fields["email"].max_length == EMAIL_MAX_LENGTH
    assert (form.fields["number"].min_value, form.fields["number"].max_value) == (-2_147_483_648, 2_147_483_647)
    assert (form.fields["small"].min_value, form.fields["small"].max_value) == (0, 50)
    assert form.fields["ratio"].max_value is None  # not a whole number
    assert 'maxlength="1000"' in str(form["line"]) and 'maxlength="20000"' in str(form["text"])


def test_plain_form_refuses_what_is_one_over():
    ok = PlainForm({"line": "a" * LINE_MAX_LENGTH, "text": "b" * TEXT_MAX_LENGTH, "number": "2147483647"})
    assert ok.is_valid(), ok.errors
    form = PlainForm(
        {
            "line": "a" * (LINE_MAX_LENGTH + 1),
            "text": "b" * (TEXT_MAX_LENGTH + 1),
            "short": "c" * 11,
            "email": "a" * 300 + "@x.org",
            "number": str(TOO_BIG),
            "small": "51",
        }
    )
    assert not form.is_valid()
    for name in ("line", "text", "short", "email"):
        assert codes(form, name) == ["max_length"], name
    assert codes(form, "number") == ["max_value"] and codes(form, "small") == ["max_value"]
    assert form.errors["email"] == ["Une adresse électronique compte au plus 254 caractères (celle-ci en compte 306)."]
    assert form.errors["number"] == ["Assurez-vous que cette valeur est inférieure ou égale à 2147483647."]
    assert codes(PlainForm({"number": str(-TOO_BIG - 1)}), "number") == ["min_value"]


def test_fields_added_after_the_form_is_built_are_limited_too():
    form = PlainForm({"late": "x" * (LINE_MAX_LENGTH + 1)})
    form.fields["late"] = forms.CharField()
    assert not form.is_valid() and codes(form, "late") == ["max_length"]


def test_an_application_refuses_an_address_no_column_holds():
    form = ApplicationForm({"name": "Camille", "email": "a" * 300 + "@x.org", "message": "Bonjour"})
    assert not form.is_valid() and codes(form, "email") == ["max_length"]


# --- Model forms ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_offer_form_takes_its_columns_limits(member):  # noqa: F811
    form = JobOfferForm(user=member)
    assert form.fields["title"].max_length == 160  # the column's
    assert form.fields["reference"].max_length == 60
    assert form.fields["apply_url"].max_length == 500
    assert form.fields["description"].max_length == TEXT_MAX_LENGTH  # a rich text column
    assert form.fields["salary_min"].max_value == 2_147_483_647 and form.fields["salary_min"].min_value == 0


@pytest.mark.django_db
def test_a_form_can_set_its_own_text_limit(member):  # noqa: F811
    class ShortOfferForm(JobOfferForm):
        text_max_lengths = {"description": 50, "profile": 30_000}

    form = ShortOfferForm(user=member)
    assert form.fields["description"].max_length == 50 and form.fields["profile"].max_length == 30_000


@pytest.mark.django_db
def test_offer_form_refuses_a_salary_past_the_column_and_a_description_too_long(member, offer_post_data):  # noqa: F811
    data = offer_post_data(member.organisation, salary_min=str(TOO_BIG), description="d" * (TEXT_MAX_LENGTH + 1))
    form = JobOfferForm(data, user=member)
    assert not form.is_valid()
    assert codes(form, "salary_min") == ["max_value"] and codes(form, "description") == ["max_length"]


@pytest.mark.django_db
def test_recruiter_offer_form_answers_a_form_error_not_a_server_error(client, member, offer_post_data):  # noqa: F811
    client.force_login(member)
    response = client.post(
        reverse("emploi:offer_create"), offer_post_data(member.organisation, salary_min="1", salary_max=str(TOO_BIG))
    )
    assert response.status_code in (200, 400)
    assert "inférieure ou égale à 2147483647" in response.content.decode()
    assert not JobOffer.objects.exists()
