"""Site-wide views that are not Wagtail pages: robots.txt, favicon and the error pages."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import Http404, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView
from wagtail.models import Page, Site

from core.pages import public_pages

ROBOTS_DISALLOWED = ["/admin/", "/espace/", "/comptes/"]


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in ROBOTS_DISALLOWED], ""]
    lines.append(f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


class FaviconRedirect(RedirectView):
    """/favicon.ico → the hashed SVG favicon. The URL is resolved per request, not at import time."""

    permanent = False  # the hashed name changes with the file

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


favicon = FaviconRedirect.as_view()


def admin_login_redirect(request):
    """/admin/login/ → the site's login page (allauth), keeping where the person was going.

    Someone already signed in lands here only because Wagtail refused them the admin: sending them to
    the login page would bring them straight back (a loop). They get the French « accès refusé » page."""
    if request.user.is_authenticated:
        list(messages.get_messages(request))  # Wagtail's English notice would show on the next page
        return render(
            request,
            "403.html",
            {"reason": _("Votre compte n’a pas accès à l’administration du site.")},
            status=403,
        )
    target = request.GET.get(REDIRECT_FIELD_NAME, "/admin/")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    if not safe:
        target = "/admin/"
    return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")


SITEMAP_LEVELS = 3


def sitemap_html(request):
    """The human site map (RGAA): the site's live, public pages, three levels deep, in tree order."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page
    pages = public_pages(
        Page.objects.descendant_of(root)
        .live()
        .filter(depth__lte=root.depth + SITEMAP_LEVELS)
        .only("id", "title", "url_path", "path", "depth"),
        request,
    ).order_by("path")
    entries = [(page.depth - root.depth, page.get_url(request=request), page.title) for page in pages]
    return render(request, "home/sitemap.html", {"entries": entries, "root_url": root.get_url(request=request)})


def page_not_found(request, exception=None):
    """The French 404. Its template touches no database, so it works when the database does not."""
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request_path": request.path}))


def server_error(request):
    """The French 500, rendered without context processors (no database, no request state)."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))
