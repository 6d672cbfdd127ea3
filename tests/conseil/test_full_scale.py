"""The directory and the missions at the issue's full scale (1,000 consultants, bulk-seeded as
`seed_demo --scale full` does): the same query budget as with a handful."""

import pytest

from conseil import demo
from conseil.models import ConsultantProfile
from tests.factories import OrganisationFactory

from .factories import MissionFactory

pytestmark = pytest.mark.django_db

QUERIES = 15


@pytest.fixture
def full_directory(consultants_page):
    demo.seed_more_consultants(demo.FULL_SCALE_CONSULTANTS)
    organisation = OrganisationFactory()
    for _ in range(30):
        MissionFactory(organisation=organisation)
    return consultants_page


PATHS = [
    "",
    "?expertise=financement&expertise=strategie&region=84&disponibilite=available",
    "?q=gestion&departement=69",
    "?page=20",
    "missions/",
    "missions/?expertise=financement&region=84&distance=1",
]


def test_directory_profile_and_missions_at_full_scale_stay_within_budget(
    client, full_directory, django_assert_max_num_queries
):
    """Seeded once (1,000 profiles take a while): every listing, then a profile."""
    assert ConsultantProfile.objects.count() == 1000
    profile = ConsultantProfile.objects.visible().order_by("-pk").first()
    for path in [*PATHS, f"{profile.slug}/"]:
        url = full_directory.url + path
        client.get(url)  # the site frame and the filters' options, built once
        with django_assert_max_num_queries(QUERIES, info=url):
            assert client.get(url).status_code == 200, url
