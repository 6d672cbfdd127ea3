"""StreamField blocks of the magazine's articles."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException

from agenda.blocks import UpcomingEventsBlock
from emploi.blocks import JobOfferBlock, LatestOffersBlock
from home.blocks import RICH_TEXT_FEATURES, CalloutBlock, HeadingBlock, ImageBlock, QuoteBlock


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
        template = "magazine/blocks/click_to_load_embed.html"

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
        template = "magazine/blocks/document_link.html"


class ArticleBodyBlock(blocks.StreamBlock):
    """The body of an article. Other apps add theirs here (job offer, offer list, event list...)."""

    paragraph = blocks.RichTextBlock(label=_("Paragraphe"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    heading = HeadingBlock()
    image = ImageBlock()
    quote = QuoteBlock()
    embed = ClickToLoadEmbedBlock()
    document = DocumentLinkBlock()
    callout = CalloutBlock()
    job_offer = JobOfferBlock()
    latest_offers = LatestOffersBlock()
    upcoming_events = UpcomingEventsBlock()
