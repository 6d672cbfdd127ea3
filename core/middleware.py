"""Requests refused before any view runs."""

from django.http import HttpResponseBadRequest
from django.template import loader


class RejectNulCharactersMiddleware:
    """A NUL character in the path, a query-string parameter or a form field is never something a person
    typed, and PostgreSQL refuses it in any text column or parameter (a 500 wherever it reaches a query):
    such a request gets the French 400 page before any view sees it. Uploaded files are not inspected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self.holds_nul(request):
            return HttpResponseBadRequest(loader.get_template("400.html").render({}))
        return self.get_response(request)

    @staticmethod
    def holds_nul(request) -> bool:
        if "\x00" in request.path:
            return True
        sources = [request.GET]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            sources.append(request.POST)
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for source in sources
            for key, values in source.lists()
        )
