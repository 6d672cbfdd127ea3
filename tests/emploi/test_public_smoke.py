import pytest

from tests.emploi.factories import JobOfferFactory
from tests.emploi.public_support import offers_page_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_listing_and_offer(client, offers_page, django_assert_max_num_queries):
    offer = JobOfferFactory()
    JobOfferFactory(draft=True, title="Brouillon secret")
    response = client.get("/emploi/")
    assert response.status_code == 200, response.content[:3000]
    content = response.content.decode()
    assert offer.title in content
    assert "Brouillon secret" not in content
    response = client.get(f"/emploi/{offer.url_key}/")
    assert response.status_code == 200
    print(response.content.decode()[:200])
    response = client.get("/emploi/rss/")
    assert response.status_code == 200
    response = client.get("/emploi/atom/?contrat=cdi")
    assert response.status_code == 200
