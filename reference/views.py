"""Public JSON endpoint for commune autocomplete: /referentiel/communes/?q=…"""

from django.db import transaction
from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .services import search_communes

# Reference data changes once a year: browsers and any cache in front of the site may keep answers a day.
CACHE_SECONDS = 24 * 60 * 60


def commune_json(commune) -> dict:
    return {
        "code": commune.code,
        "name": commune.name,
        "label": commune.label,
        "postcodes": [postcode.code for postcode in commune.postcodes.all()],
        "departement": {"code": commune.departement.code, "name": commune.departement.name},
        "region": {"code": commune.region.code, "name": commune.region.name},
    }


@require_GET
@transaction.non_atomic_requests
@cache_control(public=True, max_age=CACHE_SECONDS)
def commune_autocomplete(request):
    """At most 20 communes matching `q` (name or postcode prefix), most populated first; two queries."""
    communes = search_communes(request.GET.get("q", ""))
    return JsonResponse({"results": [commune_json(commune) for commune in communes]})
