"""Site-wide views that are not Wagtail pages: robots.txt, favicon and the error pages."""

from django.http import HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.generic import RedirectView

ROBOTS_DISALLOWED = ["/admin/", "/django-admin/", "/espace/", "/comptes/"]


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


def page_not_found(request, exception=None):
    """The French 404. Its template touches no database, so it works when the database does not."""
    template = loader.get_template("404.html")
    return HttpResponseNotFound(template.render({"request_path": request.path}))


def server_error(request):
    """The French 500, rendered without context processors (no database, no request state)."""
    template = loader.get_template("500.html")
    return HttpResponseServerError(template.render({}))
