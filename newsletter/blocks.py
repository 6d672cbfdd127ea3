"""The blocks of a letter. The weekly letter is composed from them automatically (`composition`); editors
reorder and edit them before sending. Chosen items are read at send time, once per letter."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class PressLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=255)
    source = blocks.CharBlock(label=_("source"), max_length=120)
    url = blocks.URLBlock(label=_("adresse"), max_length=500)

    class Meta:
        label = _("Revue de presse")
        icon = "link"


class FigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("chiffre"), max_length=40)
    label = blocks.CharBlock(label=_("légende"), max_length=160)

    class Meta:
        label = _("Chiffre")
        icon = "order"


class LetterBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Intertitre"), max_length=120, icon="title")
    text = blocks.RichTextBlock(label=_("Texte"), features=["bold", "italic", "link", "ul", "ol"])
    article = blocks.PageChooserBlock(label=_("Article"), page_type="magazine.ArticlePage")
    press = PressLinkBlock()
    offer = SnippetChooserBlock("emploi.JobOffer", label=_("Offre d’emploi"))
    event = blocks.PageChooserBlock(label=_("Événement"), page_type="agenda.EventPage")
    figure = FigureBlock()


class NewsletterSignupBlock(blocks.StructBlock):
    """The sign-up box as a section of the home page (the same form as the footer's)."""

    title = blocks.CharBlock(label=_("titre"), max_length=120, default=_("La lettre de Solidaires"))
    text = blocks.CharBlock(
        label=_("texte"),
        max_length=255,
        required=False,
        default=_("Chaque semaine, l’essentiel de l’ESS dans votre boîte. Désinscription en un clic."),
    )

    class Meta:
        label = _("Inscription à la lettre")
        icon = "mail"
        template = "newsletter/blocks/signup.html"
