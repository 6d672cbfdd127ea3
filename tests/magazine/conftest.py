"""A magazine with two rubriques under the test site's home page."""

import pytest

from .factories import MagazineIndexPageFactory, RubriquePageFactory


@pytest.fixture
def magazine(home_page):
    return MagazineIndexPageFactory(parent=home_page)


@pytest.fixture
def rubrique(magazine):
    return RubriquePageFactory(parent=magazine, title="ESS", slug="ess")


@pytest.fixture
def other_rubrique(magazine):
    return RubriquePageFactory(parent=magazine, title="Recruteurs", slug="recruteurs")
