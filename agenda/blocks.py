"""StreamField blocks of the agenda: "Prochains événements" for the home page and articles (imported by
`home.blocks` and `magazine.models.articles`, and by name in their migrations)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from . import services
from .forms import territories
from .models import AgendaIndexPage


def region_choices():
    return [("", _("Toutes les régions"))] + [(slug, name) for _pk, slug, name in territories()["regions"]]


def departement_choices():
    return [("", _("Tous les départements"))] + [
        (code, f"{code} – {name}") for _pk, code, name in territories()["departements"]
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
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        occurrences = services.upcoming_occurrences(
            category=value.get("category"),
            region_slug=value.get("region") or None,
            departement_code=value.get("departement") or None,
            limit=value.get("count") or 4,
        )
        context["occurrences"] = occurrences
        context["agenda_url"] = agenda_url(request, occurrences)
        return context


def agenda_url(request, occurrences) -> str | None:
    """The agenda's address: its events' parent, or (with no event to show) looked up once per request."""
    if occurrences:
        url = occurrences[0].event.get_url(request=request)
        if url:
            return url[: url.rstrip("/").rfind("/") + 1]
    if request is not None and hasattr(request, "_agenda_url"):
        return request._agenda_url
    agenda = AgendaIndexPage.objects.live().only("id", "url_path", "path", "depth").first()
    url = agenda.get_url(request=request) if agenda else None
    if request is not None:
        request._agenda_url = url
    return url
