"""The magazine's models, by concern: `articles` (the article page, its body, tags and what it shows),
`pages` (the index and its rubriques), `snippets` (authors, revue de presse) and `press` (press releases
received through the public form)."""

from .articles import (
    ArticleBodyBlock,
    ArticleKind,
    ArticlePage,
    ArticlePageQuerySet,
    ArticleTag,
    RelatedArticle,
    Term,
    reading_minutes,
    view_restricted,
)
from .pages import MagazineIndexPage, RubriquePage
from .press import PressReleaseAttachment, PressReleaseSubmission, press_attachment_path
from .snippets import Author, PressReviewLink

__all__ = [
    "ArticleBodyBlock",
    "ArticleKind",
    "ArticlePage",
    "ArticlePageQuerySet",
    "ArticleTag",
    "Author",
    "MagazineIndexPage",
    "PressReleaseAttachment",
    "PressReleaseSubmission",
    "PressReviewLink",
    "RelatedArticle",
    "RubriquePage",
    "Term",
    "press_attachment_path",
    "reading_minutes",
    "view_restricted",
]
