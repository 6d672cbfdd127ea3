"""Models: tree rules, denormalised rubrique and live flag, reading time, cache invalidation."""

import pytest
from django.core.cache import cache
from wagtail.rich_text import RichText

from home.models import HomePage, StandardPage
from magazine.caching import GENERATION_KEY, listing_generation
from magazine.models import ArticleKind, ArticlePage, MagazineIndexPage, RubriquePage, reading_minutes

from .factories import ArticlePageFactory, RubriquePageFactory

pytestmark = pytest.mark.django_db


def test_page_types_nest_strictly():
    assert MagazineIndexPage.allowed_parent_page_models() == [HomePage]
    assert RubriquePage.allowed_parent_page_models() == [MagazineIndexPage]
    assert ArticlePage.allowed_parent_page_models() == [RubriquePage]
    assert MagazineIndexPage.allowed_subpage_models() == [RubriquePage]
    assert RubriquePage.allowed_subpage_models() == [ArticlePage]
    assert ArticlePage.allowed_subpage_models() == []
    assert ArticlePage not in StandardPage.allowed_subpage_models()


def test_article_keeps_its_rubrique_and_live_flag(rubrique, other_rubrique):
    article = ArticlePageFactory(parent=rubrique)
    assert article.rubrique_id == rubrique.pk
    assert article.is_listed

    article.unpublish()
    article.refresh_from_db()
    assert not article.live and not article.is_listed

    article.save_revision().publish()
    article.refresh_from_db()
    assert article.is_listed

    article.move(other_rubrique, pos="last-child")
    article.refresh_from_db()
    assert article.rubrique_id == other_rubrique.pk
    assert article.url == "/magazine/recruteurs/" + article.slug + "/"


def test_kind_choices_name_a_press_release():
    assert ArticleKind.PRESS_RELEASE == "communique"
    assert ArticleKind.PRESS_RELEASE.label == "Communiqué de presse"
    assert set(ArticleKind.values) == {"article", "interview", "tribune", "communique", "revue"}


def test_reading_time_counts_the_lead_and_text_blocks(article):
    assert article.reading_minutes == 2  # ~370 words at 220 a minute
    body = ArticlePage(body=[("paragraph", RichText("<p>court</p>"))]).body
    assert reading_minutes("Deux mots", body) == 1


def test_saving_an_article_bumps_the_listing_generation(rubrique):
    cache.delete(GENERATION_KEY)
    before = listing_generation()
    ArticlePageFactory(parent=rubrique)
    assert listing_generation() > before


def test_a_draft_revision_does_not_change_the_live_reading_time(article):
    article.body = [("paragraph", RichText("<p>" + "mot " * 5000 + "</p>"))]
    article.save_revision()
    article.refresh_from_db()
    assert article.reading_minutes == 2


def test_rubrique_slug_is_unique_in_the_magazine(magazine, rubrique):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        RubriquePageFactory(parent=magazine, title="ESS bis", slug="ess")
