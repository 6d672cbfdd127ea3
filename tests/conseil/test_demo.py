import io

import pytest

from conseil import demo
from conseil.models import ConsultantIndexPage, ConsultantProfile, Mission, MissionStateChange, Proposal
from tests.factories import OrganisationFactory, RecruiterFactory

pytestmark = pytest.mark.django_db


def test_demo_creates_the_directory_sixty_profiles_and_twenty_missions_once(client, home_page):
    for _ in range(3):
        OrganisationFactory(members=[RecruiterFactory()])
    demo.seed("small", io.StringIO())
    demo.seed("small", io.StringIO())
    page = ConsultantIndexPage.objects.get()
    assert page.get_parent().pk == home_page.pk and page.live
    assert len(demo.CONSULTANTS) == 30
    assert ConsultantProfile.objects.count() == demo.TARGET_CONSULTANTS == 60
    assert ConsultantProfile.objects.filter(status="published").exists()
    response = client.get(page.url, {"expertise": "financement"})
    assert response.status_code == 200 and response.context["total"] > 0
    assert Mission.objects.count() == 20
    assert set(Mission.objects.values_list("status", flat=True)) == {"published", "submitted", "refused", "closed"}
    assert MissionStateChange.objects.filter(to_status="refused").exclude(reason="").exists()
    assert Proposal.objects.filter(status="chosen").count() == 1
    listing = client.get(page.url + "missions/")
    assert listing.status_code == 200 and listing.context["total"] == 17
    generated = ConsultantProfile.objects.filter(slug__startswith="demo-consultant-").first()
    assert generated.expertises.exists()
    assert client.get(f"{page.url}{generated.slug}/").status_code == 200


def test_more_consultants_in_bulk(home_page):
    demo.seed_more_consultants(45)
    assert ConsultantProfile.objects.count() == 45
    assert demo.seed_more_consultants(45) == 0
    assert not ConsultantProfile.objects.filter(expertises__isnull=True).exists()
