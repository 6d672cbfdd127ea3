"""StreamField blocks showing consultants in editorial pages: one chosen profile, or a list filtered by
expertise or territory. Both follow the public rule (`ConsultantProfile.objects.visible()`) and render
nothing while the directory page is not public (unpublished, or behind a view restriction)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from .filters import ConsultantFilterForm, filter_options
from .models import ConsultantIndexPage
from .models.profiles import ConsultantProfile
from .views_public import listed_profiles

MAX_CONSULTANTS = 12


def directory_url() -> str:
    """The address of the live public directory page, "" when there is none."""
    page = ConsultantIndexPage.objects.live().public().only("id", "url_path", "path", "depth").first()
    return page.url if page is not None else ""


class StoredChoiceBlock(blocks.ChoiceBlock):
    """A choice among database rows (slugs, codes) whose stored value is used as is when a page is read:
    the choices are only built for the editor's form."""

    def to_python(self, value):
        return value


def expertise_choices():
    return [("", _("Tous")), *filter_options()["expertise"]]


def region_choices():
    return [("", _("Toutes")), *filter_options()["region"]]


def departement_choices():
    return [("", _("Tous")), *filter_options()["departement"]]


class ConsultantBlock(blocks.StructBlock):
    profile = SnippetChooserBlock("conseil.ConsultantProfile", label=_("Consultant·e"))

    class Meta:
        icon = "user"
        label = _("Consultant·e")
        template = "conseil/blocks/consultant.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        chosen = value.get("profile")
        profile = None
        base_url = directory_url() if chosen is not None else ""
        if base_url:
            profile = listed_profiles().filter(pk=chosen.pk).first()
        context.update(profile=profile, base_url=base_url)
        return context


class ConsultantListBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Titre"), default=_("Des consultant·es pour vous accompagner"), max_length=120)
    expertise = StoredChoiceBlock(label=_("Domaine d’expertise"), choices=expertise_choices, required=False)
    region = StoredChoiceBlock(label=_("Région"), choices=region_choices, required=False)
    departement = StoredChoiceBlock(label=_("Département"), choices=departement_choices, required=False)
    count = blocks.IntegerBlock(label=_("Nombre de fiches"), default=4, min_value=1, max_value=MAX_CONSULTANTS)

    class Meta:
        icon = "group"
        label = _("Liste de consultant·es")
        template = "conseil/blocks/consultant_list.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        base_url = directory_url()
        if not base_url:
            context.update(profiles=[], base_url="", more_url="")
            return context
        query = {name: value.get(name) for name in ("expertise", "region", "departement") if value.get(name)}
        form = ConsultantFilterForm(query)
        count = max(1, min(int(value.get("count") or 4), MAX_CONSULTANTS))
        profiles: list[ConsultantProfile] = list(form.apply(listed_profiles())[:count])
        query_string = form.query_string()
        context.update(
            profiles=profiles, base_url=base_url, more_url=base_url + (f"?{query_string}" if query_string else "")
        )
        return context
