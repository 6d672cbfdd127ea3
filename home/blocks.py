"""StreamField blocks shared by the site's pages. Feature apps add their own (offers, events...)."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "blockquote"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texte"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("Niveau"), choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Intertitre")
        template = "blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Texte alternatif"),
        required=False,
        help_text=_("Ce que montre l’image, pour qui ne la voit pas. Vide si elle est décorative."),
    )
    caption = blocks.CharBlock(label=_("Légende"), required=False)
    credit = blocks.CharBlock(label=_("Crédit"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citation"))
    author = blocks.CharBlock(label=_("Auteur·rice"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "blocks/quote.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), required=False)
    text = blocks.RichTextBlock(label=_("Texte"), features=["bold", "italic", "link", "ul"])

    class Meta:
        icon = "warning"
        label = _("Encadré")
        template = "blocks/callout.html"


class LinkTargetBlock(blocks.CharBlock):
    """A link target: a path on this site ("/comptes/signup/") or a full http(s) address."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("help_text", _("Une adresse du site (/comptes/signup/) ou complète (https://…)."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value and not (value.startswith("/") and not value.startswith("//")):
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                raise ValidationError(
                    _("Indiquez une adresse du site commençant par « / » ou une adresse complète en https://.")
                )
        return value


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"))
    text = blocks.TextBlock(label=_("Texte"), required=False)
    link_label = blocks.CharBlock(label=_("Libellé du lien"))
    link_page = blocks.PageChooserBlock(label=_("Page"), required=False)
    link_url = LinkTargetBlock(label=_("ou adresse"), required=False)

    class Meta:
        icon = "link"
        label = _("Appel à l’action")
        template = "blocks/call_to_action.html"


class FeaturedPagesBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre de la section"))
    pages = blocks.ListBlock(blocks.PageChooserBlock(), label=_("Pages"), min_num=1, max_num=6)

    class Meta:
        icon = "list-ul"
        label = _("Pages mises en avant")
        template = "blocks/featured_pages.html"

    def bulk_to_python(self, values):
        """Fetch the chosen pages in their specific form in bulk (one query per page type), not one by one."""
        structs = super().bulk_to_python(values)
        ids = {page.pk for struct in structs for page in struct["pages"] if page is not None}
        specific = Page.objects.filter(pk__in=ids).specific().in_bulk() if ids else {}
        for struct in structs:
            pages = [specific.get(page.pk) if page is not None else None for page in struct["pages"]]
            struct["pages"] = self.child_blocks["pages"].normalize(pages)
        return structs


class HeroBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Accroche"), max_length=140)
    lead = blocks.TextBlock(label=_("Chapô"), required=False)
    link_label = blocks.CharBlock(label=_("Libellé du bouton"), required=False)
    link_page = blocks.PageChooserBlock(label=_("Page du bouton"), required=False)

    class Meta:
        icon = "pick"
        label = _("Bandeau d’accueil")
        template = "blocks/hero.html"


class StandardContentBlock(blocks.StreamBlock):
    """The body of editorial pages."""

    paragraph = blocks.RichTextBlock(label=_("Paragraphe"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    call_to_action = CallToActionBlock()


class FeaturedArticlesBlock(blocks.StructBlock):
    """The magazine's articles pinned « À la une » (ArticlePage.is_featured), in the editors' order."""

    title = blocks.CharBlock(label=_("Titre de la section"), default=_("À la une"))
    count = blocks.IntegerBlock(label=_("Nombre d’articles"), default=4, min_value=1, max_value=8)

    class Meta:
        icon = "pick"
        label = _("À la une du magazine")
        template = "magazine/blocks/featured_articles.html"

    def render(self, value, context=None):
        """The section's HTML is kept in the cache until an article changes (magazine.listings)."""
        from magazine.listings import cached

        request = (context or {}).get("request")
        host = request.get_host() if request is not None else ""
        title = hashlib.sha256(value["title"].encode()).hexdigest()[:16]
        key = f"home-featured:{host}:{value['count']}:{title}"
        return cached(key, lambda: super(FeaturedArticlesBlock, self).render(value, context), timeout=600)

    def get_context(self, value, parent_context=None):
        from magazine.listings import featured_articles

        context = super().get_context(value, parent_context=parent_context)
        context["articles"] = featured_articles(limit=value["count"])
        return context


class HomeSectionBlock(blocks.StreamBlock):
    """Sections of the home page. Features add theirs (à la une, latest offers, upcoming events...)."""

    hero = HeroBlock()
    featured_pages = FeaturedPagesBlock()
    text = blocks.RichTextBlock(label=_("Texte"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    call_to_action = CallToActionBlock()
    featured_articles = FeaturedArticlesBlock()
