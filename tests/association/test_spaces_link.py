"""« Parler à quelqu'un » from the candidate's, recruiter's and organisation's spaces, preselecting who
is asking; anything else in `?de=` is ignored."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

CONTACT = reverse("association:contact")


@pytest.mark.parametrize(
    ("fixture", "url_name", "who"),
    [
        ("candidate", "emploi_candidate:space", "candidate"),
        ("recruiter", "emploi:space", "recruiter"),
        ("recruiter", "annuaire:organisations", "organisation"),
    ],
)
def test_each_space_links_to_a_human(request, client, home_page, fixture, url_name, who):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert f'href="{CONTACT}?de={who}"' in response.content.decode()


def test_the_link_preselects_who_is_asking(client, home_page, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        response = client.get(CONTACT, {"de": "organisation"})
    assert response.status_code == 200
    assert '<option value="organisation" selected>' in response.content.decode()


@pytest.mark.parametrize("value", ["<script>alert(1)</script>", "x" * 5000, "a\x00b", ""])
def test_anything_else_is_ignored(client, home_page, value):
    response = client.get(CONTACT, {"de": value})
    if "\x00" in value:  # the site's hardening refuses a NUL character in any parameter
        assert response.status_code == 400
        return
    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert(1)" not in content
    assert '<option value="person" selected>' in content
