import pytest

from conseil.models import ConsultantIndexPage


@pytest.fixture
def consultants_page(home_page) -> ConsultantIndexPage:
    page = ConsultantIndexPage(
        title="Consultant·es", slug="conseil", lead="Les consultant·es de l’ESS.", intro="<p>Bienvenue.</p>"
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    return page
