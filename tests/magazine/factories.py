"""Factories for the magazine: index, rubriques, articles and authors."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from django.utils.text import slugify

from magazine.models import ArticleKind, ArticlePage, Author, MagazineIndexPage, PressReviewLink, RubriquePage


class MagazineIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = MagazineIndexPage

    title = "Magazine"
    slug = "magazine"
    intro = "L’actualité de l’économie sociale et solidaire."


class RubriquePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = RubriquePage

    title = factory.Sequence(lambda n: f"Rubrique {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    intro = "Une rubrique du magazine."


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Camille Autrice {n}")
    slug = factory.LazyAttribute(lambda author: slugify(author.name))
    bio = "Journaliste, suit l’économie sociale et solidaire."


class ArticlePageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Article numéro {n}")
    slug = factory.LazyAttribute(lambda page: slugify(page.title))
    lead = "Une coopérative d’habitants ouvre ses portes et raconte son projet."
    kind = ArticleKind.ARTICLE
    # Newest first in creation order, a minute apart: the suite creates far fewer than a day's worth.
    publication_date = factory.Sequence(lambda n: timezone.now() - datetime.timedelta(minutes=n + 1))

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            self.authors.set(extracted)
            self.save()

    @factory.post_generation
    def tag_names(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.set(extracted)
            self.save()


class PressReviewLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PressReviewLink

    title = factory.Sequence(lambda n: f"Les coopératives recrutent ({n})")
    source = "Le Quotidien solidaire"
    url = factory.Sequence(lambda n: f"https://presse.example/articles/{n}")
