from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve as serve_media
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config import sitemaps
from core import health
from home import views as home_views

urlpatterns = [
    # One way in: the Wagtail admin's own login form would bypass allauth's throttling and the
    # mandatory email verification, so it sends people to the site's login page instead.
    path("admin/login/", home_views.admin_login_redirect, name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("comptes/", include("allauth.urls")),
    path("espace/recruteur/", include("emploi.urls")),
    path("espace/structures/", include("annuaire.urls")),
    path("espace/consultant/", include("conseil.urls")),
    # Candidates (issue 23): their space, and their bios at an address they choose.
    path("espace/candidat/", include("emploi.urls_candidates")),
    path("cv/", include("emploi.urls_bios")),
    path("espace/missions/", include("conseil.urls_missions")),  # conseil: an organisation's missions
    path("espace/", include("accounts.urls")),
    path("referentiel/", include("reference.urls")),
    path("agenda/", include("agenda.urls")),  # proposals, iCal and RSS/Atom (page routes stay Wagtail's)
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap_section, name="sitemap_section"),
    path("recherche/", include("search.urls")),
    path("plan-du-site/", home_views.sitemap_html, name="sitemap_html"),
    path("favicon.ico", home_views.favicon),
    # For monitoring: database, cache and scheduled jobs, as JSON (200 or 503).
    path("sante/", health.health, name="health"),
    # The magazine's plain views (press releases); its pages are served by Wagtail below.
    path("magazine/", include("magazine.urls")),
    # Newsletter sign-up, confirmation, preferences, one-click unsubscription (the archive is Wagtail's),
    # and anymail's webhooks (bounces, complaints, inbound unsubscription mails).
    path("newsletter/", include("newsletter.urls")),
    path("anymail/", include("anymail.urls")),
    # The association (issue 24): membership, member's space, correspondents, « Parler à quelqu’un ».
    path("association/", include("association.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    ]

# Wagtail's page serving comes last: it catches every other URL.
urlpatterns += [path("", include(wagtail_urls))]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
