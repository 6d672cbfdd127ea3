"""Public pages of the consultants' directory and the missions measured by `make bench` (bench/registry.py)."""

from .models import ConsultantIndexPage, ConsultantProfile, Mission


def bench_pages():
    page = ConsultantIndexPage.objects.live().public().first()
    if page is None:
        return []
    base = page.url
    pages = [
        ("conseil_listing", base),
        (
            "conseil_listing_filtered",
            f"{base}?expertise=financement&expertise=strategie&region=84&disponibilite=available",
        ),
        ("conseil_listing_search", f"{base}?q=gestion&departement=69"),
        ("conseil_listing_page_20", f"{base}?page=20"),
        ("conseil_missions", f"{base}missions/"),
        ("conseil_missions_filtered", f"{base}missions/?expertise=financement&region=84&distance=1"),
    ]
    profile = ConsultantProfile.objects.visible().order_by("pk").first()
    if profile is not None:
        pages.append(("conseil_profile", f"{base}{profile.slug}/"))
    mission = Mission.objects.listed().order_by("pk").first()
    if mission is not None:
        pages.append(("conseil_mission", f"{base}missions/{mission.url_key}/"))
    pages.append(("conseil_missing_profile", f"{base}consultant-inconnu/", 404))
    return pages
