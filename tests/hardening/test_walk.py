"""Bad input everywhere (issue 21): every GET endpoint with its query parameters and every form, public
and signed-in, found from the URL configuration (`walk.ENDPOINTS`), gets NUL and other control characters,
right-to-left overrides, values one over each field's maximum, numbers past PostgreSQL's integer, markup
and script. No answer may be a server error, and what is stored comes back escaped on the pages that show
it and in the emails it triggers. Runs on PostgreSQL in CI (SQLite would hide the column errors)."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.models import OutgoingEmail
from tests.core.test_column_limits import WAGTAIL_ADMIN_FORMS, project_form_classes

from .walk import (
    ENDPOINTS,
    LIGHT_PARAMS,
    LIGHT_QUERY_PAYLOADS,
    LINE_MAX_LENGTH,
    MARKUP,
    QUERY_PAYLOADS,
    RAW_MARKERS,
    field_kinds,
    past_int_addresses,
    post_variants,
    problems_of,
    url_keys,
)
from .world import build_world

pytestmark = pytest.mark.django_db

# Forms read from the query string: walked through their endpoints' parameters, not posted.
GET_FORMS = {
    "agenda.forms.EventFilterForm",
    "emploi.filters.OfferFilterForm",
    "annuaire.forms.OrganisationSearchForm",
    "annuaire.filters.OrganisationFilterForm",
    "conseil.filters.ConsultantFilterForm",
    "conseil.filters.MissionFilterForm",
    "search.forms.SearchForm",  # walked through the parameters of search:search
    "reference.forms.DepartementFilterForm",  # the search's filter on a type tab (search:search)
    "association.forms.AssemblyDateForm",  # the date of association:assembly and its exports
    # The filters of the search's type tabs, walked through the parameters of search:search.
    "agenda.searchables.EventSearchFilterForm",
    "annuaire.searchables.OrganisationSearchFilterForm",
    "emploi.searchables.OfferSearchFilterForm",
    "magazine.searchables.ArticleSearchFilterForm",
}
BASES = {"core.forms.HoneypotMixin", "core.forms.ListingFilterForm"}  # abstract: walked through their subclasses


@pytest.fixture
def world(home_page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMPLOI_MAX_NEW_OFFERS_PER_DAY = 1_000  # every variant of the offer form reaches its checks
    return build_world(home_page)


def sign_in(client, world, role):
    client.logout()
    if role:
        client.force_login(world.user(role))


def request(client, world, role, method, url, data=None):
    """One request as `role`, with empty caches: no rate limit or cached page stands in for the view."""
    cache.clear()
    client.raise_request_exception = False  # a server error is listed with the others (its traceback is logged)
    sign_in(client, world, role)
    if method == "get":
        return client.get(url, data or {})
    return client.post(url, data or {}, follow=True)


def query_variants(params: tuple[str, ...]):
    if not params:
        for label in LIGHT_QUERY_PAYLOADS:
            yield label, dict.fromkeys(LIGHT_PARAMS, QUERY_PAYLOADS[label])
        return
    for label, payload in QUERY_PAYLOADS.items():
        yield label, dict.fromkeys(params, payload)
    yield "over", dict.fromkeys(params, "a" * (LINE_MAX_LENGTH + 1))
    yield "repeated", {name: [MARKUP, "9" * 40, ""] for name in params}


def test_every_get_endpoint_answers_bad_query_strings_without_error(client, world):
    routes = url_keys()
    problems, statuses = [], {}
    for name, endpoint in ENDPOINTS.items():
        url = endpoint.address(name, world)
        response = request(client, world, endpoint.user, "get", url)
        statuses[name] = response.status_code
        problems += problems_of(response, f"GET {name} {url}", endpoint.unavailable_ok)
        for label, query in query_variants(endpoint.params):
            response = request(client, world, endpoint.user, "get", url, query)
            problems += problems_of(response, f"GET {name} ?{label}", endpoint.unavailable_ok)
        for other in endpoint.also(world) + past_int_addresses(name, endpoint, world, routes):
            response = request(client, world, endpoint.user, "get", other)
            problems += problems_of(response, f"GET {name} {other}")
    assert not problems, "\n".join(problems)
    # Each address of the catalogue reaches its view (a 404 there would make its walk hollow).
    missing = {name: status for name, status in statuses.items() if status == 404}
    assert set(missing) <= EXPECTED_404, missing


# Addresses that answer 404 by design with the catalogue's arguments (an unknown token or document).
EXPECTED_404 = {
    "account_confirm_email",
    "wagtaildocs_serve",
    "wagtaildocs_authenticate_with_password",
    "wagtailcore_authenticate_with_password",
}


def stored_markup_problems(client, world, name, endpoint) -> list[str]:
    problems = []
    for role, url in endpoint.shows(world):
        problems += problems_of(request(client, world, role, "get", url), f"{name}: stored values shown at {url}")
    for email in OutgoingEmail.objects.all():
        if any(marker in email.html_body for marker in RAW_MARKERS):
            problems.append(f"{name}: markup unescaped in the email {email.subject!r}")
    return problems


def test_every_form_answers_bad_input_without_error_and_shows_it_escaped(client, world):
    problems, walked = [], set()
    for name, endpoint in ENDPOINTS.items():
        if endpoint.form is None:
            continue
        spec = endpoint.form
        form = spec.form(world) if spec.form else None
        if form is not None:
            for form_class in (type(form), *getattr(form, "walked_forms", ())):
                walked.add(f"{form_class.__module__}.{form_class.__qualname__}")
        url = endpoint.address(name, world)
        for label, changes in post_variants(field_kinds(form), spec.valid(world)):
            data = {**spec.valid(world), **changes, **spec.files(world)}
            endpoint.before_post(world)
            response = request(client, world, endpoint.user, "post", url, data)
            problems += problems_of(response, f"POST {name} ({label})")
            if label.endswith((": over", ": below", ": past_int")) and response.redirect_chain:
                problems.append(f"POST {name} ({label}): accepted ({response.redirect_chain[0][0]})")
        problems += stored_markup_problems(client, world, name, endpoint)
    assert not problems, "\n".join(problems)

    forms_of_the_project = set(project_form_classes()) - set(WAGTAIL_ADMIN_FORMS) - GET_FORMS - BASES
    assert forms_of_the_project <= walked, f"Forms no endpoint posts to: {sorted(forms_of_the_project - walked)}"


def test_the_walk_really_stores_what_it_sends(client, world):
    """The markup variants reach the database (not all refused before): a stored application shows escaped."""
    endpoint = ENDPOINTS["route:emploi.OffersIndexPage:apply"]
    url = endpoint.address("route:emploi.OffersIndexPage:apply", world)
    data = {"name": "Camille <b>Martin</b>", "email": "camille@exemple.test", "message": f"Bonjour {MARKUP}"}
    response = request(client, world, None, "post", url, data)
    assert response.status_code == 200 and world.open_offer.applications.count() == 1
    assert not problems_of(response, "apply")
    assert not stored_markup_problems(client, world, "apply", endpoint)


def test_a_file_named_with_markup_and_controls_is_refused_or_kept_escaped(client, world):
    endpoint = ENDPOINTS["magazine:press_release_submit"]
    url = endpoint.address("magazine:press_release_submit", world)
    data = endpoint.form.valid(world)
    upload = SimpleUploadedFile(f"{SCRIPT_NAME}.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = request(client, world, None, "post", url, {**data, "attachments": [upload]})
    assert not problems_of(response, "press release with a hostile file name")
    assert not stored_markup_problems(client, world, "press release", endpoint)


SCRIPT_NAME = '<script>alert("walk")</script>\u202e\x07fdp'


# --- Property-based: the listing filters ----------------------------------------------------------------

FILTER_ENDPOINTS = (
    "route:emploi.OffersIndexPage:listing",
    "route:agenda.AgendaIndexPage:upcoming",
    "route:annuaire.OrganisationIndexPage:listing",
)
FILTER_PARAMS = sorted({param for name in FILTER_ENDPOINTS for param in ENDPOINTS[name].params})
value = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=1200),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        [
            MARKUP,
            "\u202e",
            "2147483648",
            "-1",
            "0",
            "",
            " ",
            "%",
            "69123",
            "Lyon (69)",
            "cdi",
            "1",
            "association",
            "recrute",
        ]
    ),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    endpoint=st.sampled_from(FILTER_ENDPOINTS),
    query=st.dictionaries(
        st.sampled_from(FILTER_PARAMS),
        st.one_of(value, st.lists(value, max_size=4)),
        max_size=8,
    ),
)
def test_listing_filters_never_fail_whatever_the_query_string(client, world, endpoint, query):
    url = ENDPOINTS[endpoint].address(endpoint, world)
    response = request(client, world, None, "get", url, query)
    assert response.status_code < 500
    assert not problems_of(response, f"GET {endpoint} {query!r}")
