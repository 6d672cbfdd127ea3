"""Public pages of the job board measured by `make bench` (see bench/registry.py)."""

from .models import CandidateProfile, JobOffer, OffersIndexPage, Partner


def bench_pages():
    return offer_pages() + bio_pages()


def bio_pages():
    """A public bio (Person JSON-LD, CV) and its PDF CV: after the warm-up, the PDF comes from core.pdf's
    cache (cached by content), so the median is the cached download; the cold build is measured apart."""
    profile = CandidateProfile.objects.public().order_by("pk").first()
    if profile is None:
        return []
    return [
        ("emploi_bio", f"/cv/{profile.slug}/"),
        ("emploi_bio_pdf", f"/cv/{profile.slug}/pdf/"),
        ("emploi_bio_missing", "/cv/personne-inconnue/", 404),
    ]


def offer_pages():
    page = OffersIndexPage.objects.live().first()
    if page is None:
        return []
    base = page.url
    pages = [
        ("emploi_listing", base),
        ("emploi_listing_filtered", f"{base}?contrat=cdi&contrat=cdd&departement=69&depuis=30&q=accompagnement"),
        ("emploi_listing_radius", f"{base}?commune=Lyon+(69)&rayon=30&teletravail="),
        ("emploi_listing_page_5", f"{base}?page=5"),
        ("emploi_rss", f"{base}rss/?region=84"),
    ]
    offer = JobOffer.objects.listed().order_by("-published_at", "-id").first()
    if offer is not None:
        pages.append(("emploi_offer", f"{base}{offer.url_key}/"))
    partner = Partner.objects.active().order_by("pk").first()
    if partner is not None:
        pages.append(("emploi_partner_widget", f"{base}partenaires/{partner.token}/widget/"))
        pages.append(("emploi_partner_json", f"{base}partenaires/{partner.token}/json/"))
    pages.append(("emploi_missing_offer", f"{base}offre-inconnue-0/", 404))
    return pages
