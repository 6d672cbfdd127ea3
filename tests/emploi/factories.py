"""Factories for job offers: one trait per state a test needs.

JobOfferFactory()                       # published, open (closing in 30 days), in Lyon
JobOfferFactory(draft=True)             # also: submitted, refused, withdrawn, closed,
JobOfferFactory(expired=True)           # published but past its closing date (task not run yet)
JobOfferFactory(closed_long_ago=True)   # closed beyond the grace period: gone for the public
JobOfferFactory(full_remote=True)       # no commune
JobOfferFactory(organisation__members=[recruiter])
"""

from datetime import timedelta

import factory
from django.utils import timezone

from emploi.models import JobFunction, JobOffer, OfferApplication, OfferStatus, WorkingTime
from reference.models import Commune, ContractType, Sector
from tests.factories import OrganisationFactory, RecruiterFactory


def contract(slug: str) -> ContractType:
    return ContractType.objects.get(slug=slug)


def commune(code: str = "69123") -> Commune:
    """A commune of the reference data (loaded by the migrations): Lyon by default."""
    return Commune.objects.select_related("departement", "region").get(code=code)


def days_from_today(days: int):
    return timezone.localdate() + timedelta(days=days)


class JobOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobOffer

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Chargé·e d’accompagnement {n}")
    contract_type = factory.LazyFunction(lambda: contract("cdi"))
    working_time = WorkingTime.FULL_TIME
    function = factory.LazyFunction(lambda: JobFunction.objects.order_by("order").first())
    sector = factory.LazyFunction(lambda: Sector.objects.order_by("order").first())
    commune = factory.LazyFunction(commune)
    full_remote = False
    remote_days = 1
    salary_min = 26000
    salary_max = 30000
    description = "<p>Vous accompagnez les personnes accueillies dans leur parcours.</p>"
    profile = "<p>Expérience de l’accompagnement social souhaitée.</p>"
    closing_date = factory.LazyFunction(lambda: days_from_today(30))
    status = OfferStatus.PUBLISHED
    submitted_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    created_by = factory.SubFactory(RecruiterFactory)

    class Params:
        draft = factory.Trait(status=OfferStatus.DRAFT, submitted_at=None, published_at=None)
        submitted = factory.Trait(status=OfferStatus.SUBMITTED, published_at=None)
        refused = factory.Trait(status=OfferStatus.REFUSED, published_at=None)
        withdrawn = factory.Trait(status=OfferStatus.WITHDRAWN)
        expired = factory.Trait(
            status=OfferStatus.PUBLISHED,
            closing_date=factory.LazyFunction(lambda: days_from_today(-1)),
        )
        closed = factory.Trait(
            status=OfferStatus.CLOSED,
            closing_date=factory.LazyFunction(lambda: days_from_today(-1)),
            closed_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=12)),
        )
        closed_long_ago = factory.Trait(
            status=OfferStatus.CLOSED,
            closing_date=factory.LazyFunction(lambda: days_from_today(-100)),
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=130)),
            closed_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=99)),
        )


class OfferApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OfferApplication

    offer = factory.SubFactory(JobOfferFactory)
    name = factory.Faker("name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"candidature{n}@exemple.test")
    message = "Je souhaite candidater."
