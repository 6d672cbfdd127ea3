"""Factories for the site's models, one per state a test needs."""

import factory
import wagtail_factories
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts.models import EDITOR_GROUP, MODERATOR_GROUP, User
from home.models import HomePage, StandardPage

TEST_PASSWORD = "un-mot-de-passe-solide-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"personne{n}@exemple.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        if create:
            self.save()


class CandidateFactory(UserFactory):
    is_candidate = True


class RecruiterFactory(UserFactory):
    is_recruiter = True


class ConsultantFactory(UserFactory):
    is_consultant = True


def join_group(default_group: str) -> factory.PostGeneration:
    """Put the user in a Wagtail group (`editorial_group="..."` chooses another one)."""

    def join(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=extracted or default_group))

    return factory.PostGeneration(join)


class EditorFactory(UserFactory):
    is_staff = True
    editorial_group = join_group(EDITOR_GROUP)


class ModeratorFactory(EditorFactory):
    editorial_group = join_group(MODERATOR_GROUP)


class HomePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = HomePage

    title = "Solidaires, le média de l'ESS"
    slug = "accueil"
    lead = "L'actualité de l'économie sociale et solidaire."


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = factory.Sequence(lambda n: f"Page éditoriale {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    lead = "Une page éditoriale du site."


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An ESS organisation; `members=[user, ...]` makes them approved members, the first one admin."""

    class Meta:
        model = "annuaire.Organisation"
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Coopérative du Lien {n}")
    slug = factory.Sequence(lambda n: f"cooperative-du-lien-{n}")
    siret = factory.Sequence(lambda n: luhn_siret(n))
    description = "Une structure de l’économie sociale et solidaire."
    is_verified = True

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        from annuaire.models import OrganisationMembership

        for position, user in enumerate(extracted or []):
            OrganisationMembership.objects.create(
                organisation=self, user=user, is_admin=position == 0, status=OrganisationMembership.Status.APPROVED
            )


def luhn_siret(n: int) -> str:
    """A valid SIRET (Luhn key) built from a sequence number."""
    from annuaire.validators import luhn_valid

    stem = f"8{n:012d}"
    return next(stem + str(key) for key in range(10) if luhn_valid(stem + str(key)))
