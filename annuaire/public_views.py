"""What the routes of `OrganisationIndexPage` put in their templates: the listing, an organisation's page,
its contact form. Thin: filtering is `annuaire.filters`, the sections other features add are
`annuaire.directory`, the structured data `annuaire.jsonld`."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Exists, Prefetch
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import throttling
from core.emails import send_email
from core.images import prefetch_renditions, rendition_or_none
from core.sharing import share_links
from reference.models import Sector

from . import directory, filters, forms, jsonld, services
from .models.organisations import Organisation

CONTACT_SCOPE = "annuaire.contact"  # messages sent, per person (settings.RATE_LIMITS)
LOGO_SPEC = "max-160x160"
CARD_LOGO_SPEC = "max-96x96"


def organisation_rows():
    """Listed organisations with what a card or a page shows (legal form, place, logo) in the same query."""
    return Organisation.objects.listed().select_related("legal_form", "commune__departement__region", "logo")


def get_listed_organisation(slug: str) -> Organisation | None:
    """A listed organisation, with its sectors and whether it has someone to write to (`can_be_contacted`:
    a contact address or an active administrator), in two queries."""
    return (
        organisation_rows()
        .annotate(has_contact_admins=Exists(services.contact_admins()))
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by("order", "label")))
        .filter(slug=slug)
        .first()
    )


# -- Listing --------------------------------------------------------------------------------------------


def listing_page(organisation_filters: "filters.OrganisationFilters", options):
    """A Django page of the filtered organisations (a count, then the page's rows with their sectors and
    which activities each has, annotated in the same query)."""
    queryset = organisation_filters.apply(Organisation.objects.listed(), options)
    activities = directory.activities()
    rows = (
        organisation_filters.apply(organisation_rows(), options)
        .annotate(**{activity.annotation: activity.exists() for activity in activities})
        .prefetch_related(Prefetch("sectors", queryset=Sector.objects.order_by("order", "label")))
        .order_by("name", "pk")
    )
    paginator = Paginator(rows, filters.PER_PAGE)
    paginator.count = queryset.count()  # the count without the joins and annotations of the rows
    page_obj = paginator.get_page(organisation_filters.page)
    organisations = list(page_obj.object_list)
    for organisation in organisations:
        organisation.activity_badges = [
            activity.badge or activity.label for activity in activities if getattr(organisation, activity.annotation)
        ]
    prefetch_renditions([organisation.logo for organisation in organisations], [CARD_LOGO_SPEC])
    return page_obj, organisations


def listing_context(page, request) -> dict:
    options = filters.load_options()
    form = filters.OrganisationFilterForm(request.GET, options)
    organisation_filters = form.organisation_filters()
    page_obj, organisations = listing_page(organisation_filters, options)
    chosen = {
        "forme": set(organisation_filters.legal_forms),
        "secteur": set(organisation_filters.sectors),
        "activite": set(organisation_filters.activities),
    }
    return {
        "filter_form": form,
        "filters": organisation_filters,
        "options": options,
        "chosen": chosen,
        "activities": directory.activities(),
        "radius_choices": filters.RADIUS_CHOICES,
        "organisations": organisations,
        "page_obj": page_obj,
        "total": page_obj.paginator.count,
        "query_string": form.query_string(),
        "filter_notices": form.notices,
        "directory_url": page.url,
        "map_points": map_points(organisations),
        "map_outlines": map_outlines(),
        "logo_spec": CARD_LOGO_SPEC,
    }


# Metropolitan France's bounding box, for the small map of the page's organisations (no tiles, no request).
MAP_BOUNDS = {"west": -5.2, "east": 9.6, "south": 41.3, "north": 51.1}


# A rough outline of the mainland and of Corsica (longitude, latitude): enough to place the dots.
MAP_OUTLINES = (
    (
        (2.37, 51.05),
        (4.2, 49.95),
        (6.1, 49.46),
        (8.2, 48.97),
        (7.6, 47.58),
        (6.1, 46.2),
        (7.0, 45.9),
        (7.5, 43.78),
        (5.4, 43.2),
        (3.17, 42.43),
        (-1.78, 43.37),
        (-1.2, 44.6),
        (-1.15, 46.15),
        (-2.2, 47.27),
        (-4.77, 48.38),
        (-2.0, 48.65),
        (-1.62, 49.65),
        (0.1, 49.5),
        (1.08, 49.93),
        (1.6, 50.73),
    ),
    ((9.4, 43.0), (9.55, 42.1), (9.2, 41.37), (8.6, 41.9), (8.7, 42.6)),
)


def map_position(longitude: float, latitude: float) -> tuple[float, float]:
    """A point's position in the map's 100 × 100 box."""
    x = (longitude - MAP_BOUNDS["west"]) / (MAP_BOUNDS["east"] - MAP_BOUNDS["west"]) * 100
    y = (MAP_BOUNDS["north"] - latitude) / (MAP_BOUNDS["north"] - MAP_BOUNDS["south"]) * 100
    return round(x, 2), round(y, 2)


def map_outlines() -> list[str]:
    return [" ".join("{},{}".format(*map_position(lon, lat)) for lon, lat in outline) for outline in MAP_OUTLINES]


def map_points(organisations) -> list[dict]:
    """Positions of the page's organisations located in metropolitan France, numbered as in the list."""
    points = []
    for number, organisation in enumerate(organisations, start=1):
        commune = organisation.commune
        if commune is None or commune.latitude is None or commune.longitude is None:
            continue
        x, y = map_position(commune.longitude, commune.latitude)
        if 0 <= x <= 100 and 0 <= y <= 100:
            points.append({"number": number, "x": x, "y": y, "organisation": organisation})
    return points


# -- One organisation -----------------------------------------------------------------------------------


def organisation_context(page, request, organisation, form=None) -> dict:
    url = page.organisation_url(organisation, request)
    place = organisation.commune.name if organisation.commune_id else ""
    description = organisation.description[:300] or " · ".join(
        part for part in [organisation.legal_form.label if organisation.legal_form_id else "", place] if part
    )
    page._organisation_seo = {"title": organisation.name, "description": description, "canonical": url}
    logo = rendition_or_none(organisation.logo, LOGO_SPEC)
    sectors = list(organisation.sectors.all())
    breadcrumb_json_ld = page.breadcrumb_json_ld(request)
    items = breadcrumb_json_ld["itemListElement"]
    items.append({"@type": "ListItem", "position": len(items) + 1, "name": organisation.name, "item": url})
    can_contact = bool(organisation.email) or organisation.has_contact_admins
    return {
        "organisation": organisation,
        "organisation_crumbs": [*page.breadcrumbs, page],
        "breadcrumb_json_ld": breadcrumb_json_ld,
        "organisation_json_ld": jsonld.organization(organisation, url, request, logo=logo, sectors=sectors),
        "organisation_url": url,
        "logo": logo,
        "sectors": sectors,
        "sections": directory.filled_sections(organisation, request),
        "share_links": share_links(organisation.name, url),
        "contact_form": (form or forms.OrganisationContactForm()) if can_contact else None,
        "contact_path": page.organisation_path(organisation) + "contact/",
        "directory_url": page.url,
    }


def contact_view(page, request, organisation):
    """The contact form (its own address, reached without JavaScript from the organisation's page): relays
    the message to the organisation by email, Reply-To the visitor; never shows the organisation's address."""
    recipients = services.contact_recipients(organisation)
    organisation_path = page.organisation_path(organisation)
    if not recipients:
        return redirect(organisation_path)
    limited = False
    if request.method != "POST":
        form = forms.OrganisationContactForm()
    else:
        form = forms.OrganisationContactForm(request.POST)
        person = throttling.requester(request)
        if form.is_valid() and throttling.is_limited(CONTACT_SCOPE, person):
            limited = True
            form.add_error(None, _("Trop de messages envoyés depuis cette connexion : réessayez dans une heure."))
        if form.is_valid():
            send_contact_message(page, request, organisation, recipients, form.cleaned_data)
            throttling.hit(CONTACT_SCOPE, person)
            messages.success(request, gettext("Votre message a été transmis à %(name)s.") % {"name": organisation.name})
            return redirect(organisation_path)
    context = {
        "organisation": organisation,
        "organisation_path": organisation_path,
        "contact_form": form,
        "contact_path": organisation_path + "contact/",
        "contact_crumbs": [*page.breadcrumbs, page],
    }
    page._organisation_seo = {
        "title": gettext("Écrire à %(name)s") % {"name": organisation.name},
        "description": "",
        "canonical": page.organisation_url(organisation, request) + "contact/",
    }
    response = page.render(request, context_overrides=context, template="annuaire/directory/contact_page.html")
    if limited:
        response.status_code = 429
    elif form.errors:
        response.status_code = 400  # like the other public forms: the sent data was refused
    return response


def send_contact_message(page, request, organisation, recipients: list[str], data: dict) -> None:
    text = render_to_string(
        "annuaire/directory/contact_email.txt",
        {
            "organisation": organisation,
            "data": data,
            "organisation_url": page.organisation_url(organisation, request),
        },
    )
    subject = gettext("Message via l’annuaire : %(subject)s") % {"subject": data["subject"]}
    with transaction.atomic():
        send_email(to=recipients, subject=subject[:250], text=text, headers={"Reply-To": data["email"]})
