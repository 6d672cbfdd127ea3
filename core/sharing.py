"""Share links: plain links to the networks' share pages, the same on every page of the site. No
third-party script runs and nothing is requested from those sites before a reader clicks."""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils.translation import gettext as _


def _query(params: dict) -> str:
    return urlencode(params, quote_via=quote)


def share_links(title: str, url: str) -> list[dict]:
    """[{"label", "url"}] to share a page by email, on Mastodon, LinkedIn, Facebook and X."""
    text = f"{title} {url}"
    return [
        {"label": _("Par courriel"), "url": f"mailto:?{_query({'subject': title, 'body': url})}"},
        {"label": _("Sur Mastodon"), "url": f"https://mastodonshare.com/?{_query({'text': text})}"},
        {"label": _("Sur LinkedIn"), "url": f"https://www.linkedin.com/sharing/share-offsite/?{_query({'url': url})}"},
        {"label": _("Sur Facebook"), "url": f"https://www.facebook.com/sharer/sharer.php?{_query({'u': url})}"},
        {"label": _("Sur X"), "url": f"https://x.com/intent/post?{_query({'text': title, 'url': url})}"},
    ]


def absolute_url(url: str, request=None) -> str:
    """`url` as an absolute address (structured data, feeds, emails): kept when it already is one, else
    joined to the request's scheme and host, or to `WAGTAILADMIN_BASE_URL` outside a request."""
    if not url or url.startswith(("http://", "https://")):
        return url
    if request is not None:
        return request.build_absolute_uri(url)
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/" + url.lstrip("/")
