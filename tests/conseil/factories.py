from datetime import timedelta

import factory
from django.utils import timezone

from conseil.models import ConsultantProfile, ConsultantReference, Expertise, Mission, Proposal
from reference.models import Region
from tests.factories import ConsultantFactory, OrganisationFactory


class ConsultantProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultantProfile
        skip_postgeneration_save = True

    user = factory.SubFactory(ConsultantFactory)
    name = factory.Faker("name", locale="fr_FR")
    headline = "Accompagnement des structures de l’ESS"
    bio = "Vingt ans d’expérience auprès des associations."
    national = True

    @factory.post_generation
    def expertises(self, create, extracted, **kwargs):
        if create:
            self.expertises.set(extracted if extracted is not None else [Expertise.objects.get(slug="strategie")])

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)

    @factory.post_generation
    def departements(self, create, extracted, **kwargs):
        if create and extracted:
            self.departements.set(extracted)


class ConsultantReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultantReference

    profile = factory.SubFactory(ConsultantProfileFactory)
    organisation = "Coopérative des Tisserands"
    year = 2023
    description = "Diagnostic partagé et plan d’action."


def some_region() -> Region:
    return Region.objects.order_by("code").first()


def profile_form_data(**overrides) -> dict:
    data = {
        "kind": "person",
        "name": "Claire Dubois",
        "headline": "Modèles économiques et financement",
        "bio": "Ancienne directrice financière d’une SCOP.",
        "expertises": [Expertise.objects.get(slug="financement").pk],
        "regions": [Region.objects.order_by("code").first().pk],
        "languages": "français, anglais",
        "daily_rate_min": "500",
        "daily_rate_max": "800",
        "availability": "available",
        "visibility": "public",
        "references-TOTAL_FORMS": "1",
        "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0",
        "references-MAX_NUM_FORMS": "20",
        "references-0-organisation": "Régie de quartier",
        "references-0-year": "2024",
        "references-0-description": "Plan de financement.",
    }
    data.update(overrides)
    return data


class MissionFactory(factory.django.DjangoModelFactory):
    """A mission; `status` as given (no history), `expertises` default to « stratégie »."""

    class Meta:
        model = Mission
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Diagnostic du modèle économique {n}")
    need = "Notre association veut consolider ses ressources après la fin d’un contrat aidé."
    deliverables = "Un diagnostic partagé et un plan d’action sur trois ans."
    budget_min = 3000
    budget_max = 6000
    remote = True
    answer_by = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=20))
    status = "published"
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def expertises(self, create, extracted, **kwargs):
        if create:
            self.expertises.set(extracted if extracted is not None else [Expertise.objects.get(slug="strategie")])


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    mission = factory.SubFactory(MissionFactory)
    consultant = factory.SubFactory(ConsultantProfileFactory)
    message = "Je propose trois jours d’entretiens et deux ateliers."


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
