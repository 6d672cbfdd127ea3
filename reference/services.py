"""Finding communes from what people type: autocomplete suggestions and resolution of a form value."""

import re
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from .models import Commune, CommunePostcode
from .text import expand_abbreviations, normalise

MAX_QUERY_LENGTH = 100
MIN_QUERY_LENGTH = 2
MAX_RESULTS = 20

# "Lyon (69)", "Ajaccio (2A)", "Saint-Denis (974)": a label as built by `Commune.label`.
_DEPARTEMENT_SUFFIX = re.compile(r"^(?P<rest>.*?)\s*\(\s*(?P<code>\d{2,3}|2[abAB])\s*\)\s*$", re.DOTALL)
_LEADING_POSTCODE = re.compile(r"^(?P<digits>\d{1,5})(?:\s+(?P<rest>.*))?$")
_TRAILING_POSTCODE = re.compile(r"^(?P<rest>.*?)\s+(?P<digits>\d{5})$")
_INSEE_CODE = re.compile(r"^(?:\d{2}|2[AB])\d{3}$")
# Articles that start 2,000 commune names: "havre" finds Le Havre, "abergement" L'Abergement-Clémenciat.
_ARTICLES = ("le", "la", "les", "l")


@dataclass(frozen=True)
class CommuneQuery:
    """What a typed text asks for; every part is normalised (ASCII letters, digits, spaces)."""

    name: str = ""
    postcode: str = ""
    departement: str = ""

    def __bool__(self):
        return bool(self.name or self.postcode)


def parse_query(text: str, *, typing: bool = True) -> CommuneQuery:
    """Split "69001 Lyon", "Lyon 69001", "Lyon (69)" or "saint-étienne" into name, postcode, département.

    Returns an empty query for anything too short, too long or meaningless. With `typing`, the last
    word may be unfinished, so it is never expanded as an abbreviation.
    """
    if not isinstance(text, str) or len(text) > MAX_QUERY_LENGTH:
        return CommuneQuery()
    departement = ""
    match = _DEPARTEMENT_SUFFIX.match(text)
    if match:
        text, departement = match.group("rest"), match.group("code").upper()
    normalised = normalise(text)
    postcode = ""
    match = _LEADING_POSTCODE.match(normalised) or _TRAILING_POSTCODE.match(normalised)
    if match:
        postcode, normalised = match.group("digits"), (match.group("rest") or "")
    name = expand_abbreviations(normalised, keep_last=typing)
    if postcode and len(postcode) < MIN_QUERY_LENGTH and not name:
        return CommuneQuery()
    if not postcode and len(name) < MIN_QUERY_LENGTH:
        return CommuneQuery()
    return CommuneQuery(name=name, postcode=postcode, departement=departement)


def name_filter(name: str, *, prefix: bool) -> Q:
    """Names equal to (or starting with) `name`, with or without a leading article."""
    lookup = "search_name__startswith" if prefix else "search_name"
    condition = Q(**{lookup: name})
    if name.split(" ", 1)[0] not in _ARTICLES:
        for article in _ARTICLES:
            condition |= Q(**{lookup: f"{article} {name}"})
    return condition


def _with_relations(queryset):
    return queryset.select_related("departement", "region").prefetch_related(
        Prefetch("postcodes", queryset=CommunePostcode.objects.order_by("code"))
    )


def _postcode_filter(queryset, postcode: str, *, exact: bool):
    lookup = {"code": postcode} if exact else {"code__startswith": postcode}
    return queryset.filter(pk__in=CommunePostcode.objects.filter(**lookup).values("commune_id"))


def search_communes(text: str, limit: int = MAX_RESULTS) -> list[Commune]:
    """Communes whose name starts with the typed words (accents, case and hyphens ignored) or whose
    postcode starts with the typed digits; most populated first. Two queries at most."""
    query = parse_query(text)
    if not query:
        return []
    queryset = filter_communes(Commune.objects.active(), query)
    return list(_with_relations(queryset).order_by("-population", "name", "code")[: max(0, min(limit, MAX_RESULTS))])


def filter_communes(queryset, query: CommuneQuery):
    """Narrow a commune queryset to a parsed query (name prefix, postcode prefix, département)."""
    if query.postcode:
        queryset = _postcode_filter(queryset, query.postcode, exact=False)
    if query.name:
        queryset = queryset.filter(name_filter(query.name, prefix=True))
    if query.departement:
        queryset = queryset.filter(departement__code=query.departement)
    return queryset


class CommuneNotFound(Exception):
    pass


class AmbiguousCommune(Exception):
    def __init__(self, candidates: list[Commune]):
        super().__init__(", ".join(c.label for c in candidates))
        self.candidates = candidates


def resolve_commune(text: str, queryset=None) -> Commune:
    """The one commune a form value designates: a label ("Lyon (69)"), a postcode and a name
    ("69001 Lyon", "Lyon 69001"), a postcode alone, a name alone or an INSEE code ("69123", "2A004").

    Raises CommuneNotFound, or AmbiguousCommune with the candidates when several communes fit.
    """
    queryset = (queryset if queryset is not None else Commune.objects.active()).select_related("departement")
    text = (text or "").strip() if isinstance(text, str) else ""
    if not text or len(text) > MAX_QUERY_LENGTH:
        raise CommuneNotFound
    upper = text.upper()
    if _INSEE_CODE.match(upper) and not upper.isdigit():  # Corsica: "2A004"
        commune = queryset.filter(code=upper).first()
        if commune is None:
            raise CommuneNotFound
        return commune
    try:
        return _resolve_query(queryset, parse_query(text, typing=False))
    except CommuneNotFound:
        # Five digits are first read as a postcode (what people type), then as an INSEE code: "69001"
        # is Lyon's 1st arrondissement, not Affoux, whose INSEE code it also is.
        commune = queryset.filter(code=upper).first() if _INSEE_CODE.match(upper) else None
        if commune is None:
            raise
        return commune


def _resolve_query(queryset, query: CommuneQuery) -> Commune:
    if not query:
        raise CommuneNotFound
    candidates = queryset
    if query.departement:
        candidates = candidates.filter(departement__code=query.departement)
    if query.postcode:
        if len(query.postcode) != 5:
            raise CommuneNotFound
        candidates = _postcode_filter(candidates, query.postcode, exact=True)
    if query.name:
        found = list(candidates.filter(search_name=query.name).order_by("-population", "code")[:6])
        if not found:
            found = list(candidates.filter(name_filter(query.name, prefix=False)).order_by("-population", "code")[:6])
        if not found:
            # "Lyon 1er", "69001 Lyon 1er": the beginning of a name is enough when only one commune fits.
            found = list(candidates.filter(name_filter(query.name, prefix=True)).order_by("-population", "code")[:6])
    else:
        found = list(candidates.order_by("-population", "code")[:6])
    if not found:
        raise CommuneNotFound
    if len(found) > 1:
        found = _prefer_arrondissement(found)
    if len(found) > 1:
        raise AmbiguousCommune(found)
    return found[0]


def _prefer_arrondissement(found: list[Commune]) -> list[Commune]:
    """Between a commune and one of its arrondissements ("75001": Paris, Paris 1er), keep the arrondissement."""
    communes = [c for c in found if c.parent_id is None]
    arrondissements = [c for c in found if c.parent_id is not None]
    if len(communes) == 1 and len(arrondissements) == 1 and arrondissements[0].parent_id == communes[0].pk:
        return arrondissements
    return found
