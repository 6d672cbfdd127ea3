"""What the other features add to the directory, without the annuaire importing them.

The annuaire sits below emploi, agenda and magazine: it cannot ask them for an organisation's offers,
events or articles. Each of them registers, in its `AppConfig.ready()` (from its `directory_sections.py`):

- `register_section(OrganisationSection(...))`: a block of the organisation page (« Offres ouvertes »,
  « Prochains évènements », « Dans le magazine »). Its `items(organisation, request)` returns at most a
  few `SectionItem` (one query at most); a section with no item is not shown (`filled_sections`).
- `register_activity(OrganisationActivity(...))`: something an organisation does on the site, offered as
  the listing's « activité » filter and shown on its card (« recrute »). `exists()` is an `Exists(...)`
  over the feature's rows whose organisation is `OuterRef("pk")`: the listing filters and annotates with
  it in its own query.

Registering the same key twice replaces the entry (tests and autoreload import modules again).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists


@dataclass(frozen=True)
class SectionItem:
    title: str
    url: str
    meta: str = ""  # a date, a place, a contract type: one short line under the title


@dataclass(frozen=True)
class OrganisationSection:
    key: str
    title: str
    items: Callable  # (organisation, request) -> list[SectionItem]
    order: int = 100
    more_label: str = ""
    more_url: Callable | None = field(default=None)  # (organisation, request) -> str ("" for none)


@dataclass(frozen=True)
class OrganisationActivity:
    key: str  # the value in the query string: ?activite=recrute
    label: str  # « Recrute en ce moment »
    exists: Callable[[], Exists]
    badge: str = ""  # the short word on a card (« Recrute »); the label when empty
    order: int = 100

    @property
    def annotation(self) -> str:
        return f"activity_{self.key.replace('-', '_')}"


_sections: dict[str, OrganisationSection] = {}
_activities: dict[str, OrganisationActivity] = {}


def register_section(section: OrganisationSection) -> OrganisationSection:
    _sections[section.key] = section
    return section


def register_activity(activity: OrganisationActivity) -> OrganisationActivity:
    _activities[activity.key] = activity
    return activity


def sections() -> list[OrganisationSection]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


def activities() -> list[OrganisationActivity]:
    return sorted(_activities.values(), key=lambda activity: (activity.order, activity.key))


def activity(key: str) -> OrganisationActivity | None:
    return _activities.get(key)


@dataclass(frozen=True)
class FilledSection:
    section: OrganisationSection
    items: list
    more_url: str = ""

    @property
    def title(self) -> str:
        return self.section.title

    @property
    def key(self) -> str:
        return self.section.key


def filled_sections(organisation, request=None) -> list[FilledSection]:
    """The registered sections that have something to show for this organisation, in order."""
    filled = []
    for section in sections():
        items = list(section.items(organisation, request))
        if items:
            more = section.more_url(organisation, request) if section.more_url else ""
            filled.append(FilledSection(section=section, items=items, more_url=more))
    return filled
