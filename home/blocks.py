"""The home page's sections: the shared blocks of `core.blocks` and the features' own sections."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from agenda.blocks import UpcomingEventsBlock
from conseil.blocks import ConsultantBlock, ConsultantListBlock
from core.blocks import (
    RICH_TEXT_FEATURES,
    CallToActionBlock,
    ContentBlock,
    FeaturedPagesBlock,
    LinkTargetBlock,
    SpecificPageChooserBlock,
)
from emploi.blocks import JobOfferBlock, LatestOffersBlock
from magazine.blocks import FeaturedArticlesBlock
from newsletter.blocks import NewsletterSignupBlock

# Migrations written before these blocks moved to `core` name them by their old path.
__all__ = ["LinkTargetBlock", "SpecificPageChooserBlock", "HomeSectionBlock", "StandardContentBlock"]


class HeroBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Accroche"), max_length=140)
    lead = blocks.TextBlock(label=_("Chapô"), required=False)
    link_label = blocks.CharBlock(label=_("Libellé du bouton"), required=False)
    link_page = blocks.PageChooserBlock(label=_("Page du bouton"), required=False)

    class Meta:
        icon = "pick"
        label = _("Bandeau d’accueil")
        template = "blocks/hero.html"


class StandardContentBlock(ContentBlock):
    """The body of editorial pages: the shared content blocks, and consultants (one, or a filtered list)."""

    consultant = ConsultantBlock()
    consultants = ConsultantListBlock()


class HomeSectionBlock(blocks.StreamBlock):
    """Sections of the home page. Features add theirs (à la une, latest offers, upcoming events...)."""

    hero = HeroBlock()
    featured_pages = FeaturedPagesBlock()
    text = blocks.RichTextBlock(label=_("Texte"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    call_to_action = CallToActionBlock()
    featured_articles = FeaturedArticlesBlock()
    latest_offers = LatestOffersBlock()
    job_offer = JobOfferBlock()
    upcoming_events = UpcomingEventsBlock()
    newsletter_signup = NewsletterSignupBlock()
