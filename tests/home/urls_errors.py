"""The project's URLs plus a view that fails, to see what a visitor gets from an unexpected error."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config import urls as project_urls


def broken_view(request):
    raise RuntimeError("secret-internal-detail: the database password is hunter2")


def forbidden_view(request):
    raise PermissionDenied("internal reason")


def suspicious_view(request):
    raise SuspiciousOperation("internal reason")


urlpatterns = [
    path("casse/", broken_view),
    path("interdit/", forbidden_view),
    path("suspect/", suspicious_view),
    *project_urls.urlpatterns,
]
handler404 = project_urls.handler404
handler500 = project_urls.handler500
