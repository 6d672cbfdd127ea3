import io

import pytest

from conseil import demo
from conseil.models import ConsultantIndexPage, ConsultantProfile

pytestmark = pytest.mark.django_db


def test_demo_creates_the_directory_and_thirty_profiles_once(client, home_page):
    demo.seed("small", io.StringIO())
    demo.seed("small", io.StringIO())
    page = ConsultantIndexPage.objects.get()
    assert page.get_parent().pk == home_page.pk and page.live
    assert ConsultantProfile.objects.count() == len(demo.CONSULTANTS) == 30
    assert ConsultantProfile.objects.filter(status="published").exists()
    response = client.get(page.url, {"expertise": "financement"})
    assert response.status_code == 200 and response.context["total"] > 0
