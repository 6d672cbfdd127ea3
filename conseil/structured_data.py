"""schema.org JSON-LD of a consultant's profile: a Person, or a ProfessionalService for a firm.
Rendered by `site_tags.json_ld`, which escapes what people typed so that it cannot close the script."""

from core.images import rendition_or_none


def area_served(profile) -> list[dict]:
    if profile.national:
        return [{"@type": "Country", "name": "France"}]
    return [
        {"@type": "AdministrativeArea", "name": name} for name in (*profile.region_labels, *profile.departement_labels)
    ]


def profile_json_ld(profile, url: str, request, rendition_spec: str = "fill-320x320") -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "ProfessionalService" if profile.is_firm else "Person",
        "@id": url,
        "name": profile.name,
        "url": url,
        "description": profile.headline,
        "knowsAbout": [expertise.label for expertise in profile.expertises.all()],
        "areaServed": area_served(profile),
    }
    if profile.is_firm:
        data["serviceType"] = "Conseil aux structures de l’économie sociale et solidaire"
        if profile.daily_rate_min or profile.daily_rate_max:
            low, high = (
                profile.daily_rate_min or profile.daily_rate_max,
                profile.daily_rate_max or profile.daily_rate_min,
            )
            data["priceRange"] = f"{low}–{high} € HT par jour"
    else:
        data["jobTitle"] = profile.headline
        if profile.language_list:
            data["knowsLanguage"] = profile.language_list
    rendition = rendition_or_none(profile.photo, rendition_spec) if profile.photo else None
    if rendition is not None:
        data["image"] = request.build_absolute_uri(rendition.url)
    return data


def mission_json_ld(mission, url: str) -> dict:
    """A mission as a schema.org Demand: an organisation's public call for a consulting service."""
    data = {
        "@context": "https://schema.org",
        "@type": "Demand",
        "@id": url,
        "url": url,
        "name": mission.title,
        "description": mission.need,
        "businessFunction": "http://purl.org/goodrelations/v1#ProvideService",
        "itemOffered": {
            "@type": "Service",
            "name": mission.title,
            "serviceType": [expertise.label for expertise in mission.expertises.all()],
        },
        "seller": {"@type": "Organization", "name": mission.organisation.name},
        "availabilityEnds": mission.answer_by.isoformat(),
        "areaServed": mission_area(mission),
    }
    if mission.published_at:
        data["availabilityStarts"] = mission.published_at.date().isoformat()
    if mission.budget_min or mission.budget_max:
        price = {"@type": "PriceSpecification", "priceCurrency": "EUR", "valueAddedTaxIncluded": False}
        if mission.budget_min:
            price["minPrice"] = mission.budget_min
        if mission.budget_max:
            price["maxPrice"] = mission.budget_max
        data["priceSpecification"] = price
    return data


def mission_area(mission) -> dict:
    if mission.departement_id:
        return {"@type": "AdministrativeArea", "name": mission.departement.name}
    if mission.region_id:
        return {"@type": "AdministrativeArea", "name": mission.region.name}
    return {"@type": "Country", "name": "France"}
