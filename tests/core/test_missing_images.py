"""A picture whose file is gone from storage (a lost volume, a half-restored backup) never takes a page
down: the page renders without it and the failure is logged."""

import logging

import pytest
import wagtail_factories
from wagtail.rich_text import RichText

from tests.agenda.factories import AgendaIndexPageFactory, EventPageFactory
from tests.factories import StandardPageFactory
from tests.magazine.factories import ArticlePageFactory, MagazineIndexPageFactory, RubriquePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost_image(db):
    image = wagtail_factories.ImageFactory(title="Perdue", file__width=1600, file__height=900)
    image.file.storage.delete(image.file.name)
    return image


def test_pages_render_when_an_image_file_is_missing(client, home_page, lost_image, caplog):
    magazine = MagazineIndexPageFactory(parent=home_page)
    rubrique = RubriquePageFactory(parent=magazine)
    article = ArticlePageFactory(
        parent=rubrique,
        main_image=lost_image,
        main_image_alt="Une image perdue",
        body=[("image", {"image": lost_image, "alt_text": "", "caption": "", "credit": ""})],
    )
    event = EventPageFactory(parent=AgendaIndexPageFactory(parent=home_page), image=lost_image)
    standard = StandardPageFactory(
        parent=home_page,
        body=[
            ("paragraph", RichText("<p>Texte.</p>")),
            ("image", {"image": lost_image, "alt_text": "", "caption": "", "credit": ""}),
        ],
        og_image=lost_image,
    )
    with caplog.at_level(logging.WARNING):
        for page in (article, event, standard, magazine, rubrique):
            response = client.get(page.url)
            assert response.status_code == 200, page.url
        assert client.get(f"{magazine.url}flux/rss/").status_code == 200
    assert any("missing or unreadable" in record.getMessage() for record in caplog.records)
