"""The agenda's models: ESS events (forums, trainings, fairs, webinars...) under one AgendaIndexPage.

- `categories`: EventCategory, a reference vocabulary;
- `occurrences`: EventOccurrence, each date of each event, materialised for lists, feeds and blocks;
- `events`: EventPage and its gallery (EventPhoto);
- `submissions`: EventSubmission (proposals and photos on the shared submission pipeline) and
  EventImportRecord (what the .ics import brought);
- `index`: AgendaIndexPage, whose routes call `agenda.views`.
"""

from .categories import EventCategory, active_categories
from .events import EventPage, EventPhoto, new_ical_uid
from .occurrences import EventOccurrence
from .submissions import EventImportRecord, EventSubmission

# isort: split
# Last: the index page's routes import `agenda.views`, whose queries read the models above.
from .index import AgendaIndexPage, agenda_index_for

__all__ = [
    "AgendaIndexPage",
    "EventCategory",
    "EventImportRecord",
    "EventOccurrence",
    "EventPage",
    "EventPhoto",
    "EventSubmission",
    "active_categories",
    "agenda_index_for",
    "new_ical_uid",  # named by migration 0001
]
