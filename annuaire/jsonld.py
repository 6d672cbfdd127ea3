"""schema.org Organization for an organisation's page of the directory: name, url, description, logo,
address (street, postcode, commune, country), sameAs (its own site), identifier (SIRET), knowsAbout
(its sectors) and its legal form. Every value is the stored plain text; `json_ld` escapes on output."""

from core.sharing import absolute_url


def organization(organisation, url: str, request=None, *, logo=None, sectors=()) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url + "#organisation",
        "name": organisation.name,
        "url": url,
    }
    if organisation.description:
        data["description"] = organisation.description
    if organisation.website:
        data["sameAs"] = [organisation.website]
    if logo is not None:
        data["logo"] = absolute_url(logo.url, request)
    if organisation.siret:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "SIRET", "value": organisation.siret}
    if organisation.legal_form_id:
        data["additionalType"] = organisation.legal_form.label
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    if organisation.address:
        address["streetAddress"] = organisation.address
    if organisation.postcode:
        address["postalCode"] = organisation.postcode
    if organisation.commune_id:
        address["addressLocality"] = organisation.commune.name
        if organisation.commune.departement_id:
            address["addressRegion"] = organisation.commune.departement.region.name
    if len(address) > 2:
        data["address"] = address
    if sectors:
        data["knowsAbout"] = [sector.label for sector in sectors]
    return data
