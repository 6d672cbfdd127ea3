"""StreamField blocks of the agenda: "Prochains événements" for the home page and articles.

This module is imported by `home.blocks`: it must not import `home` nor `agenda.models` at load time.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


def region_choices():
    from reference.models import Region

    return [("", _("Toutes les régions"))] + [(region.code, region.name) for region in Region.objects.all()]


def departement_choices():
    from reference.models import Departement

    return [("", _("Tous les départements"))] + [
        (departement.code, f"{departement.code} – {departement.name}") for departement in Departement.objects.all()
    ]


class UpcomingEventsBlock(blocks.StructBlock):
    """The next events, optionally of one category and one territory."""

    title = blocks.CharBlock(label=_("Titre de la section"), default=_("Prochains événements"), max_length=120)
    category = SnippetChooserBlock("agenda.EventCategory", label=_("Catégorie"), required=False)
    region = blocks.ChoiceBlock(label=_("Région"), choices=region_choices, required=False)
    departement = blocks.ChoiceBlock(label=_("Département"), choices=departement_choices, required=False)
    count = blocks.IntegerBlock(label=_("Nombre d’événements"), default=4, min_value=1, max_value=12)

    class Meta:
        icon = "date"
        label = _("Prochains événements")
        template = "agenda/blocks/upcoming_events.html"

    def get_context(self, value, parent_context=None):
        from .services import upcoming_occurrences

        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        context["occurrences"] = upcoming_occurrences(
            category=value.get("category"),
            region_code=value.get("region") or None,
            departement_code=value.get("departement") or None,
            limit=value.get("count") or 4,
        )
        context["agenda_url"] = agenda_url(request)
        return context


def agenda_url(request) -> str | None:
    from .models import AgendaIndexPage

    agenda = AgendaIndexPage.objects.live().only("id", "url_path", "path", "depth").first()
    return agenda.get_url(request=request) if agenda else None
