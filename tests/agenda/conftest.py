import pytest

from .factories import AgendaIndexPageFactory


@pytest.fixture
def agenda_page(home_page):
    return AgendaIndexPageFactory(parent=home_page)
