"""Reference data is loaded by the migrations: tests read the real communes, no factory needed."""

import pytest

from reference.models import Commune


@pytest.fixture
def commune(db):
    """Look a commune up by INSEE code: commune("69123")."""

    def get(code: str) -> Commune:
        return Commune.objects.select_related("departement", "region").get(code=code)

    return get
