"""schema.org JobPosting for an offer, following the rules job search engines apply (Google's
structured-data guidelines): title, description (HTML), datePosted, validThrough, employmentType,
hiringOrganization, jobLocation or TELECOMMUTE, baseSalary when given, directApply, identifier."""

from datetime import datetime, time

from django.utils import timezone
from wagtail.rich_text import expand_db_html

from .models.offers import ApplyMode, SalaryPeriod, WorkingTime

# Contract type slug → schema.org employmentType values.
EMPLOYMENT_TYPES = {
    "cdi": ["FULL_TIME"],
    "cdd": ["TEMPORARY"],
    "cddi": ["TEMPORARY"],
    "alternance": ["TEMPORARY"],
    "stage": ["INTERN"],
    "service-civique": ["VOLUNTEER"],
    "benevolat": ["VOLUNTEER"],
    "interim": ["TEMPORARY"],
    "freelance": ["CONTRACTOR"],
}
SALARY_UNITS = {SalaryPeriod.YEAR: "YEAR", SalaryPeriod.MONTH: "MONTH", SalaryPeriod.HOUR: "HOUR"}


def employment_types(offer) -> list[str]:
    """schema.org employment types: from the contract, plus FULL_TIME or PART_TIME from the working time."""
    types = list(EMPLOYMENT_TYPES.get(offer.contract_type.slug, ["OTHER"]))
    hours = "PART_TIME" if offer.working_time == WorkingTime.PART_TIME else "FULL_TIME"
    if offer.contract_type.slug not in ("stage", "service-civique", "benevolat", "freelance"):
        if hours not in types:
            types.append(hours)
        if hours == "PART_TIME" and "FULL_TIME" in types:
            types.remove("FULL_TIME")
    return types


def end_of_day(day) -> str:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59))).isoformat()


def absolute(url: str, request) -> str:
    if url.startswith(("http://", "https://")) or request is None:
        return url
    return request.build_absolute_uri(url)


def job_posting(offer, url: str, request=None, *, logo=None) -> dict:
    organisation = offer.organisation
    hiring = {"@type": "Organization", "name": organisation.name}
    if organisation.website:
        hiring["sameAs"] = organisation.website
    if logo is not None:
        hiring["logo"] = absolute(logo.url, request)
    description = expand_db_html(offer.description)
    if offer.profile:
        description += "<h3>Profil recherché</h3>" + expand_db_html(offer.profile)
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": offer.title,
        "description": description,
        "datePosted": timezone.localtime(offer.published_at or offer.created_at).isoformat(),
        "validThrough": end_of_day(offer.closing_date),
        "employmentType": employment_types(offer),
        "hiringOrganization": hiring,
        "identifier": {
            "@type": "PropertyValue",
            "name": organisation.name,
            "value": offer.reference or str(offer.pk),
        },
        "url": url,
        "directApply": offer.apply_mode == ApplyMode.SITE,
        "industry": offer.sector.label,
        "occupationalCategory": offer.function.label,
    }
    if offer.full_remote or offer.commune_id is None:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "FR"}
    else:
        commune = offer.commune
        address = {
            "@type": "PostalAddress",
            "addressLocality": commune.name,
            "addressRegion": offer.region.name if offer.region_id else "",
            "addressCountry": "FR",
        }
        postcode = getattr(offer, "postcode", None)  # annotated by OffersIndexPage.get_visible_offer
        if postcode:
            address["postalCode"] = postcode
        data["jobLocation"] = {"@type": "Place", "address": address}
        if commune.latitude is not None:
            data["jobLocation"]["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": commune.latitude,
                "longitude": commune.longitude,
            }
    if offer.has_salary:
        value = {"@type": "QuantitativeValue", "unitText": SALARY_UNITS.get(offer.salary_period, "YEAR")}
        if offer.salary_min is not None and offer.salary_max is not None and offer.salary_min != offer.salary_max:
            value["minValue"], value["maxValue"] = offer.salary_min, offer.salary_max
        else:
            value["value"] = offer.salary_min if offer.salary_min is not None else offer.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "EUR", "value": value}
    if offer.start_date:
        data["jobStartDate"] = offer.start_date.isoformat()
    return data
