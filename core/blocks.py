"""The content blocks every page type shares: one paragraph, heading, image, quote, call-out, call-to-action,
document and embed set (`ContentBlock`) that editorial pages, events and articles all use, and the
choosers the features build on. Features add their own blocks (offers, events...) in their apps."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page

from .pages import request_view_restrictions

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


class SpecificPageChooserBlock(blocks.PageChooserBlock):
    """A page chooser whose values come back in their specific type, fetched in bulk (one query for the
    content types, then one per page type) instead of as plain pages to be specialised one by one."""

    def bulk_to_python(self, values):
        ids = [value for value in values if value is not None]
        pages = Page.objects.filter(pk__in=ids).specific().in_bulk() if ids else {}
        return [pages.get(value) if value is not None else None for value in values]


class FeaturedPagesBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre de la section"))
    pages = blocks.ListBlock(SpecificPageChooserBlock(), label=_("Pages"), min_num=1, max_num=6)

    class Meta:
        icon = "list-ul"
        label = _("Pages mises en avant")
        template = "blocks/featured_pages.html"

    def get_context(self, value, parent_context=None):
        """The chosen pages readers may see: live, and behind no view restriction (password, login or
        group, on the page or an ancestor; the request's restrictions are read once per request)."""
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        restricted = [restriction.page.path for restriction in request_view_restrictions(request)]
        context["featured"] = [
            page
            for page in value["pages"]
            if page is not None and page.live and not any(page.path.startswith(path) for path in restricted)
        ]
        return context


class ClickToLoadEmbedBlock(blocks.StructBlock):
    """A video or post from another site, loaded only when the reader asks for it.

    The provider's HTML is kept in an inert `<template>` element: nothing is requested from the provider
    until `static/js/click-to-load.js` copies it into the page after a click. Without JavaScript the
    reader gets a plain link to the content on the provider's site.
    """

    url = EmbedBlock(label=_("Adresse du contenu (vidéo, publication…)"))
    title = blocks.CharBlock(label=_("Titre du contenu"), help_text=_("Annoncé avant le chargement."))
    caption = blocks.CharBlock(label=_("Légende"), required=False)

    class Meta:
        icon = "media"
        label = _("Contenu externe (chargé au clic)")
        template = "blocks/embed.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        embed_value = value.get("url")
        context["source_url"] = getattr(embed_value, "url", "") or ""
        context["embed_html"] = ""
        context["provider"] = ""
        if context["source_url"]:
            try:
                embed = get_embed(context["source_url"])
            except EmbedException:
                embed = None
            if embed is not None:
                context["embed_html"] = embed.html
                context["provider"] = embed.provider_name
        return context


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Libellé du lien"), required=False, help_text=_("Par défaut, son titre."))

    class Meta:
        icon = "doc-full"
        label = _("Lien vers un document")
        template = "blocks/document_link.html"


class ContentBlock(blocks.StreamBlock):
    """The body of editorial pages, events and articles. An app that needs more (the magazine adds job
    offers and events to its articles) subclasses it and adds its blocks after these."""

    paragraph = blocks.RichTextBlock(label=_("Paragraphe"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    callout = CalloutBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    embed = ClickToLoadEmbedBlock()
