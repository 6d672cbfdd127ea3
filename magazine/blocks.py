"""The magazine's block for other pages: « À la une » (the home page's section). The body of an
article is `magazine.models.articles.ArticleBodyBlock`, next to the model that uses it."""

import hashlib

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from . import listings
from .caching import cached


class FeaturedArticlesBlock(blocks.StructBlock):
    """The magazine's articles pinned « À la une » (ArticlePage.is_featured), in the editors' order."""

    title = blocks.CharBlock(label=_("Titre de la section"), default=_("À la une"))
    count = blocks.IntegerBlock(label=_("Nombre d’articles"), default=4, min_value=1, max_value=8)

    class Meta:
        icon = "pick"
        label = _("À la une du magazine")
        template = "magazine/blocks/featured_articles.html"

    def render(self, value, context=None):
        """The section's HTML is kept in the cache until an article changes (`magazine.caching`)."""
        request = (context or {}).get("request")
        host = request.get_host() if request is not None else ""
        title = hashlib.sha256(value["title"].encode()).hexdigest()[:16]
        key = f"home-featured:{host}:{value['count']}:{title}"
        return cached(key, lambda: super(FeaturedArticlesBlock, self).render(value, context), timeout=600)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["articles"] = listings.featured_articles(limit=value["count"])
        return context
