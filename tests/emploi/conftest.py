"""Fixtures for job offers: a recruiter member of an organisation, and the values of a valid offer."""

from datetime import timedelta

import pytest
from django.utils import timezone

from emploi.models import JobFunction
from reference.models import ContractType, Sector
from tests.factories import OrganisationFactory, RecruiterFactory

from .factories import commune


@pytest.fixture
def member(db):
    """A recruiter, administrator of a verified organisation (`member.organisation`)."""
    user = RecruiterFactory()
    user.organisation = OrganisationFactory(members=[user])
    return user


@pytest.fixture
def offer_values(member):
    """What a valid recruiter form cleans to (model instances, dates)."""
    return {
        "organisation": member.organisation,
        "title": "Animateur·rice d’un tiers-lieu",
        "contract_type": ContractType.objects.get(slug="cdd"),
        "working_time": "full_time",
        "function": JobFunction.objects.get(slug="petite-enfance-animation"),
        "sector": Sector.objects.get(slug="culture"),
        "commune": commune("69123"),
        "full_remote": False,
        "remote_days": 1,
        "salary_min": 24000,
        "salary_max": 27000,
        "salary_period": "year",
        "description": "Vous animez le lieu.\n\nVous accueillez les publics.",
        "profile": "",
        "apply_mode": "site",
        "apply_url": "",
        "start_date": None,
        "closing_date": timezone.localdate() + timedelta(days=30),
        "reference": "TL-1",
    }


def offer_form_data(organisation, **overrides) -> dict:
    """What a recruiter types in the form (strings), for `organisation`."""
    data = {
        "organisation": str(organisation.pk),
        "title": "Animateur·rice d’un tiers-lieu",
        "contract_type": str(ContractType.objects.get(slug="cdd").pk),
        "working_time": "full_time",
        "function": str(JobFunction.objects.get(slug="petite-enfance-animation").pk),
        "sector": str(Sector.objects.get(slug="culture").pk),
        "commune": "Lyon (69)",
        "remote_days": "1",
        "salary_min": "24000",
        "salary_max": "27000",
        "salary_period": "year",
        "description": "Vous animez le lieu.\n\nVous accueillez les publics.",
        "profile": "",
        "apply_mode": "site",
        "apply_url": "",
        "start_date": "",
        "closing_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "reference": "",
        "contact_nickname": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def offer_post_data():
    """`offer_form_data`, as a fixture."""
    return offer_form_data
