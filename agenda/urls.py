"""URLs of the agenda served outside the page tree (included before Wagtail's catch-all).

They sit under /agenda/ on paths the AgendaIndexPage's own routes do not use.
"""

from django.urls import path

from . import calendar_views, submission_views
from .feeds import UpcomingEventsAtom, UpcomingEventsRss

app_name = "agenda"

rss = UpcomingEventsRss()
atom = UpcomingEventsAtom()

urlpatterns = [
    path("proposer/", submission_views.propose, name="submission_propose"),
    path("proposer/merci/", submission_views.done, name="submission_done"),
    path("proposer/confirmer/<str:token>/", submission_views.confirm, name="submission_confirm"),
    path("evenements/<int:pk>/photos/", submission_views.photos, name="event_photos"),
    path("evenements/<int:pk>.ics", calendar_views.event_ics, name="event_ics"),
    path("calendrier.ics", calendar_views.all_events, name="ical"),
    path("calendrier/region/<slug:slug>.ics", calendar_views.region_events, name="ical_region"),
    path("calendrier/<slug:slug>.ics", calendar_views.category_events, name="ical_category"),
    path("flux/rss/", rss, name="rss"),
    path("flux/rss/categorie/<slug:category>/", rss, name="rss_category"),
    path("flux/rss/region/<slug:region>/", rss, name="rss_region"),
    path("flux/atom/", atom, name="atom"),
    path("flux/atom/categorie/<slug:category>/", atom, name="atom_category"),
    path("flux/atom/region/<slug:region>/", atom, name="atom_region"),
]
