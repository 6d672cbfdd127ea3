"""The demo seeder: a consistent page tree, idempotent."""

import io

import pytest
from wagtail.models import Page

from magazine import demo
from magazine.models import ArticlePage, MagazineIndexPage, PressReviewLink, RubriquePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_demo(home_page, monkeypatch, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(demo, "SMALL_COUNT", 30)
    monkeypatch.setattr(demo, "IMAGE_COUNT", 3)
    demo.seed("small", io.StringIO())
    return home_page


def test_demo_creates_the_magazine_with_its_rubriques_and_articles(small_demo, client):
    index = MagazineIndexPage.objects.get()
    assert index.url == "/magazine/"
    assert [r.slug for r in RubriquePage.objects.child_of(index).order_by("path")] == [
        "ess",
        "recruteurs",
        "salaries",
        "agenda",
        "conseil",
    ]
    assert ArticlePage.objects.count() == 30
    assert ArticlePage.objects.filter(is_listed=True, rubrique__isnull=False).count() == 30
    assert PressReviewLink.objects.count() == 60
    article = ArticlePage.objects.newest_first().first()
    assert client.get(article.url).status_code == 200
    assert client.get(index.url).status_code == 200


def test_demo_keeps_the_page_tree_consistent(small_demo):
    for rubrique in RubriquePage.objects.all():
        children = Page.objects.child_of(rubrique)
        assert rubrique.numchild == children.count()
        for child in children:
            assert child.url_path == f"{rubrique.url_path}{child.slug}/"
            assert child.get_parent().pk == rubrique.pk
    problems = Page.find_problems()
    assert all(not problem for problem in problems), problems


def test_demo_is_idempotent(small_demo):
    before = (ArticlePage.objects.count(), PressReviewLink.objects.count(), RubriquePage.objects.count())
    demo.seed("small", io.StringIO())
    assert (ArticlePage.objects.count(), PressReviewLink.objects.count(), RubriquePage.objects.count()) == before


def test_demo_articles_are_in_the_search_index(small_demo):
    article = ArticlePage.objects.newest_first().first()
    word = article.title.split()[-1]
    assert ArticlePage.objects.live().search(word)
