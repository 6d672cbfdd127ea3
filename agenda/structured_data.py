"""schema.org Event JSON-LD of an event page (https://schema.org/Event)."""

import re

from .recurrence import PARIS

SCHEMA = "https://schema.org/"
EVENT_STATUS = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}
ATTENDANCE_MODE = {
    "in_person": "OfflineEventAttendanceMode",
    "online": "OnlineEventAttendanceMode",
    "mixed": "MixedEventAttendanceMode",
}
PRICE = re.compile(r"(\d+(?:[.,]\d{1,2})?)")


def iso(value) -> str:
    """An ISO 8601 date-time with its Paris offset: 2026-11-03T18:30:00+01:00."""
    return value.astimezone(PARIS).replace(microsecond=0).isoformat()


def event_json_ld(event, request, occurrence=None, image_url: str | None = None) -> dict:
    """The Event object; `occurrence` (the next one of a recurring event) gives its dates."""
    start, end = (occurrence.start, occurrence.end) if occurrence is not None else (event.start, event.end)
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": iso(start),
        "endDate": iso(end),
        "eventStatus": SCHEMA + EVENT_STATUS[event.status],
        "eventAttendanceMode": SCHEMA + ATTENDANCE_MODE[event.attendance_mode],
        "url": event.get_full_url(request),
    }
    locations = []
    if event.is_in_person:
        address = {"@type": "PostalAddress", "addressCountry": "FR"}
        if event.address:
            address["streetAddress"] = event.address
        if event.commune_id:
            address["addressLocality"] = event.commune.name
            address["addressRegion"] = event.commune.departement.name
        place = {"@type": "Place", "name": event.venue or getattr(event.commune, "name", "") or event.title}
        place["address"] = address
        if event.latitude is not None and event.longitude is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": event.latitude, "longitude": event.longitude}
        locations.append(place)
    if event.is_online and event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    organiser = event.organiser if event.organiser_id else None
    if organiser is not None:
        data["organizer"] = {"@type": "Organization", "name": organiser.name}
        if organiser.website:
            data["organizer"]["url"] = organiser.website
    elif event.organiser_name:
        data["organizer"] = {"@type": "Organization", "name": event.organiser_name}
    if event.is_free:
        data["isAccessibleForFree"] = True
    offer_url = event.registration_url or data["url"]
    if event.is_free and event.registration_url:
        data["offers"] = {
            "@type": "Offer",
            "price": "0",
            "priceCurrency": "EUR",
            "url": offer_url,
            "availability": SCHEMA + "InStock",
        }
    elif not event.is_free:
        offer = {"@type": "Offer", "priceCurrency": "EUR", "url": offer_url, "availability": SCHEMA + "InStock"}
        match = PRICE.search(event.price or "")
        if match:
            offer["price"] = match.group(1).replace(",", ".")
        if event.is_cancelled:
            offer["availability"] = SCHEMA + "Discontinued"
        data["offers"] = offer
    if image_url:
        data["image"] = [image_url]
    return data
